package export_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/render"
)

// marked writes the TLP:AMBER test record into dir as id, marked label.
func marked(t *testing.T, dir, id, label string) string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/tlp/dsa-amber.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(strings.Replace(string(data), "id: dsa-amber", "id: "+id, 1), "tlp: amber\n", "tlp: "+label+"\n", 1)
	p := filepath.Join(dir, id+".yaml")
	writeFile(t, p, s)
	return p
}

// TestIndexLeavesOutRed: TLP:RED records have their own output (digest
// page and drafts) but are never listed in index.html or index.md, also
// when they are in the output from an earlier run; the report counts them.
// The other marked records are listed with their label.
func TestIndexLeavesOutRed(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	amber, red := marked(t, dir, "amber-one", "amber"), marked(t, dir, "red-one", "red")
	rep := run(t, []string{amber, red}, options(t, out))
	if rep.Exported != 2 || rep.Unlisted != 1 {
		t.Fatalf("%s; unlisted %d", describe(rep), rep.Unlisted)
	}
	check := func(when string) {
		t.Helper()
		for _, name := range []string{"index.html", "index.md"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			if s := string(b); strings.Contains(s, "red-one") || strings.Contains(s, "TLP:RED") || !strings.Contains(s, "amber-one/index.html") || !strings.Contains(s, "TLP:AMBER") {
				t.Errorf("%s: %s:\n%s", when, name, s)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "red-one", "index.html")); err != nil {
			t.Errorf("%s: the TLP:RED digest page: %v", when, err)
		}
	}
	check("first run")
	// The red record is not in this run: still in the output, still not
	// listed.
	rep = run(t, []string{amber}, options(t, out))
	if rep.Unlisted != 1 {
		t.Errorf("second run: unlisted %d", rep.Unlisted)
	}
	check("second run")
}

// TestRefusedEML: an .eml the EMLFunc refuses (export.Refusal) is not
// written, an earlier one is removed, the record's other files are written
// and it counts as refused; it is not current, so the next run asks again.
// Another error of the EMLFunc still fails the record.
func TestRefusedEML(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	file := marked(t, dir, "strict-one", "amber+strict")
	o := options(t, out)
	rep := run(t, []string{file}, o)
	if rep.Exported != 1 || rep.Refused != 0 {
		t.Fatalf("allowed: %s", describe(rep))
	}
	calls := 0
	o.Config = "a stricter policy" // as the policy file's digest would change
	o.EML = func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error) {
		calls++
		return nil, nil, &export.Refusal{Err: errors.New("TLP:AMBER+STRICT allows only example.co.jp")}
	}
	for i := range 2 {
		calls = 0
		rep = run(t, []string{file}, o)
		if rep.Failed != 0 || rep.Refused != 2 || calls != 2 {
			t.Fatalf("run %d: %s; refused %d, calls %d", i, describe(rep), rep.Refused, calls)
		}
		r := rep.Results[0]
		if len(r.Refused) != 2 || !strings.Contains(r.Refused[0].Error(), "strict-one.yaml: en.eml: TLP:AMBER+STRICT allows only example.co.jp") {
			t.Errorf("run %d: refusals %v", i, r.Refused)
		}
		files := recordFiles(t, out, "strict-one")
		for _, f := range files {
			if strings.HasSuffix(f, ".eml") {
				t.Errorf("run %d: %s left in the output", i, f)
			}
		}
		if len(files) != 9 { // 2 × txt md html json, and the digest page
			t.Errorf("run %d: files %v", i, files)
		}
	}
	o.EML = func(*advisory.Record, *render.Draft, []byte, []byte) ([]byte, []string, error) {
		return nil, nil, errors.New("broken")
	}
	if rep = run(t, []string{file}, o); rep.Failed != 1 {
		t.Errorf("another error: %s", describe(rep))
	}
}

// TestEMLLocales: with EMLLocales only those locales get an .eml.
func TestEMLLocales(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	file := marked(t, dir, "green-one", "green")
	o := options(t, out)
	o.EMLLocales = []string{"ja"}
	run(t, []string{file}, o)
	files := strings.Join(recordFiles(t, out, "green-one"), " ")
	if !strings.Contains(files, "ja.eml") || strings.Contains(files, "en.eml") || !strings.Contains(files, "en.txt") {
		t.Errorf("files %s", files)
	}
}
