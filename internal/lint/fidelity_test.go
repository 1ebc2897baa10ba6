package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/importer"
)

// sourceDocs are the public advisories of ../shared/corpus and the
// documents written for issue 8 (testdata/import/docs).
func sourceDocs(t *testing.T) []string {
	t.Helper()
	pats := []string{"../../testdata/import/docs/*.json"}
	if dir := golden.Corpus(t, "../.."); dir != "" {
		for _, ext := range []string{"*.json", "*.xml", "*.yaml"} {
			pats = append(pats, filepath.Join(dir, ext))
		}
	}
	var files []string
	for _, pat := range pats {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	return files
}

// imported is a record imported from a source document and written
// beside a copy of it, as noticegen import leaves them.
type imported struct {
	rec  *advisory.Record
	src  string // the source's directory
	file string // the record file
}

func importDoc(t *testing.T, path string) *imported {
	t.Helper()
	res, err := importer.ImportFile(path, importer.Options{Now: time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC), Author: "tester"})
	if err != nil {
		if strings.Contains(err.Error(), "overview list") {
			return nil // a list of advisories, refused by import
		}
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, res.Records[0].Record.ID+".yaml")
	if err := os.WriteFile(file, res.Records[0].YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := advisory.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return &imported{rec: rec, src: filepath.Dir(path), file: file}
}

// sourceFindings checks rec against its source, beside it or in dirs, with
// the source rules only.
func sourceFindings(rec *advisory.Record, dirs ...string) []string {
	o, err := Options{Now: testNow, Sources: dirs}.resolve()
	if err != nil {
		panic(err)
	}
	c := &checker{rec: rec, o: o}
	checkSourceFidelity(c)
	sortFindings(c.findings)
	var out []string
	for _, f := range c.findings {
		out = append(out, f.String())
	}
	return out
}

// TestSourceFidelityImports imports every corpus document and every
// document of testdata/import/docs: the records noticegen import writes
// keep every fact, so source-fidelity finds nothing; without --sources
// the source is missing, once. Then each record is edited as a person
// might by mistake, and the rule must report the fact lost: a CVE id
// deleted, a scope.status entry or a product of one deleted, a fixed
// version changed, a malware notice turned into a vulnerability.
func TestSourceFidelityImports(t *testing.T) {
	for _, path := range sourceDocs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			imp := importDoc(t, path)
			if imp == nil {
				return
			}
			if got := sourceFindings(imp.rec, imp.src); len(got) > 0 {
				t.Fatalf("faithful import: source findings:\n%s", strings.Join(got, "\n"))
			}
			if got := sourceFindings(imp.rec); len(got) != 1 || !strings.Contains(got[0], "[source-missing]") {
				t.Errorf("without --sources: got %q, want one source-missing warning", got)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			facts, err := readFacts(imp.rec.Provenance.Format, data)
			if err != nil {
				t.Fatal(err)
			}
			edit := func(what string, change func(r *advisory.Record), want string) {
				t.Helper()
				r := *imp.rec
				r.CVEs = slices.Clone(r.CVEs)
				r.Scope.Status = slices.Clone(r.Scope.Status)
				change(&r)
				got := sourceFindings(&r, imp.src)
				if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, want) && strings.Contains(s, "error:") }) {
					t.Errorf("%s: no source-fidelity error with %q in:\n%s", what, want, strings.Join(got, "\n"))
				}
			}
			for i, c := range imp.rec.CVEs {
				if slices.Contains(facts.cves, c) {
					edit("cves["+fmt.Sprint(i)+"] deleted", func(r *advisory.Record) { r.CVEs = slices.Delete(r.CVEs, i, i+1) }, c+" is in the source")
				}
			}
			for i := range imp.rec.Scope.Status {
				edit(fmt.Sprintf("scope.status[%d] deleted", i), func(r *advisory.Record) {
					r.Scope.Status = slices.Delete(r.Scope.Status, i, i+1)
				}, "scope.status")
				if ps := imp.rec.Scope.Status[i].Products; len(ps) > 1 {
					edit(fmt.Sprintf("scope.status[%d].products: last deleted", i), func(r *advisory.Record) {
						e := r.Scope.Status[i]
						e.Products = ps[:len(ps)-1]
						r.Scope.Status[i] = e
					}, "scope.status")
				}
				if fx := imp.rec.Scope.Status[i].FixedIn; len(fx) > 0 {
					edit(fmt.Sprintf("scope.status[%d].fixed_in[0] changed", i), func(r *advisory.Record) {
						e := r.Scope.Status[i]
						e.FixedIn = append([]string{"99.99.99"}, e.FixedIn[1:]...)
						r.Scope.Status[i] = e
					}, fx[0])
				}
			}
			if facts.malware {
				edit("category vulnerability", func(r *advisory.Record) { r.Category = advisory.CategoryVulnerability }, "malicious")
			}
			if want, ok := advisory.TLPFromSource(facts.tlp); ok && want.Rank() > advisory.TLPClear.Rank() {
				edit("tlp removed", func(r *advisory.Record) { r.TLP = "" }, "is marked "+want.Marking()+", but the record is unmarked")
				edit("tlp clear", func(r *advisory.Record) { r.TLP = advisory.TLPClear }, "but the record is marked TLP:CLEAR")
				if want != advisory.TLPRed {
					// Stricter than the source is fine.
					r := *imp.rec
					r.TLP = advisory.TLPRed
					if got := sourceFindings(&r, imp.src); len(got) > 0 {
						t.Errorf("tlp red: %q", got)
					}
				}
			}
		})
	}
}
