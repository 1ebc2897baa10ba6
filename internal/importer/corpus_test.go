package importer

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/render"
)

// testNow is the import time of every test, so outputs are reproducible.
var testNow = time.Date(2026, 6, 10, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

var testOptions = Options{Now: testNow, Author: "tester"}

// corpusDir finds the shared corpus of public advisories: ../shared/corpus
// beside the module root (as on the developers' machines and in CI). The
// tests that need it are skipped without it, except under CI (the
// environment variable CI set), where they fail.
func corpusDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := golden.Corpus(t, root)
	if dir == "" {
		t.Skip("the corpus of public advisories is needed")
	}
	return dir
}

func corpusFiles(t testing.TB) []string {
	dir := corpusDir(t)
	var files []string
	for _, pat := range []string{"*.json", "*.xml", "*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no advisories in %s", dir)
	}
	return files
}

func newRenderer(t testing.TB) *render.Renderer {
	t.Helper()
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// expectedFailures are the corpus files that must be refused, with a word
// of the message that says why.
var expectedFailures = map[string]string{
	"jvn__getVulnOverviewList_hnd.xml": "overview list",
}

// TestCorpus imports every document of the corpus: each must import, or
// fail with the expected clear error; every record must load with the
// strict decoder and render in the locale of the source's language.
func TestCorpus(t *testing.T) {
	r := newRenderer(t)
	for _, f := range corpusFiles(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			res, err := ImportFile(f, testOptions)
			if want, ok := expectedFailures[name]; ok {
				if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), f+": ") {
					t.Fatalf("want an error naming the file and saying %q, got %v", want, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range res.Warnings {
				t.Logf("warning: %s", w)
			}
			for _, imp := range res.Records {
				if err := imp.Record.CheckLocales([]string{imp.Locale}); err != nil {
					t.Errorf("%s: %v", imp.Record.ID, err)
				}
				d, err := r.Render(imp.Record, imp.Locale)
				if err != nil {
					t.Errorf("%s: render %s: %v", imp.Record.ID, imp.Locale, err)
					continue
				}
				if d.Subject == "" || len(d.Sections) == 0 {
					t.Errorf("%s: empty draft", imp.Record.ID)
				}
				if os.Getenv("IMPORT_DUMP") != "" {
					dir := os.Getenv("IMPORT_DUMP")
					os.WriteFile(filepath.Join(dir, imp.Record.ID+".yaml"), imp.YAML, 0o644)
				}
			}
		})
	}
}
