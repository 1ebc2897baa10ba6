package lint

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
)

// The source-fidelity rule reads the facts a notice must keep out of the
// source document itself, with plain JSON, XML and YAML decoding: not with
// the importer's code, so that it catches an importer that lost a fact as
// well as a record edited by hand after the import.

// sourceFacts are what a source document says that a notice made from it
// must not lose.
type sourceFacts struct {
	id       string   // the document's own id
	cves     []string // every CVE id, in source order
	products []productFact
	packages []packageFact // OSV
	malware  bool
	// distro is an OSV advisory of a Linux distribution with many binary
	// packages: the record names the components and points to the
	// errata instead of listing every package.
	distro    bool
	withdrawn bool
	// named are product names a VULDEF document gives; the record has
	// no scope.status, so they must be in scope.product.
	named []string
	// tlp is the document's TLP label as it writes it (CSAF's
	// distribution.tlp.label, VULDEF's marking color), "" for none: a
	// notice made from it may travel no further than it allows.
	tlp string
}

// productFact is one product of a CSAF document with one status for one
// vulnerability: the record must have a scope.status entry of that status
// (for that CVE) naming the product line, with the version if there is
// one.
type productFact struct {
	status   advisory.Status
	cve      string   // "" when the vulnerability has no CVE id
	names    []string // the product line, any of which the record may use
	versions []string // the version, as the source writes it; empty: none
	label    string   // for messages
}

// packageFact is one package of an OSV document with the versions that
// end its affected ranges.
type packageFact struct {
	name      string // as the record names it, before " (ecosystem)"
	ecosystem string
	fixed     []string // fixed versions
	commits   []string // fix commits (their first 12 hex digits)
	last      []string // last_affected versions
	limits    []string // limit versions
}

// statusWords maps the CSAF product_status categories to record statuses.
var statusWords = map[string]advisory.Status{
	"first_affected":      advisory.StatusAffected,
	"known_affected":      advisory.StatusAffected,
	"last_affected":       advisory.StatusAffected,
	"first_fixed":         advisory.StatusFixed,
	"fixed":               advisory.StatusFixed,
	"known_not_affected":  advisory.StatusNotAffected,
	"under_investigation": advisory.StatusUnderInvestigation,
}

func (f *sourceFacts) addCVE(s string) {
	s = strings.TrimSpace(s)
	if advisory.IsCVE(s) && !slices.Contains(f.cves, s) {
		f.cves = append(f.cves, s)
	}
}

// readFacts reads the facts of a source document of the given
// provenance.format.
func readFacts(format string, data []byte) (*sourceFacts, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch format {
	case "csaf", "jvn-json":
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("not JSON: %v", err)
		}
		return csafFacts(m), nil
	case "osv":
		var m map[string]any
		var err error
		if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
			err = json.Unmarshal(data, &m)
		} else {
			err = yaml.Unmarshal(data, &m)
		}
		if err != nil || m == nil {
			return nil, fmt.Errorf("not an OSV record in JSON or YAML: %v", err)
		}
		return osvFacts(m), nil
	case "jvn-vuldef":
		return vuldefFacts(data)
	}
	return nil, fmt.Errorf("unknown provenance.format %q", format)
}

