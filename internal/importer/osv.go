package importer

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// osvRecord is the part of an OSV record (schema 1.x) the importer reads.
type osvRecord struct {
	ID               string         `json:"id"`
	Modified         string         `json:"modified"`
	Published        string         `json:"published"`
	Withdrawn        string         `json:"withdrawn"`
	Aliases          []string       `json:"aliases"`
	Related          []string       `json:"related"`
	Upstream         []string       `json:"upstream"`
	Summary          string         `json:"summary"`
	Details          string         `json:"details"`
	Severity         []osvSeverity  `json:"severity"`
	Affected         []osvAffected  `json:"affected"`
	References       []osvRef       `json:"references"`
	DatabaseSpecific map[string]any `json:"database_specific"`
}

type osvSeverity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

type osvRef struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

type osvAffected struct {
	Package *struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
	} `json:"package"`
	Severity []osvSeverity `json:"severity"`
	Ranges   []struct {
		Type   string               `json:"type"`
		Repo   string               `json:"repo"`
		Events []map[string]flexStr `json:"events"`
	} `json:"ranges"`
	Versions []flexStr `json:"versions"`
}

// flexStr is a string that YAML-minded producers sometimes write as a
// number (versions such as 1.34).
type flexStr string

func (s *flexStr) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case string:
		*s = flexStr(x)
	case float64, bool:
		*s = flexStr(strings.Trim(string(b), `"`))
	case nil:
		*s = ""
	default:
		return fmt.Errorf("want a string, got %s", b)
	}
	return nil
}

// osvPublishers names the database behind an OSV id prefix.
var osvPublishers = []struct{ prefix, name string }{
	{"GO-", "Go Vulnerability Database"},
	{"GHSA-", "GitHub Advisory Database"},
	{"PYSEC-", "Python Packaging Advisory Database (PyPA)"},
	{"RHSA-", "Red Hat"}, {"RHBA-", "Red Hat"}, {"RHEA-", "Red Hat"},
	{"SUSE-", "SUSE"}, {"openSUSE-", "SUSE"},
	{"MAL-", "OpenSSF Malicious Packages"},
	{"CVE-", "CVE Program (via OSV)"},
	{"RUSTSEC-", "RustSec Advisory Database"},
	{"DSA-", "Debian"}, {"DLA-", "Debian"}, {"DTSA-", "Debian"},
	{"USN-", "Ubuntu"}, {"UBUNTU-", "Ubuntu"},
	{"ALSA-", "AlmaLinux"}, {"RLSA-", "Rocky Linux"},
	{"PSF-", "Python Software Foundation"}, {"OSV-", "OSV"},
}

