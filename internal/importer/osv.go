package importer

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
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
	if d.sourceURL == "" {
		d.sourceURL = advisoryURL(o)
	}
	if d.sourceURL == "" {
		d.sourceURL = "https://osv.dev/vulnerability/" + url.PathEscape(o.ID)
	}
	ids := append(append([]string{o.ID}, o.Aliases...), o.Upstream...)
	if hasAnyPrefix(o.ID, distroPrefixes) {
		ids = append(ids, o.Related...)
	}
	for _, id := range ids {
		if advisory.IsCVE(strings.TrimSpace(id)) {
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
	malicious := isMalware(o)
	d.malware = malicious

	d.scopeKind = scopePackages
	if malicious {
		d.scopeKind = scopeMalicious
	}
	var firstPkg string
	fixes := map[string]*osvFix{}
	var pkgOrder []string
	var ecosystems []string
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
			ecosystems = uniq(ecosystems, eco)
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
		var versions []string
		for _, r := range a.Ranges {
			switch {
			case r.Type == "GIT" && hasVersionRange:
				// The same fixes as commits: the versions say which
				// release to install; the commits are for source builds.
				gf := &osvFix{}
				gitRanges(r.Events, gf)
				f.sourceCommits = append(f.sourceCommits, gf.commits...)
			case r.Type == "GIT":
				g.ranges = append(g.ranges, gitRanges(r.Events, f)...)
			default:
				vs, odd := rangeVersions(versScheme(eco), r.Events, f)
				versions = append(versions, vs...)
				g.ranges = append(g.ranges, odd...)
			}
		}
		if len(versions) == 0 && len(g.ranges) == 0 {
			for _, v := range a.Versions {
				versions = uniq(versions, oneLine(string(v)))
			}
		}
		g.items = versions
		d.scope = append(d.scope, g)
		st := statusEntry{status: advisory.StatusAffected, product: label, versions: versions}
		if !malicious {
			st.fixedIn = f.versions
		}
		d.status = append(d.status, st)
		if fixes[label] == nil {
			fixes[label] = &osvFix{}
			pkgOrder = append(pkgOrder, label)
		}
		fixes[label].merge(f)
		if len(f.versions)+len(f.commits) > 0 {
			d.hasFix = true
		}
	}
	if !malicious {
		// Actions name packages without their ecosystem unless two
		// ecosystems have a package of the same name.
		display, count := map[string]string{}, map[string]int{}
		for _, label := range pkgOrder {
			name, _, _ := strings.Cut(label, " (")
			count[name]++
		}
		for _, label := range pkgOrder {
			name, _, _ := strings.Cut(label, " (")
			display[label] = label
			if count[name] == 1 {
				display[label] = name
			}
		}
		for _, m := range fixActions(pkgOrder, fixes, display) {
			d.actions = append(d.actions, action{gen: m})
		}
	}
	d.distroAdvisory(o, ecosystems, fixes, pkgOrder)
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

// malwareRE matches summaries and details that say the package itself is
// malicious — not the usual "a malicious user could …" of a vulnerability.
var malwareRE = regexp.MustCompile(`(?i)\bmalicious (code|package|packages|version|versions|release|library|module|dependency|payload|software|script)\b|\b(package|library|module|version|release)s? (is|are|was|were|has been|have been|contains?|contained) (found to be |identified as |reported as |confirmed (as |to be ))?(malicious|malware)\b|\b(is|are|was|were|contains?|contained|ships?|shipped|includes?|included|drops?|installs?) (a |an )?(malware|backdoor|trojan|infostealer|credential stealer)\b|\b(found|identified|reported|confirmed) (to be |as )(malicious|malware)\b`)

// isMalware reports whether an OSV record is about a malicious package:
// a MAL- id, malicious-packages origins, a GHSA malware advisory (CWE-506,
// embedded malicious code), or a summary or details saying so.
func isMalware(o osvRecord) bool {
	if strings.HasPrefix(o.ID, "MAL-") {
		return true
	}
	if _, ok := o.DatabaseSpecific["malicious-packages-origins"]; ok {
		return true
	}
	if cwes, ok := o.DatabaseSpecific["cwe_ids"].([]any); ok {
		for _, c := range cwes {
			if s, _ := c.(string); s == "CWE-506" {
				return true
			}
		}
	}
	return malwareRE.MatchString(o.Summary) || malwareRE.MatchString(o.Details)
}

// updateCommandRE finds an update command in an advisory's text.
var updateCommandRE = regexp.MustCompile(`(?m)\b(zypper|dnf|yum|apt|apt-get|apk)\s+(-\S+\s+)*(in|install|patch|up|update|upgrade|add)\b`)

// advisoryURL finds the advisory's own page among its ADVISORY references:
// one whose URL holds the id as it is (RHSA-2024:4546), else one whose URL
// holds it with only its letters and digits, in any case
// (SUSE-SU-2099:0001-1 in …/suse-su-20990001-1/); a page is preferred to a
// machine-readable file (.json, .xml). "" if there is none.
func advisoryURL(o osvRecord) string {
	alnum := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				return r
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return -1
		}, s)
	}
	id := alnum(o.ID)
	var found [4]string // verbatim page, verbatim file, normalized page, normalized file
	for _, r := range o.References {
		if r.Type != "ADVISORY" || id == "" {
			continue
		}
		lower := strings.ToLower(r.URL)
		file := 0
		if strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".xml") {
			file = 1
		}
		switch {
		case strings.Contains(r.URL, o.ID):
			if found[file] == "" {
				found[file] = r.URL
			}
		case strings.Contains(alnum(r.URL), id):
			if found[2+file] == "" {
				found[2+file] = r.URL
			}
		}
	}
	for _, u := range found {
		if u != "" {
			return u
		}
	}
	return ""
}