func list(v any) []any         { l, _ := v.([]any); return l }
func obj(v any) map[string]any { o, _ := v.(map[string]any); return o }
func str(v any) string         { s, _ := v.(string); return strings.Join(strings.Fields(s), " ") }
func strs(v any) (out []string) { // a list of strings
	for _, x := range list(v) {
		if s := str(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// csafProduct is what the product tree says of one product id.
type csafProduct struct {
	names    []string // product line: product_name or product_family branch, full name
	versions []string // version branch, purl version
}

// csafFacts reads a CSAF 2.0/2.1 document (or JVN's CSAF-like JSON).
func csafFacts(m map[string]any) *sourceFacts {
	f := &sourceFacts{id: str(obj(obj(m["document"])["tracking"])["id"])}
	f.tlp = str(obj(obj(obj(m["document"])["distribution"])["tlp"])["label"])
	tree := obj(m["product_tree"])
	prods := map[string]*csafProduct{}
	var walk func(b map[string]any, line, family, version string, depth int)
	walk = func(b map[string]any, line, family, version string, depth int) {
		if depth > 64 {
			return
		}
		name := str(b["name"])
		switch str(b["category"]) {
		case "product_name":
			line = name
		case "product_family":
			family = name
		case "product_version", "product_version_range", "service_pack", "patch_level":
			version = name
		}
		if p := obj(b["product"]); p != nil {
			cp := &csafProduct{}
			if line == "" {
				line = family
			}
			for _, n := range []string{line, str(p["name"])} {
				if n != "" {
					cp.names = append(cp.names, n)
				}
			}
			if version != "" {
				cp.versions = append(cp.versions, version)
			}
			if purl := str(obj(p["product_identification_helper"])["purl"]); strings.HasPrefix(purl, "pkg:") {
				n, v := purlParts(purl)
				if n != "" {
					cp.names = append(cp.names, n)
				}
				if v != "" {
					cp.versions = append(cp.versions, v)
				}
			}
			prods[str(p["product_id"])] = cp
		}
		for _, c := range list(b["branches"]) {
			walk(obj(c), line, family, version, depth+1)
		}
	}
	for _, b := range list(tree["branches"]) {
		walk(obj(b), "", "", "", 0)
	}
	for _, p := range list(tree["full_product_names"]) {
		if n := str(obj(p)["name"]); n != "" {
			prods[str(obj(p)["product_id"])] = &csafProduct{names: []string{n}}
		}
	}
	// A product on a platform (CSAF 2.0 relationships, 2.1 product
	// paths): the platform is the product line, the component its
	// version.
	relate := func(full map[string]any, comp, plat string) {
		id := str(full["product_id"])
		if id == "" {
			return
		}
		rp := &csafProduct{}
		if p := prods[plat]; p != nil {
			rp.names = append(rp.names, p.names...)
		}
		if n := str(full["name"]); n != "" {
			rp.names = append(rp.names, n)
		}
		if c := prods[comp]; c != nil {
			rp.versions = append(append(rp.versions, c.versions...), c.names...)
		}
		prods[id] = rp
	}
	for _, r := range list(tree["relationships"]) {
		r := obj(r)
		relate(obj(r["full_product_name"]), str(r["product_reference"]), str(r["relates_to_product_reference"]))
	}
	for _, p := range list(tree["product_paths"]) {
		p := obj(p)
		sub := list(p["subpaths"])
		if len(sub) > 0 {
			relate(obj(p["full_product_name"]), str(p["beginning_product_reference"]), str(obj(sub[len(sub)-1])["next_product_reference"]))
		}
	}
	seen := map[string]bool{}
	for _, v := range list(m["vulnerabilities"]) {
		v := obj(v)
		cve := str(v["cve"])
		f.addCVE(cve)
		for _, id := range list(v["ids"]) {
			f.addCVE(str(obj(id)["text"]))
			if cve == "" && advisory.IsCVE(str(obj(id)["text"])) {
				cve = str(obj(id)["text"])
			}
		}
		if !advisory.IsCVE(cve) {
			cve = ""
		}
		ps := obj(v["product_status"])
		for _, k := range sortedKeys(ps) {
			st, ok := statusWords[k]
			if !ok {
				continue
			}
			for _, id := range strs(ps[k]) {
				key := string(st) + "\x00" + cve + "\x00" + id
				if seen[key] {
					continue
				}
				seen[key] = true
				pf := productFact{status: st, cve: cve, label: id}
				if p := prods[id]; p != nil {
					pf.names, pf.versions = p.names, p.versions
					pf.label = p.names[0]
					if len(p.versions) > 0 {
						pf.label += " " + p.versions[0]
					}
				} else {
					pf.names = []string{id} // an id the tree does not name
				}
				f.products = append(f.products, pf)
			}
		}
	}
	return f
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// purlParts reads the name and version of a package URL
// (pkg:type/namespace/name@version?qualifiers#subpath).
func purlParts(p string) (name, version string) {
	s := strings.TrimPrefix(p, "pkg:")
	s, _, _ = strings.Cut(s, "#")
	s, _, _ = strings.Cut(s, "?")
	s, version, _ = strings.Cut(s, "@")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		name = s[i+1:]
	}
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	if u, err := url.PathUnescape(version); err == nil {
		version = u
	}
	return strings.TrimSpace(name), strings.TrimSpace(version)
}

// distroIDPrefixes are the ids of distribution advisories, which give
// their CVEs under related (the OSV convention of those databases).
var distroIDPrefixes = []string{"RHSA-", "RHBA-", "RHEA-", "SUSE-", "openSUSE-", "DSA-", "DLA-", "USN-", "UBUNTU-", "ALSA-", "RLSA-"}

// distroEcosystemNames are OSV ecosystems of Linux distributions.
var distroEcosystemNames = []string{"Red Hat", "SUSE", "openSUSE", "Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "Mageia", "Photon OS", "Wolfi", "Chainguard", "openEuler", "Azure Linux"}

// malwareSaidRE finds a summary or details saying outright that the
// package is malware. It is narrow on purpose: "a malicious user could"
// is a vulnerability, not malware.
var malwareSaidRE = regexp.MustCompile(`(?i)\b(found|identified|confirmed|reported) (to be|as) (malicious|malware)\b|\bmalicious (package|packages|code)\b|\bcontain(s|ed)? malware\b`)

func hasPrefixIn(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

// osvFacts reads an OSV record.
func osvFacts(m map[string]any) *sourceFacts {
	f := &sourceFacts{id: str(m["id"])}
	f.addCVE(f.id)
	for _, k := range []string{"aliases", "upstream"} {
		for _, a := range strs(m[k]) {
			f.addCVE(a)
		}
	}
	if hasPrefixIn(f.id, distroIDPrefixes) {
		for _, a := range strs(m["related"]) {
			f.addCVE(a)
		}
	}
	f.withdrawn = str(m["withdrawn"]) != ""
	ds := obj(m["database_specific"])
	_, origins := ds["malicious-packages-origins"]
	f.malware = strings.HasPrefix(f.id, "MAL-") || origins || slices.Contains(strs(ds["cwe_ids"]), "CWE-506") ||
		malwareSaidRE.MatchString(str(m["summary"])+"\n"+str(m["details"]))
	byName := map[string]int{}
	allDistro := true
	for _, a := range list(m["affected"]) {
		a := obj(a)
		p := obj(a["package"])
		name, eco := str(p["name"]), str(p["ecosystem"])
		if eco == "Go" && (name == "stdlib" || name == "toolchain") {
			// As README.md documents: the Go database's names for Go.
			name = map[string]string{"stdlib": "Go standard library", "toolchain": "Go toolchain"}[name]
		}
		if name == "" {
			// No package: named after its repository (host and path).
			for _, r := range list(a["ranges"]) {
				if repo := str(obj(r)["repo"]); repo != "" {
					repo = strings.TrimSuffix(repo, ".git")
					if u, err := url.Parse(repo); err == nil && u.Host != "" {
						repo = u.Host + u.Path
					}
					name = repo
					break
				}
			}
		}
		if name == "" {
			continue
		}
		base, _, _ := strings.Cut(eco, ":")
		allDistro = allDistro && hasPrefixIn(base, distroEcosystemNames)
		key := name + "\x00" + eco
		i, ok := byName[key]
		if !ok {
			i = len(f.packages)
			byName[key] = i
			f.packages = append(f.packages, packageFact{name: name, ecosystem: eco})
		}
		pf := &f.packages[i]
		for _, r := range list(a["ranges"]) {
			r := obj(r)
			git := str(r["type"]) == "GIT"
			for _, e := range list(r["events"]) {
				e := obj(e)
				for k, to := range map[string]*[]string{"fixed": &pf.fixed, "last_affected": &pf.last, "limit": &pf.limits} {
					v := str(e[k])
					if v == "" || v == "*" {
						continue
					}
					if git {
						if len(v) < 12 {
							continue
						}
						v = v[:12]
						to = &pf.commits // commits: said as commits wherever they end a range
					}
					if !slices.Contains(*to, v) {
						*to = append(*to, v)
					}
				}
			}
		}
		slices.Sort(pf.fixed)
		slices.Sort(pf.commits)
		slices.Sort(pf.last)
		slices.Sort(pf.limits)
	}
	f.distro = allDistro && len(f.packages) > 5
	return f
}

// vuldefFacts reads a MyJVN VULDEF document: its CVE ids and the products
// it names as affected.
func vuldefFacts(data []byte) (*sourceFacts, error) {
	var v struct {
		Vulinfo []struct {
			ID       string `xml:"VulinfoID"`
			Products []struct {
				Name string `xml:"ProductName"`
			} `xml:"VulinfoData>Affected>AffectedItem"`
			Related []struct {
				Type string `xml:"type,attr"`
				ID   string `xml:"VulinfoID"`
			} `xml:"VulinfoData>Related>RelatedItem"`
		} `xml:"Vulinfo"`
		Marking []struct {
			Color string `xml:"color,attr"`
		} `xml:"handling>Marking>Marking_Structure"`
	}
	if err := xml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("not VULDEF XML: %v", err)
	}
	if len(v.Vulinfo) != 1 {
		return nil, fmt.Errorf("%d Vulinfo entries: want one", len(v.Vulinfo))
	}
	vi := v.Vulinfo[0]
	f := &sourceFacts{id: strings.TrimSpace(vi.ID)}
	if len(v.Marking) > 0 {
		f.tlp = strings.TrimSpace(v.Marking[0].Color)
	}
	for _, r := range vi.Related {
		if r.Type == "advisory" {
			f.addCVE(r.ID)
		}
	}
	for _, p := range vi.Products {
		if n := strings.TrimSpace(p.Name); n != "" && !slices.Contains(f.named, n) {
			f.named = append(f.named, n)
		}
	}
	return f, nil
}
