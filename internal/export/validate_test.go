package export_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/golden"
)

// imported are records imported from public advisories (the importer's
// goldens, so they are what import writes today): a Red Hat CSAF with
// URLs in its remediation text and host names as reference titles, a BSI
// CSAF, two JVN records (XML and JSON), two OSV ones, and two marked
// TLP:AMBER and TLP:AMBER+STRICT (their pages and drafts show the marking).
var imported = []string{
	"csaf-tlp-amber.yaml",
	"csaf21-tlp-amber-strict.yaml",
	"csaf-redhat__rhsa-2024_4546.yaml",
	"csaf-oasis__bsi-2022-0001.yaml",
	"jvn__getVulnDetailInfo_hnd_JVNDB-2022-000097.yaml",
	"jvn__getVulnDetailInfo_oka_JVNDB-2021-002774.yaml",
	"osv-golang__GO-2024-2687.yaml",
	"osv-pypa__PYSEC-2023-221.yaml",
}

// bundledAndImportedFiles returns the bundled records, the follow-up
// notices of testdata/revisions (records with revisions) and the imported
// ones, these copied to a new directory under the names of their ids, as
// export wants them.
func bundledAndImportedFiles(t *testing.T) []string {
	t.Helper()
	files := bundled(t)
	followUps, err := filepath.Glob("../../testdata/revisions/*.yaml")
	if err != nil || len(followUps) == 0 {
		t.Fatalf("no follow-up notices in testdata/revisions (%v)", err)
	}
	files = append(files, followUps...)
	dir := t.TempDir()
	for _, f := range imported {
		data, err := os.ReadFile(filepath.Join("../../testdata/import", f))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := advisory.Decode(f, data)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, rec.ID+".yaml")
		writeFile(t, p, string(data))
		files = append(files, p)
	}
	return files
}

// bundledAndImported exports bundledAndImportedFiles to a new directory and returns
// it.
func bundledAndImported(t *testing.T) string {
	t.Helper()
	files := bundledAndImportedFiles(t)
	out := t.TempDir()
	if rep := run(t, files, options(t, out)); rep.Exported != len(files) {
		t.Fatalf("export: %s", describe(rep))
	}
	return out
}

// TestValidOutputs exports the bundled and imported records and checks
// every HTML file (drafts, digest and index pages) with the Nu HTML
// Checker and every Markdown file with markdownlint's default rules.
func TestValidOutputs(t *testing.T) {
	vnu := golden.Tool(t, "NOTICEGEN_VNU")
	mdlint := golden.Tool(t, "NOTICEGEN_MARKDOWNLINT")
	out := bundledAndImported(t)
	html, _ := filepath.Glob(filepath.Join(out, "*", "*.html"))
	html = append(html, filepath.Join(out, "index.html"))
	args := append([]string{"-jar", vnu, "--also-check-css", "--errors-only"}, html...)
	if b, err := exec.Command("java", args...).CombinedOutput(); err != nil {
		t.Errorf("Nu HTML Checker: %v\n%s", err, b)
	}
	md, _ := filepath.Glob(filepath.Join(out, "*", "*.md"))
	md = append(md, filepath.Join(out, "index.md"))
	cmd := exec.Command(mdlint, md...)
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("markdownlint: %v\n%s", err, b)
	}
}
