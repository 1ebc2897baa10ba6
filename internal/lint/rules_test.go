package lint

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/kev"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// updateCount lets -update rewrite a golden whose number of findings
// changed. Without it -update refuses: a rule that suddenly finds more or
// fewer problems is a change to look at, not to bless in passing.
var updateCount = flag.Bool("update-count", false, "with -update, also rewrite golden findings whose number changed")

// testNow is the clock of the rule tests unless a case sets "now:".
var testNow = time.Date(2026, 6, 2, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

// TestRules runs testdata/lint/<rule-id>.txtar, one case file per rule.
// A case holds one or more records (*.yaml sections), the findings
// expected (the "golden" section, one per line, sorted) and optionally
// templates/<name> and locales/<name> sections, which override the
// embedded ones as --templates and --locales would. Comment lines of the
// form "now: RFC3339" and "locales: ja,en" set the options. Sections
// sources/<name> are source files of imported records: they are written to
// a directory that is the case's --sources, shown in the findings as
// sources/. A section noticegen.yaml is the policy file the records are
// checked under (team calendar, SLA). A section kev.json is the
// case's KEV catalog (--kev).
// Sections approved/<name> are the record <name> as its last
// approval in the review log saw it (rule revision-missing).
func TestRules(t *testing.T) {
	files, err := filepath.Glob("../../testdata/lint/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range files {
		have[strings.TrimSuffix(filepath.Base(f), ".txtar")] = true
	}
	for _, r := range Rules() {
		if !have[r.ID] {
			t.Errorf("rule %s has no test case testdata/lint/%s.txtar", r.ID, r.ID)
		}
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) { runCase(t, file, name) })
	}
}

func runCase(t *testing.T, file, rule string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	o := caseOptions(t, ar)
	tmp := ""
	for _, f := range ar.Files {
		if n, ok := strings.CutPrefix(f.Name, "sources/"); ok {
			if tmp == "" {
				tmp = t.TempDir()
				o.Sources = []string{filepath.Join(tmp, "sources")}
				if err := os.Mkdir(o.Sources[0], 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(o.Sources[0], n), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	approved := map[string]*advisory.Record{}
	for _, f := range ar.Files {
		if n, ok := strings.CutPrefix(f.Name, "approved/"); ok {
			rec, err := advisory.Decode(f.Name, f.Data)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			approved[n] = rec
		}
	}
	if len(approved) > 0 {
		o.Approved = func(rec *advisory.Record) *Approved {
			a := approved[rec.File]
			if a == nil {
				return nil
			}
			ap := &Approved{Seq: 1, Time: "2026-06-01T09:00:00+09:00", Reviewer: "suzuki", Facts: changes.Of(a, nil), Revisions: len(a.Revisions)}
			if l := a.Latest(); l != nil {
				ap.Revised = l.Date.String()
			}
			return ap
		}
	}
	var got []Finding
	goldenAt := -1
	for i, f := range ar.Files {
		switch {
		case f.Name == "golden":
			goldenAt = i
		case strings.HasSuffix(f.Name, ".yaml") && !strings.Contains(f.Name, "/") && !config.IsConfigName(f.Name):
			got = append(got, checkData(f.Name, f.Data, o)...)
			if rule == ruleIDFileName { // only CheckFile knows the file name
				if rec, err := advisory.Decode(f.Name, f.Data); err == nil {
					got = append(got, checkIDFileName(rec)...)
				}
			}
		}
	}
	if goldenAt < 0 {
		t.Fatalf("%s: no golden section", file)
	}
	sortFindings(got)
	var b bytes.Buffer
	for _, f := range got {
		line := f.String()
		if tmp != "" {
			line = strings.ReplaceAll(line, tmp+string(filepath.Separator), "")
		}
		fmt.Fprintln(&b, line)
	}
	if _, ok := byID[rule]; ok && !strings.Contains(b.String(), "["+rule+"]") {
		t.Errorf("%s: no finding of rule %s: a rule's case must show it firing", file, rule)
	}
	want := ar.Files[goldenAt].Data
	wantN := bytes.Count(want, []byte("\n"))
	if *golden.Update {
		if len(got) != wantN && !*updateCount {
			t.Fatalf("%s: the number of findings changed from %d to %d; not updating.\n"+
				"Check the new findings below, then rerun with -update -update-count if the change is intended:\n%s", file, wantN, len(got), b.String())
		}
		ar.Files[goldenAt].Data = b.Bytes()
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("%s: findings differ (-want +got; run with -update if the change is intended):\n%s", file, diff)
	}
}

// caseOptions builds the options of a case: its clock, its locales and a
// renderer over the embedded files and the case's own.
func caseOptions(t *testing.T, ar *txtar.Archive) Options {
	o := Options{Now: testNow}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if v, ok := strings.CutPrefix(line, "now:"); ok {
			now, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			o.Now = now
		}
		if v, ok := strings.CutPrefix(line, "locales:"); ok {
			o.Locales = strings.Split(strings.TrimSpace(v), ",")
		}
	}
	tmpls, locs := fstest.MapFS{}, fstest.MapFS{}
	for _, f := range ar.Files {
		if n, ok := strings.CutPrefix(f.Name, "templates/"); ok {
			tmpls[n] = &fstest.MapFile{Data: f.Data}
		}
		if n, ok := strings.CutPrefix(f.Name, "locales/"); ok {
			locs[n] = &fstest.MapFile{Data: f.Data}
		}
	}
	o.Renderer = newRenderer(t, tmpls, locs)
	for _, f := range ar.Files {
		if config.IsConfigName(f.Name) {
			cfg, err := config.Parse(f.Name, f.Data)
			if err != nil {
				t.Fatal(err)
			}
			o.Renderer = o.Renderer.WithPolicy(cfg)
		}
		if f.Name == "kev.json" {
			c, err := kev.Parse(f.Name, f.Data)
			if err != nil {
				t.Fatal(err)
			}
			o.KEV = c
		}
	}
	return o
}

func newRenderer(t testing.TB, tmpls, locs fs.FS) *render.Renderer {
	t.Helper()
	r, err := render.NewLayered([]locale.Layer{{Name: "case-locales", FS: locs}}, []locale.Layer{{Name: "case-templates", FS: tmpls}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
