package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// The parts of a CSAF 2.0/2.1 document the importer reads. Unknown keys
// are ignored, so JVN's CSAF-like JSON decodes with the same types.
type csafDoc struct {
	Document struct {
		Category          string `json:"category"`
		Title             string `json:"title"`
		Lang              string `json:"lang"`
		SourceLang        string `json:"source_lang"`
		AggregateSeverity *struct {
			Text string `json:"text"`
		} `json:"aggregate_severity"`
		Distribution *struct {
			TLP *struct {
				Label string `json:"label"`
			} `json:"tlp"`
		} `json:"distribution"`
		Notes     []csafNote `json:"notes"`
		Publisher struct {
			Name string `json:"name"`
		} `json:"publisher"`
		References []csafRef `json:"references"`
		Tracking   struct {
			ID                 string `json:"id"`
			Status             string `json:"status"`
			InitialReleaseDate string `json:"initial_release_date"`
			CurrentReleaseDate string `json:"current_release_date"`
		} `json:"tracking"`
	} `json:"document"`
	ProductTree     *csafTree  `json:"product_tree"`
	Vulnerabilities []csafVuln `json:"vulnerabilities"`
	Status          *struct {
		ErrCd  any    `json:"errCd"`
		ErrMsg string `json:"errMsg"`
	} `json:"status"`
}

type csafNote struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Title    string `json:"title"`
}

type csafRef struct {
	Category string `json:"category"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
	Source   string `json:"source"` // JVN's extension: who published it
}

type csafTree struct {
	Branches         []csafBranch  `json:"branches"`
	FullProductNames []csafProduct `json:"full_product_names"`
	Relationships    []struct {
		FullProductName           csafProduct `json:"full_product_name"`
		ProductReference          string      `json:"product_reference"`
		RelatesToProductReference string      `json:"relates_to_product_reference"`
	} `json:"relationships"`
	// CSAF 2.1 replaces relationships by product paths.
	ProductPaths []struct {
		Beginning       string      `json:"beginning_product_reference"`
		FullProductName csafProduct `json:"full_product_name"`
		Subpaths        []struct {
			Next string `json:"next_product_reference"`
		} `json:"subpaths"`
	} `json:"product_paths"`
	ProductGroups []struct {
		GroupID    string   `json:"group_id"`
		ProductIDs []string `json:"product_ids"`
	} `json:"product_groups"`
}

type csafBranch struct {
	Category string       `json:"category"`
	Name     string       `json:"name"`
	Product  *csafProduct `json:"product"`
	Branches []csafBranch `json:"branches"`
}

type csafProduct struct {
	Name      string `json:"name"`
	ProductID string `json:"product_id"`
	Helper    *struct {
		PURL string `json:"purl"`
	} `json:"product_identification_helper"`
}

type csafVuln struct {
	CVE   string `json:"cve"`
	Title string `json:"title"`
	IDs   []struct {
		SystemName string `json:"system_name"`
		Text       string `json:"text"`
	} `json:"ids"`
	Notes         []csafNote          `json:"notes"`
	ProductStatus map[string][]string `json:"product_status"`
	Remediations  []csafRemediation   `json:"remediations"`
	Scores        []struct {
		CVSSv3 *cvssJSON `json:"cvss_v3"`
		CVSSv2 *cvssJSON `json:"cvss_v2"`
	} `json:"scores"`
	Metrics []struct {
		Content struct {
			CVSSv4 *cvssJSON `json:"cvss_v4"`
			CVSSv3 *cvssJSON `json:"cvss_v3"`
			CVSSv2 *cvssJSON `json:"cvss_v2"`
		} `json:"content"`
	} `json:"metrics"`
	Threats []struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"threats"`
	Flags []struct {
		Label      string   `json:"label"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"flags"`
	References []csafRef `json:"references"`
}

type cvssJSON struct {
	Version      string   `json:"version"`
	VectorString string   `json:"vectorString"`
	BaseScore    *flexNum `json:"baseScore"`
	BaseSeverity string   `json:"baseSeverity"`
}

// flexNum is a number that some producers write as a string.
type flexNum float64

func (n *flexNum) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*n = flexNum(f)
	return nil
}

