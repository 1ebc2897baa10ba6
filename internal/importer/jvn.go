package importer

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// vuldefDoc is a MyJVN VULDEF 3.2 document (getVulnDetailInfo): one or
// more Vulinfo entries in the namespace http://jvn.jp/vuldef/. JVN's CSAF-
// like JSON is read by parseCSAF (csaf.go).
type vuldefDoc struct {
	Lang     string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Vulinfo  []vulinfo `xml:"http://jvn.jp/vuldef/ Vulinfo"`
	Handling struct {
		Marking struct {
			Structure []struct {
				Color string `xml:"color,attr"`
			} `xml:"http://data-marking.mitre.org/Marking-1 Marking_Structure"`
		} `xml:"http://data-marking.mitre.org/Marking-1 Marking"`
	} `xml:"http://jvn.jp/rss/mod_sec/3.0/ handling"`
	Status *struct {
		RetCd  string `xml:"retCd,attr"`
		ErrCd  string `xml:"errCd,attr"`
		ErrMsg string `xml:"errMsg,attr"`
	} `xml:"http://jvndb.jvn.jp/myjvn/Status Status"`
}

type vulinfo struct {
	ID   string `xml:"http://jvn.jp/vuldef/ VulinfoID"`
	Data struct {
		Title       string `xml:"http://jvn.jp/vuldef/ Title"`
		Description struct {
			Overview string `xml:"http://jvn.jp/vuldef/ Overview"`
		} `xml:"http://jvn.jp/vuldef/ VulinfoDescription"`
		Affected struct {
			Items []struct {
				Name          string   `xml:"http://jvn.jp/vuldef/ Name"`
				ProductName   string   `xml:"http://jvn.jp/vuldef/ ProductName"`
				VersionNumber []string `xml:"http://jvn.jp/vuldef/ VersionNumber"`
			} `xml:"http://jvn.jp/vuldef/ AffectedItem"`
		} `xml:"http://jvn.jp/vuldef/ Affected"`
		Impact struct {
			Cvss []struct {
				Version  string `xml:"version,attr"`
				Severity string `xml:"http://jvn.jp/vuldef/ Severity"`
				Base     string `xml:"http://jvn.jp/vuldef/ Base"`
				Vector   string `xml:"http://jvn.jp/vuldef/ Vector"`
			} `xml:"http://jvn.jp/vuldef/ Cvss"`
			Items []struct {
				Description string `xml:"http://jvn.jp/vuldef/ Description"`
			} `xml:"http://jvn.jp/vuldef/ ImpactItem"`
		} `xml:"http://jvn.jp/vuldef/ Impact"`
		Solution struct {
			Items []struct {
				Description string `xml:"http://jvn.jp/vuldef/ Description"`
			} `xml:"http://jvn.jp/vuldef/ SolutionItem"`
		} `xml:"http://jvn.jp/vuldef/ Solution"`
		Related struct {
			Items []struct {
				Type      string `xml:"type,attr"`
				Name      string `xml:"http://jvn.jp/vuldef/ Name"`
				VulinfoID string `xml:"http://jvn.jp/vuldef/ VulinfoID"`
				URL       string `xml:"http://jvn.jp/vuldef/ URL"`
			} `xml:"http://jvn.jp/vuldef/ RelatedItem"`
		} `xml:"http://jvn.jp/vuldef/ Related"`
		DateFirstPublished string `xml:"http://jvn.jp/vuldef/ DateFirstPublished"`
		DateLastUpdated    string `xml:"http://jvn.jp/vuldef/ DateLastUpdated"`
		DatePublic         string `xml:"http://jvn.jp/vuldef/ DatePublic"`
	} `xml:"http://jvn.jp/vuldef/ VulinfoData"`
}

// jvnFixRE matches JVN's standard solution headings that offer a fix.
var jvnFixRE = regexp.MustCompile(`\[(パッチを適用する|アップデートする|最新版へアップデートする)\]`)

