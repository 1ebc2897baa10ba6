package importer

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
)

// docsDir holds the documents written for issue 8, one per class of
// wrong output: mixed VEX statuses, a Go module per major version, a
// distribution advisory with many binary packages, malware on PyPI and
// npm, vers: ranges and "All versions" with a long remediation, and a
// remediation heading followed by its items as entries of their own.
const docsDir = "../../testdata/import/docs"

func docFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(docsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents in %s: %v", docsDir, err)
	}
	return files
}

// TestDocsGolden keeps, per document, the record and its plain-text
// drafts in both languages: testdata/import/<name>.yaml, .ja.txt, .en.txt.
func TestDocsGolden(t *testing.T) {
	r := newRenderer(t)
	for _, f := range docFiles(t) {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			res, err := ImportFile(f, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			imp := res.Records[0]
			golden.Check(t, "../../testdata/import/"+name+".yaml", imp.YAML)
			for _, loc := range []string{"ja", "en"} {
				d, err := r.Render(imp.Record, loc)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := format.WriteText(&b, d); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, "../../testdata/import/"+name+"."+loc+".txt", b.Bytes())
			}
		})
	}
}

// facts are what a source says that a notice must not lose, read from the
// source file with plain JSON, XML and YAML decoding, not the importer's.
type facts struct {
	cves     []string
	statuses []string // record status words: affected, fixed, not_affected, under_investigation
	fixed    []string // OSV fixed, last_affected and limit versions and fix commits
	packages []string // OSV package names
	malware  bool
	distro   bool // a distribution advisory with many binary packages: its fixes are in the errata
}

var cveTextRE = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)

func addCVE(f *facts, s string) {
	s = strings.TrimSpace(s)
	if cveTextRE.MatchString(s) && !slices.Contains(f.cves, s) {
		f.cves = append(f.cves, s)
	}
}

func sourceFacts(t *testing.T, path string) facts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f facts
	if strings.HasSuffix(path, ".xml") {
		var v struct {
			Items []struct {
				Type string `xml:"type,attr"`
				ID   string `xml:"VulinfoID"`
			} `xml:"Vulinfo>VulinfoData>Related>RelatedItem"`
		}
		if err := xml.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		for _, it := range v.Items {
			if it.Type == "advisory" {
				addCVE(&f, it.ID)
			}
		}
		return f
	}
	var m map[string]any
	if strings.HasSuffix(path, ".yaml") {
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
	} else if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	list := func(v any) []any { l, _ := v.([]any); return l }
	obj := func(v any) map[string]any { o, _ := v.(map[string]any); return o }
	str := func(v any) string { s, _ := v.(string); return s }
	if doc := obj(m["document"]); doc != nil {
		statusOf := map[string]string{"known_affected": "affected", "first_affected": "affected", "last_affected": "affected",
			"fixed": "fixed", "first_fixed": "fixed", "known_not_affected": "not_affected", "under_investigation": "under_investigation"}
		for _, v := range list(m["vulnerabilities"]) {
			addCVE(&f, str(obj(v)["cve"]))
			for _, id := range list(obj(v)["ids"]) {
				addCVE(&f, str(obj(id)["text"]))
			}
			for k, ids := range obj(obj(v)["product_status"]) {
				if s := statusOf[k]; s != "" && len(list(ids)) > 0 && !slices.Contains(f.statuses, s) {
					f.statuses = append(f.statuses, s)
				}
			}
		}
		return f
	}
	id := str(m["id"])
	addCVE(&f, id)
	for _, a := range list(m["aliases"]) {
		addCVE(&f, str(a))
	}
	for _, a := range list(m["upstream"]) {
		addCVE(&f, str(a))
	}
	distroID := regexp.MustCompile(`^(RHSA|RHBA|RHEA|SUSE|openSUSE|DSA|DLA|USN|UBUNTU|ALSA|RLSA)-`).MatchString(id)
	if distroID {
		for _, a := range list(m["related"]) {
			addCVE(&f, str(a))
		}
	}
	ds := obj(m["database_specific"])
	_, origins := ds["malicious-packages-origins"]
	f.malware = strings.HasPrefix(id, "MAL-") || origins || slices.Contains(list(ds["cwe_ids"]), any("CWE-506")) ||
		strings.Contains(str(m["details"]), "was found to be malicious")
	pkgs := map[string]bool{}
	for _, a := range list(m["affected"]) {
		p := obj(obj(a)["package"])
		n := str(p["name"])
		if str(p["ecosystem"]) == "Go" && (n == "stdlib" || n == "toolchain") {
			n = map[string]string{"stdlib": "Go standard library", "toolchain": "Go toolchain"}[n] // as README.md documents
		}
		if n != "" {
			pkgs[n] = true
			if !slices.Contains(f.packages, n) {
				f.packages = append(f.packages, n)
			}
		}
		for _, r := range list(obj(a)["ranges"]) {
			for _, e := range list(obj(r)["events"]) {
				for _, k := range []string{"fixed", "last_affected", "limit"} {
					if v := str(obj(e)[k]); v != "" && v != "*" {
						if str(obj(r)["type"]) == "GIT" && len(v) == 40 {
							v = v[:12]
						}
						if !slices.Contains(f.fixed, v) {
							f.fixed = append(f.fixed, v)
						}
					}
				}
			}
		}
	}
	f.distro = distroID && len(list(m["affected"])) > 5
	return f
}