func parseCSAF(file string, data []byte, jvn bool) ([]*doc, error) {
	var c csafDoc
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, jsonError(file, data, err)
	}
	if c.Status != nil && c.Status.ErrMsg != "" {
		return nil, errorf(file, "MyJVN API error response (errCd %v): %s", c.Status.ErrCd, oneLine(c.Status.ErrMsg))
	}
	dd := &c.Document
	id := strings.TrimSpace(dd.Tracking.ID)
	if id == "" {
		return nil, errorf(file, "document.tracking.id is missing: a CSAF document must say its id")
	}
	d := &doc{
		id:        id,
		lang:      strings.TrimSpace(dd.Lang),
		title:     dd.Title,
		publisher: dd.Publisher.Name,
		cveScores: map[string]float64{},
	}
	d.detected = "CSAF"
	if d.lang == "" {
		d.lang = strings.TrimSpace(dd.SourceLang)
	}
	if jvn && d.lang == "" {
		d.lang = "ja"
	}
	d.published = parseTime(dd.Tracking.InitialReleaseDate)
	d.updated = parseTime(dd.Tracking.CurrentReleaseDate)
	if dd.Distribution != nil && dd.Distribution.TLP != nil {
		d.tlp = dd.Distribution.TLP.Label
	}
	if dd.AggregateSeverity != nil && dd.AggregateSeverity.Text != "" {
		d.aggregate, d.aggregateFrom = dd.AggregateSeverity.Text, "document's aggregate severity"
	}
	if s := strings.ToLower(dd.Tracking.Status); s == "draft" || s == "interim" {
		d.warnings = append(d.warnings, fmt.Sprintf("the document's tracking status is %q: it may still change", s))
	}
	switch dd.Category {
	case "csaf_base", "csaf_security_advisory", "csaf_vex", "csaf_informational_advisory", "csaf_security_incident_response",
		"csaf_deprecated_security_advisory", "csaf_withdrawn", "csaf_superseded", "myjvn_security_advisory":
	default:
		if !jvn {
			d.warnings = append(d.warnings, fmt.Sprintf("unknown document category %q: treated as csaf_base", oneLine(dd.Category)))
		}
	}
	if jvn {
		d.publisher = "JVN iPedia (" + oneLine(dd.Publisher.Name) + ")"
		d.sourceURL = jvndbURL(id)
	}

	t := newTree(c.ProductTree)
	var affected, fixed, notAffected, investigating []string
	allNotAffected := len(c.Vulnerabilities) > 0
	for _, v := range c.Vulnerabilities {
		ps := v.ProductStatus
		a := concat(ps["known_affected"], ps["first_affected"], ps["last_affected"])
		f := concat(ps["fixed"], ps["first_fixed"])
		affected = append(affected, a...)
		fixed = append(fixed, f...)
		notAffected = append(notAffected, ps["known_not_affected"]...)
		investigating = append(investigating, ps["under_investigation"]...)
		if len(a)+len(f)+len(ps["under_investigation"]) > 0 || len(ps["known_not_affected"]) == 0 {
			allNotAffected = false
		}
	}
	switch {
	case len(c.Vulnerabilities) == 0 || dd.Category == "csaf_informational_advisory":
		d.kind = kindInfo
	case allNotAffected:
		d.kind = kindNotAffected
	}
	if dd.Category == "csaf_withdrawn" {
		d.kind = kindWithdrawn
	}
	scopeIDs := affected
	switch {
	case len(affected) > 0:
		d.scopeKind = scopeAffected
	case len(fixed) > 0:
		scopeIDs, d.scopeKind = fixed, scopeFixed
	case len(investigating) > 0:
		scopeIDs = investigating
	case d.kind == kindNotAffected:
		scopeIDs = notAffected
	}
	d.hasFix = len(fixed) > 0
	d.scope, d.vendors, d.products = t.groups(scopeIDs)
	d.status = csafStatus(t, c.Vulnerabilities)
	if len(scopeIDs) == 0 {
		// No product status: name what the product tree holds.
		_, d.vendors, d.products = t.groups(t.order)
	}
	if len(t.unknown) > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("product ids not in the product tree, shown as they are: %s", strings.Join(t.unknown[:min(3, len(t.unknown))], ", ")))
	}

	d.summary = unwrap(cleanText(htmlText(noteText(dd.Notes, "summary", "general", "description"))))
	// The overview is what the email shows; it starts with the summary.
	if d.summary != "" {
		d.overview = append(d.overview, d.summary)
	}
	d.overview = append(d.overview, overviewNotes(dd.Notes)...)
	scopeSet := map[string]bool{}
	for _, id := range scopeIDs {
		scopeSet[id] = true
	}
	var vulnParas []vulnPara
	merged := map[string]int{} // remediation key -> index in d.actions
	actProducts := map[int]map[string]bool{}
	for i, v := range c.Vulnerabilities {
		label := strings.TrimSpace(v.CVE)
		if !advisory.IsCVE(label) {
			label = ""
		}
		for _, x := range v.IDs {
			if advisory.IsCVE(strings.TrimSpace(x.Text)) {
				d.cves = append(d.cves, strings.TrimSpace(x.Text))
			}
		}
		if label != "" {
			d.cves = append(d.cves, label)
		} else if v.Title != "" {
			label = oneLine(v.Title)
		} else if len(v.IDs) > 0 {
			label = oneLine(v.IDs[0].Text)
		} else {
			label = fmt.Sprintf("vulnerabilities[%d]", i)
		}
		best, ok := d.vulnScore(v, label)
		if ok && advisory.IsCVE(label) && best.score > d.cveScores[label] {
			d.cveScores[label] = best.score
		}
		for _, th := range v.Threats {
			if th.Category == "impact" && len([]rune(th.Details)) <= 20 {
				d.labels = append(d.labels, th.Details)
			}
		}
		p := vulnPara{label: label, text: vulnText(v), fallback: label == fmt.Sprintf("vulnerabilities[%d]", i)}
		if ok {
			p.score, p.scored, p.version = best.score, true, best.version
		}
		vulnParas = append(vulnParas, p)
		for _, r := range joinHeadings(v.Remediations) {
			if r.Details == "" && r.URL == "" {
				continue
			}
			key := r.Category + "\x00" + r.Details + "\x00" + r.URL
			j, seen := merged[key]
			if !seen {
				j = len(d.actions)
				merged[key] = j
				d.actions = append(d.actions, action{category: r.Category, text: r.Details, url: r.URL})
				actProducts[j] = map[string]bool{}
			}
			for _, id := range t.expand(r.ProductIDs, r.GroupIDs) {
				actProducts[j][id] = true
			}
			if r.Category == "vendor_fix" {
				d.hasFix = true
			}
		}
		for _, r := range v.References {
			d.refs = append(d.refs, ref{title: refTitle(r), url: r.URL})
		}
	}
	// Name the products a remediation is limited to, when it is not for
	// every product in scope.
	for j := range d.actions {
		ids := actProducts[j]
		if len(ids) == 0 || len(scopeSet) == 0 || sameSet(ids, scopeSet) {
			continue
		}
		var list []string
		for _, id := range t.order {
			if ids[id] {
				list = append(list, id)
			}
		}
		for id := range ids {
			if _, known := t.info[id]; !known {
				list = append(list, id)
			}
		}
		gs, _, _ := t.groups(list)
		var names []string
		for _, g := range gs {
			names = uniq(names, g.name)
		}
		if len(names) < len(d.scope) {
			d.actions[j].products = names
		}
	}
	paras, note := vulnOverview(vulnParas, jvn || strings.HasPrefix(strings.ToLower(d.lang), "ja"))
	d.overview = append(d.overview, paras...)
	d.overviewNote = note

	var docRefs []ref
	self := ""
	for _, r := range dd.References {
		docRefs = append(docRefs, ref{title: refTitle(r), url: r.URL})
		if r.Category == "self" && !strings.HasSuffix(strings.ToLower(r.URL), ".json") {
			if self == "" || (strings.Contains(r.Summary+r.URL, id) && !strings.Contains(self, id)) {
				self = r.URL
			}
		}
	}
	if d.sourceURL == "" {
		d.sourceURL = self
	}
	d.refs = append(docRefs, d.refs...)
	return []*doc{d}, nil
}