func parseVULDEF(file string, data []byte) ([]*doc, error) {
	var v vuldefDoc
	dec := xmlDecoder(file, data)
	// Read token by token first so a DOCTYPE with entities is refused
	// before anything is decoded.
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, xmlError(file, dec, err)
		}
		if err := checkDirective(file, dec, tok); err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := dec.DecodeElement(&v, &se); err != nil {
				return nil, xmlError(file, dec, err)
			}
			break
		}
	}
	if v.Status != nil && (v.Status.ErrMsg != "" || (v.Status.RetCd != "" && v.Status.RetCd != "0")) {
		return nil, errorf(file, "MyJVN API error response (retCd %s, errCd %s): %s", v.Status.RetCd, v.Status.ErrCd, oneLine(v.Status.ErrMsg))
	}
	lang := strings.TrimSpace(v.Lang)
	if lang == "" {
		lang = "ja"
	}
	tlp := ""
	if s := v.Handling.Marking.Structure; len(s) > 0 {
		tlp = s[0].Color
	}
	var docs []*doc
	for i, vi := range v.Vulinfo {
		id := strings.TrimSpace(vi.ID)
		if id == "" {
			return nil, errorf(file, "Vulinfo %d has no VulinfoID", i+1)
		}
		vd := &vi.Data
		d := &doc{
			id:        id,
			lang:      lang,
			title:     vd.Title,
			publisher: "JVN iPedia (IPA)",
			sourceURL: jvndbURL(id),
			tlp:       tlp,
			scopeKind: scopeAffected,
			cveScores: map[string]float64{},
			published: parseTime(vd.DateFirstPublished),
			updated:   parseTime(vd.DateLastUpdated),
		}
		if d.published.IsZero() {
			d.published = parseTime(vd.DatePublic)
		}
		overview := cleanText(htmlText(vd.Description.Overview))
		d.summary = firstParagraph(overview)
		if overview != "" {
			d.overview = append(d.overview, overview)
		}
		for _, it := range vd.Impact.Items {
			if t := cleanText(htmlText(it.Description)); t != "" {
				if !strings.HasPrefix(t, "想定される影響") {
					t = "想定される影響：" + t
				}
				d.overview = append(d.overview, t)
			}
		}
		for _, a := range vd.Affected.Items {
			vendor, product := oneLine(a.Name), oneLine(a.ProductName)
			d.vendors = uniq(d.vendors, vendor)
			d.products = uniq(d.products, product)
			name := product
			if vendor != "" && !strings.Contains(product, vendor) && !(hasJapanese(vendor) && !hasJapanese(product)) {
				name = vendor + " " + product
			}
			g := group{name: name}
			for _, ver := range a.VersionNumber {
				g.items = uniq(g.items, oneLine(ver))
			}
			d.scope = append(d.scope, g)
		}
		best := scored{score: -1}
		for _, c := range vd.Impact.Cvss {
			score, err := strconv.ParseFloat(strings.TrimSpace(c.Base), 64)
			if err != nil || score < 0 || score > 10 {
				if parsed, perr := ParseCVSS(c.Vector); perr == nil {
					score, err = parsed.Score, nil
				}
			} else if parsed, perr := ParseCVSS(c.Vector); perr == nil && abs(parsed.Score-score) > 0.05 {
				d.warnings = append(d.warnings, fmt.Sprintf("%s: the CVSS base score %.1f does not match its vector %s (computed %.1f); the given score is used", id, score, oneLine(c.Vector), parsed.Score))
			}
			if err != nil {
				if c.Severity != "" {
					d.labels = append(d.labels, c.Severity)
				}
				continue
			}
			if versionRank(c.Version) > versionRank(best.version) || (versionRank(c.Version) == versionRank(best.version) && score > best.score) || best.score < 0 {
				best = scored{score: score, version: c.Version, of: id}
			}
		}
		if best.score >= 0 {
			d.scores = append(d.scores, best)
		}
		for _, s := range vd.Solution.Items {
			t := cleanText(htmlText(s.Description))
			if t == "" {
				continue
			}
			if jvnFixRE.MatchString(t) {
				d.hasFix = true
			}
			d.actions = append(d.actions, action{text: t})
		}
		for _, r := range vd.Related.Items {
			rid := oneLine(r.VulinfoID)
			if r.Type == "advisory" && advisory.IsCVE(rid) {
				d.cves = append(d.cves, rid)
			}
			if r.Type == "cwe" {
				continue
			}
			title := oneLine(r.Name)
			if rid != "" {
				title = strings.TrimSpace(title + " " + rid)
			}
			d.refs = append(d.refs, ref{title: title, url: strings.TrimSpace(r.URL)})
		}
		if best.score >= 0 {
			for _, c := range d.cves {
				d.cveScores[c] = best.score
			}
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, errorf(file, "VULDEF document without Vulinfo entries")
	}
	return docs, nil
}