var pseudoVersionRE = regexp.MustCompile(`-[0-9]{14}-([0-9a-f]{12})$`)

// TestSourceFacts imports every corpus document and every document of
// testdata/import/docs and checks that the record and both drafts keep
// what the source says: every CVE id (record and drafts), every status
// category (scope.status), every OSV fixed, last_affected and limit
// version and fix commit (record and English draft; the errata for a
// distribution advisory), every OSV package (record), and malware as a
// critical incident notice that never says "upgrade".
func TestSourceFacts(t *testing.T) {
	r := newRenderer(t)
	files := append(corpusFiles(t), docFiles(t)...)
	for _, path := range files {
		name := filepath.Base(path)
		if _, ok := expectedFailures[name]; ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			f := sourceFacts(t, path)
			res, err := ImportFile(path, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			imp := res.Records[0]
			rec := imp.Record
			y := string(imp.YAML)
			drafts := map[string]string{}
			for _, loc := range []string{"ja", "en"} {
				d, err := r.Render(rec, loc)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := format.WriteText(&b, d); err != nil {
					t.Fatal(err)
				}
				drafts[loc] = b.String()
			}
			for _, c := range f.cves {
				if !slices.Contains(rec.CVEs, c) {
					t.Errorf("cves lost %s", c)
				}
				for loc, d := range drafts {
					if !strings.Contains(d, c) {
						t.Errorf("%s draft lost %s", loc, c)
					}
				}
			}
			var have []string
			for _, st := range rec.Scope.Status {
				have = append(have, string(st.Status))
			}
			for _, s := range f.statuses {
				if !slices.Contains(have, s) {
					t.Errorf("scope.status lost status %s (has %v)", s, have)
				}
			}
			if f.distro {
				if !strings.Contains(y, "errata") && !slices.ContainsFunc(rec.Actions, func(a advisory.Text) bool { return strings.Contains(a["en"], rec.Provenance.ID) }) {
					t.Errorf("distribution advisory: no action points to %s", rec.Provenance.ID)
				}
			} else if !f.malware && rec.Provenance.ID != "" && !strings.Contains(y, "withdrawn") {
				for _, v := range f.fixed {
					want := v
					if m := pseudoVersionRE.FindStringSubmatch(v); m != nil {
						want = m[1]
					}
					if !strings.Contains(y, want) {
						t.Errorf("record lost fixed/last_affected/limit %s", v)
					}
					if !strings.Contains(drafts["en"], strings.TrimSuffix(want, "-0")) {
						t.Errorf("en draft lost fixed/last_affected/limit %s", v)
					}
				}
				for _, p := range f.packages {
					if !strings.Contains(y, p) {
						t.Errorf("record lost package %s", p)
					}
				}
			}
			if f.malware {
				if rec.Priority != "critical" || rec.Category != "incident" {
					t.Errorf("malware: priority %s, category %s; want critical incident", rec.Priority, rec.Category)
				}
				for _, a := range rec.Actions {
					if strings.Contains(strings.ToLower(a["en"]), "upgrade "+strings.ToLower(f.packages[0])) || strings.Contains(a["ja"], "以降に更新") {
						t.Errorf("malware notice says upgrade: %q", a)
					}
				}
				if !strings.Contains(drafts["en"], "compromised") || !strings.Contains(drafts["ja"], "侵害") {
					t.Errorf("malware notice does not say the hosts are compromised")
				}
			}
			// No English glue in the Japanese text noticegen writes.
			rec.EachText(func(path string, tx advisory.Text, _ bool) {
				if ja := tx["ja"]; !strings.HasPrefix(ja, mustEmbedded().Marker("ja")) && regexp.MustCompile(` and [0-9,]+ more| more products|all versions`).MatchString(ja) {
					t.Errorf("%s.ja: English in Japanese text: %q", path, ja)
				}
			})
		})
	}
}