// distroEcosystems are the ecosystems of Linux distributions: their
// advisories list every binary package of every product.
var distroEcosystems = []string{"Red Hat", "SUSE", "openSUSE", "Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Mageia", "Photon OS", "Wolfi", "Chainguard", "openEuler", "Azure Linux"}

// componentREs find the component a distribution advisory is about in its
// summary: "Security update for openssl-3" (SUSE), "Important: git-lfs
// security update" (Red Hat), "openssl - security update" (Debian).
var componentREs = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(?:security|recommended|feature|optional|bug ?fix) update for (?:the )?(.+?)\s*(?:\(|$|[,;])`),
	regexp.MustCompile(`(?i)^(?:red hat security advisory: )?(?:(?:low|moderate|important|critical): )?(\S+) (?:security|bug fix|enhancement)(?: and [a-z ]+)? update`),
	regexp.MustCompile(`^(\S+) [-–] security update`),
}

// distroAdvisory recognises a distribution advisory with more binary
// packages than an email can list, and names the components its text is
// about: from the summary, else the package names the details mention.
func (d *doc) distroAdvisory(o osvRecord, ecosystems []string, fixes map[string]*osvFix, pkgs []string) {
	if len(pkgs) <= maxGroupItems || len(ecosystems) == 0 {
		return
	}
	distro := ""
	for _, eco := range ecosystems {
		base, _, _ := strings.Cut(eco, ":")
		if !hasAnyPrefix(base, distroEcosystems) {
			return
		}
		if distro == "" {
			distro = base
		}
	}
	var comps []string
	for _, re := range componentREs {
		if m := re.FindStringSubmatch(strings.TrimSpace(o.Summary)); m != nil {
			for _, c := range strings.Split(m[1], ",") {
				comps = uniq(comps, oneLine(strings.TrimSuffix(strings.TrimSpace(c), " and")))
			}
			break
		}
	}
	if len(comps) == 0 {
		text := o.Summary + "\n" + o.Details
		for _, p := range d.products {
			if regexp.MustCompile(`(^|[^A-Za-z0-9._+-])` + regexp.QuoteMeta(p) + `($|[^A-Za-z0-9_+-])`).MatchString(text) {
				comps = uniq(comps, p)
			}
		}
	}
	if len(comps) == 0 {
		return
	}
	d.distro, d.components, d.nPackages = distro, comps, len(pkgs)
	d.products = comps // the record's product: the components, not the binary packages
	// The status names the components, with the fixed versions of the
	// packages named like them; the advisory lists every binary package.
	d.status = nil
	d.actions = nil
	var fixed []string
	for _, label := range pkgs {
		name, _, _ := strings.Cut(label, " (")
		for _, c := range comps {
			if name == c {
				for _, v := range fixes[label].versions {
					fixed = uniq(fixed, v)
				}
			}
		}
	}
	d.status = append(d.status, statusEntry{status: advisory.StatusAffected, product: strings.Join(comps, ", "), fixedIn: fixed})
	// The advisory's own update commands (zypper, dnf, apt …) are per
	// product: point to them rather than write one.
	msgID := "action.errata"
	if updateCommandRE.MatchString(o.Details) {
		msgID = "action.errata_command"
	}
	d.actions = append(d.actions, action{gen: say(msgID, "ID", oneLine(o.ID), "Components", names{comps, 0}, "Count", itoa(len(pkgs)), "URL", d.sourceURL)})
	if len(fixed) > 0 {
		d.actions = append(d.actions, action{gen: say("action.errata_versions", "Components", names{comps, 0}, "Versions", vers(fixed))})
	}
}