// distroPrefixes mark distribution advisories, which list their CVEs under
// related rather than aliases. Elsewhere related ids are only related, not
// the same vulnerability, and are not listed as the record's CVEs.
var distroPrefixes = []string{"RHSA-", "RHBA-", "RHEA-", "SUSE-", "openSUSE-", "DSA-", "DLA-", "USN-", "UBUNTU-", "ALSA-", "RLSA-"}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func parseOSV(file string, data []byte) ([]*doc, error) {
	var o osvRecord
	trimmed := strings.TrimLeft(string(data[:min(len(data), 64)]), " \t\r\n")
	if strings.HasPrefix(trimmed, "{") {
		if err := json.Unmarshal(data, &o); err != nil {
			return nil, jsonError(file, data, err)
		}
	} else {
		tree, err := yamlTree(file, data)
		if err != nil {
			return nil, err
		}
		j, err := json.Marshal(tree)
		if err != nil {
			return nil, errorf(file, "invalid OSV YAML: %v", err)
		}
		if err := json.Unmarshal(j, &o); err != nil {
			return nil, errorf(file, "invalid OSV YAML: %v", err)
		}
	}
	o.ID = strings.TrimSpace(o.ID)
	if o.ID == "" {
		return nil, errorf(file, "OSV record without an id")
	}
	d := &doc{id: o.ID, lang: "en", cveScores: map[string]float64{}}
	d.publisher = "OSV"
	for _, p := range osvPublishers {
		if strings.HasPrefix(o.ID, p.prefix) {
			d.publisher = p.name
			break
		}
	}
	d.published, d.updated, d.withdrawn = parseTime(o.Published), parseTime(o.Modified), parseTime(o.Withdrawn)
	if strings.TrimSpace(o.Withdrawn) != "" {
		d.kind = kindWithdrawn
	}
	if s, ok := o.DatabaseSpecific["url"].(string); ok {
		d.sourceURL = s
	}
	for _, r := range o.References {
		if d.sourceURL == "" && r.Type == "ADVISORY" && strings.Contains(r.URL, o.ID) {
			d.sourceURL = r.URL
		}
	}
	if d.sourceURL == "" {
		d.sourceURL = "https://osv.dev/vulnerability/" + url.PathEscape(o.ID)
	}
	ids := append(append([]string{o.ID}, o.Aliases...), o.Upstream...)
	if hasAnyPrefix(o.ID, distroPrefixes) {
		ids = append(ids, o.Related...)
	}
	for _, id := range ids {
		if isCVE(strings.TrimSpace(id)) {
			d.cves = append(d.cves, strings.TrimSpace(id))
		}
	}
	if s, ok := o.DatabaseSpecific["severity"].(string); ok && s != "" {
		d.aggregate, d.aggregateFrom = s, "database's severity rating"
	}
	sev := o.Severity
	for _, a := range o.Affected {
		sev = append(sev, a.Severity...)
	}
	best := scored{score: -1}
	for _, s := range sev {
		switch {
		case strings.HasPrefix(s.Type, "CVSS_"):
			c, err := ParseCVSS(s.Score)
			switch {
			case err == nil:
				if c.Score > best.score || (c.Score == best.score && c.Version > best.version) {
					best = scored{score: c.Score, version: c.Version, of: o.ID}
				}
			default:
				d.warnings = append(d.warnings, fmt.Sprintf("severity: %v", err))
			}
		default: // e.g. Ubuntu: a word
			d.labels = append(d.labels, s.Score)
		}
	}
	if best.score >= 0 {
		d.scores = append(d.scores, best)
		for _, c := range d.cves {
			d.cveScores[c] = best.score
		}
	}
	_, isMal := o.DatabaseSpecific["malicious-packages-origins"]
	malicious := strings.HasPrefix(o.ID, "MAL-") || isMal || strings.HasPrefix(o.Summary, "Malicious code in ")

	d.scopeKind = scopePackages
	if malicious {
		d.scopeKind = scopeMalicious
	}
	var firstPkg string
	fixes := map[string]*osvFix{}
	var fixOrder []string
	for i, a := range o.Affected {
		name, eco, label := "", "", ""
		if a.Package != nil {
			name, eco = oneLine(a.Package.Name), oneLine(a.Package.Ecosystem)
			if eco == "Go" && (name == "stdlib" || name == "toolchain") {
				// The Go database's names for Go itself.
				name = map[string]string{"stdlib": "Go standard library", "toolchain": "Go toolchain"}[name]
			}
		}
		if name == "" {
			for _, r := range a.Ranges {
				if r.Repo != "" {
					name = repoName(r.Repo)
					break
				}
			}
			if name == "" {
				d.warnings = append(d.warnings, fmt.Sprintf("affected[%d] names no package and no repository; left out", i))
				continue
			}
			d.warnings = append(d.warnings, fmt.Sprintf("affected[%d] has no package: named after its repository %s", i, name))
			d.vendors = uniq(d.vendors, repoOwner(a.Ranges[0].Repo))
		} else {
			d.vendors = uniq(d.vendors, strings.SplitN(eco, ":", 2)[0])
		}
		label = name
		if eco != "" {
			label += " (" + eco + ")"
		}
		if firstPkg == "" {
			firstPkg = label
		}
		d.products = uniq(d.products, name)
		g := group{name: label}
		f := &osvFix{}
		hasVersionRange := false
		for _, r := range a.Ranges {
			if r.Type != "GIT" {
				hasVersionRange = true
			}
		}
		for _, r := range a.Ranges {
			if r.Type == "GIT" && hasVersionRange {
				continue
			}
			g.ranges = append(g.ranges, rangeWords(r.Type, r.Events, f)...)
		}
		if len(g.ranges) == 0 {
			for _, v := range a.Versions {
				g.items = uniq(g.items, oneLine(string(v)))
			}
		}
		d.scope = append(d.scope, g)
		key := strings.Join(f.versions, "\x00") + "\x01" + strings.Join(f.commits, "\x00") + "\x01" + strings.Join(f.last, "\x00")
		if len(f.versions)+len(f.commits)+len(f.last) == 0 {
			key = "nofix\x01" + label
			f.versions = nil
		}
		if fixes[key] == nil {
			fixes[key] = f
			fixOrder = append(fixOrder, key)
		}
		fixes[key].pkgs = uniq(fixes[key].pkgs, name)
		if f != fixes[key] {
			continue
		}
		f.affectedVersions = g.items
		f.label = label
	}
	for _, key := range fixOrder {
		f := fixes[key]
		d.actions = append(d.actions, action{gen: f.words(malicious)})
		if len(f.versions)+len(f.commits) > 0 {
			d.hasFix = true
		}
	}
	if len(o.Affected) == 0 || len(d.scope) == 0 {
		if d.kind != kindWithdrawn {
			d.kind = kindInfo
		}
	}

	d.title = o.Summary
	if strings.TrimSpace(d.title) == "" {
		switch {
		case malicious && firstPkg != "":
			d.title = "Malicious code in " + firstPkg + ": " + o.ID
		case firstPkg != "":
			d.title = "Vulnerability in " + firstPkg + ": " + o.ID
		default:
			d.title = o.ID + ": " + firstSentence(o.Details, 120)
		}
	}
	details := cleanText(o.Details)
	d.summary = firstParagraph(details)
	if details != "" {
		d.overview = []string{clip(details, maxOverview)}
	}
	for _, r := range o.References {
		d.refs = append(d.refs, ref{url: r.URL, title: r.URL, gen: refWords(r)})
	}
	return []*doc{d}, nil
}