// csafStatuses maps CSAF product status lists to record statuses;
// "recommended" is not a status of the vulnerability and is left out.
var csafStatuses = []struct {
	key    string
	status advisory.Status
}{
	{"known_affected", advisory.StatusAffected}, {"first_affected", advisory.StatusAffected}, {"last_affected", advisory.StatusAffected},
	{"fixed", advisory.StatusFixed}, {"first_fixed", advisory.StatusFixed},
	{"under_investigation", advisory.StatusUnderInvestigation},
	{"known_not_affected", advisory.StatusNotAffected},
}

// csafStatus is what every vulnerability says about every product: per
// product line, status, justification and impact statement, the versions
// and the CVEs it holds for. Nothing is pooled across statuses: a product
// affected by one vulnerability and not by another is listed as both,
// each with its CVEs.
func csafStatus(t *tree, vulns []csafVuln) []statusEntry {
	type item struct {
		group, version, just, impact string
		status                       advisory.Status
	}
	var items []item
	cvesOf := map[item][]string{}
	for _, v := range vulns {
		cve := strings.TrimSpace(v.CVE)
		if !advisory.IsCVE(cve) {
			cve = ""
		}
		just, impact := map[string]string{}, map[string]string{}
		for _, f := range v.Flags {
			for _, id := range t.expand(f.ProductIDs, f.GroupIDs) {
				if just[id] == "" {
					just[id] = f.Label
				}
			}
		}
		for _, th := range v.Threats {
			if th.Category != "impact" {
				continue
			}
			for _, id := range t.expand(th.ProductIDs, th.GroupIDs) {
				if impact[id] == "" {
					impact[id] = th.Details
				}
			}
		}
		for _, cs := range csafStatuses {
			for _, id := range v.ProductStatus[cs.key] {
				p, ok := t.info[id]
				if !ok {
					p = prodInfo{group: oneLine(id)}
				}
				it := item{group: p.group, version: p.item, status: cs.status}
				if cs.status == advisory.StatusNotAffected {
					it.just, it.impact = just[id], impact[id]
				}
				if _, seen := cvesOf[it]; !seen {
					items = append(items, it)
					cvesOf[it] = []string{}
				}
				if cve != "" {
					cvesOf[it] = uniq(cvesOf[it], cve)
				}
			}
		}
	}
	// One entry per product line, status, CVEs and reason, with its
	// versions; the builder then merges lines with the same versions.
	var out []statusEntry
	index := map[string]int{}
	for _, it := range items {
		cves := slices.Clone(cvesOf[it])
		slices.Sort(cves)
		key := strings.Join([]string{it.group, string(it.status), strings.Join(cves, ","), it.just, it.impact}, "\x00")
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			e := statusEntry{status: it.status, product: it.group, cves: cves, impact: it.impact}
			if slices.Contains(advisory.Justifications, advisory.Justification(it.just)) {
				e.justification = advisory.Justification(it.just)
			}
			out = append(out, e)
		}
		if it.version != "" {
			out[i].versions = uniq(out[i].versions, it.version)
		}
	}
	for i := range out {
		out[i].versions = readable(out[i].versions)
	}
	return out
}
