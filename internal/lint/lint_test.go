package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/kev"
	"github.com/noticegen/noticegen/internal/render"
)

// checkData is CheckFile for a record already read (without the id/file
// name check, as the data has no file); file names it.
func checkData(file string, data []byte, o Options) []Finding {
	rec, err := advisory.Decode(file, data)
	if err != nil {
		return schemaFindings(file, err)
	}
	return CheckRecord(rec, o)
}

func TestRuleTable(t *testing.T) {
	idRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	rs := Rules()
	if !slices.IsSortedFunc(rs, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("Rules() is not sorted by id")
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if !idRE.MatchString(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Severity != Error && r.Severity != Warning {
			t.Errorf("rule %s: severity %q", r.ID, r.Severity)
		}
		if r.Doc == "" || strings.Contains(r.Doc, "\n") {
			t.Errorf("rule %s: doc must be one line: %q", r.ID, r.Doc)
		}
	}
	for _, id := range []string{"schema", "render", "disclaimer", "translation-missing", "untranslated", "cve-mismatch",
		"url-mismatch", "version-mismatch", "date-mismatch", "number-mismatch", "placeholder", "deadline-past",
		"priority-deadline", "url-invalid", "url-https", "subject-length", "iso-2022-jp", "ja-style", "lint-disable",
		"source-fidelity", "source-missing", "source-changed", "deadline-unresolved", "deadline-day-off",
		"kev-deadline", "kev-priority", "kev-unmarked", "kev-mismatch", "revision-missing"} {
		if !seen[id] {
			t.Errorf("rule %s missing", id)
		}
	}
}

func TestFindingFormat(t *testing.T) {
	f := Finding{File: "a.yaml", Pos: advisory.Pos{Line: 3, Col: 7}, Severity: Warning, Rule: "subject-length", Msg: "title.ja: too long"}
	if got, want := f.String(), "a.yaml:3:7: warning: title.ja: too long [subject-length]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	noPos := Finding{File: "a.yaml", Severity: Error, Rule: "render", Msg: "the en draft does not render"}
	if got, want := noPos.String(), "a.yaml: error: the en draft does not render [render]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"file":"a.yaml","line":3,"col":7,"severity":"warning","rule":"subject-length","message":"title.ja: too long"}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil || back != f {
		t.Errorf("JSON round trip: %+v, %v", back, err)
	}
}

func TestHasErrors(t *testing.T) {
	w := []Finding{{Severity: Warning}}
	e := []Finding{{Severity: Warning}, {Severity: Error}}
	switch {
	case HasErrors(nil, true):
		t.Error("no findings, strict: errors")
	case HasErrors(w, false):
		t.Error("warning only, not strict: errors")
	case !HasErrors(w, true):
		t.Error("warning only, strict: no errors")
	case !HasErrors(e, false):
		t.Error("error: no errors")
	}
}

// TestDisclaimerDraft feeds the disclaimer rule drafts that the renderer
// would never produce, to show the rule catches them if it ever did.
func TestDisclaimerDraft(t *testing.T) {
	rec := &advisory.Record{File: "x.yaml", Positions: map[string]advisory.Pos{}}
	for _, tc := range []struct {
		name       string
		disclaimer string
		want       string
	}{
		{"empty", "", "x.yaml: error: the ja draft has no disclaimer [disclaimer]"},
		{"blank", " \n ", "x.yaml: error: the ja draft has no disclaimer [disclaimer]"},
		{"punctuation", "⚠️ …", `x.yaml: error: the disclaimer of the ja draft, "\u26a0\ufe0f \u2026", has no words: it may be reworded but not emptied [disclaimer]`},
		{"fine", "⚠️ これは参考例です。", ""},
	} {
		c := &checker{rec: rec}
		d := &render.Draft{Locale: "ja", Subject: "件名", SubjectLabel: "件名", Disclaimer: tc.disclaimer}
		checkDisclaimer(c, d)
		var got []string
		for _, f := range c.findings {
			got = append(got, f.String())
		}
		if strings.Join(got, "\n") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCheckFileMissing(t *testing.T) {
	fs := CheckFile(filepath.Join(t.TempDir(), "nope.yaml"), Options{})
	if len(fs) != 1 || fs[0].Rule != "schema" || fs[0].Severity != Error {
		t.Fatalf("got %v, want one schema error", fs)
	}
}

// smallRecord is a valid record with little text, so that fuzzing spends
// its time on the text it varies.
const smallRecord = `id: small
category: info
author: a
published: 2026-06-01
source: {name: s, language: en}
vendor: v
product: p
priority: low
deadline: as-needed
title: {ja: 件名, en: Title}
summary: {ja: 概要です。, en: Summary.}
lead: {ja: お知らせします。, en: Notice.}
overview: {ja: 概要です。, en: Overview.}
scope:
  product: {ja: 製品, en: Product}
  condition: {ja: 条件, en: Condition}
applicability:
  conditions: [{ja: 条件, en: Condition}]
  otherwise: {ja: 対応不要, en: None}
actions: [{ja: 確認してください。, en: Check.}]
references: [{title: {ja: 参考, en: Reference}, url: "https://example.org/"}]
`

// FuzzCheck runs every rule (the kev-* rules with the catalog excerpt
// of testdata/kev) on arbitrary record files, and on arbitrary
// text in a record that decodes: nothing may panic, findings come sorted
// and name known rules, and a record that decodes gets no schema finding.
// Checking is slower than decoding, so limit the minimization time:
//
//	go test ./internal/lint -run '^$' -fuzz FuzzCheck -fuzztime 1m -fuzzminimizetime 2s
func FuzzCheck(f *testing.F) {
	seeds := golden.Samples(f, "../..")
	cases, _ := filepath.Glob("../../testdata/lint/*.txtar")
	for _, p := range append(seeds, cases...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if strings.HasSuffix(p, ".txtar") {
			// the record of a case: from "-- input.yaml --" to the next section
			s := string(data)
			if i := strings.Index(s, "-- input.yaml --\n"); i >= 0 {
				s = s[i+len("-- input.yaml --\n"):]
				if j := strings.Index(s, "\n-- "); j >= 0 {
					s = s[:j+1]
				}
				data = []byte(s)
			}
		}
		f.Add(data)
	}
	f.Add([]byte("title: {ja: \"２０２６年１３月４０日 CVE-2026-1 <> ○〇 ｶ\", en: \"Feb 30, 2026 v.1.2 1,000,0 https://\"}\n"))
	cat, err := kev.Load("../../testdata/kev/known_exploited_vulnerabilities.json")
	if err != nil {
		f.Fatal(err)
	}
	o := Options{Now: testNow, KEV: cat}
	seed, err := advisory.Decode("small.yaml", []byte(smallRecord))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Most inputs do not decode; run the text rules on the bytes as
		// the text of a record that does.
		if s := string(data); utf8.ValidString(s) {
			rec := *seed
			rec.Title = advisory.Text{"ja": s, "en": strings.ToUpper(s)}
			rs := []rune(s)
			rec.Overview = advisory.Text{"ja": s + "。" + s, "en": string(rs[:len(rs)/2])}
			for _, x := range CheckRecord(&rec, o) {
				if _, ok := byID[x.Rule]; !ok {
					t.Fatalf("unknown rule in %v", x)
				}
			}
		}
		fs := checkData("f.yaml", data, o)
		if !slices.IsSortedFunc(fs, func(a, b Finding) int {
			switch {
			case a.Pos.Line != b.Pos.Line:
				return a.Pos.Line - b.Pos.Line
			case a.Pos.Col != b.Pos.Col:
				return a.Pos.Col - b.Pos.Col
			}
			return strings.Compare(a.Rule, b.Rule)
		}) {
			t.Fatalf("findings not sorted: %v", fs)
		}
		schema := false
		for _, x := range fs {
			if _, ok := byID[x.Rule]; !ok {
				t.Fatalf("unknown rule in %v", x)
			}
			if x.Severity != severityOf(x.Rule) {
				t.Fatalf("severity of %v", x)
			}
			schema = schema || x.Rule == "schema"
		}
		if _, err := advisory.Decode("f.yaml", data); (err != nil) != schema {
			t.Fatalf("decode error %v, schema findings %v", err, schema)
		}
	})
}

// BenchmarkCheckFile checks the Citrix record: load, every rule, both
// drafts.
func BenchmarkCheckFile(b *testing.B) {
	o := Options{Now: testNow}
	for b.Loop() {
		CheckFile("../../advisories/2023-10-19-citrix-netscaler-cve-2023-4966.yaml", o)
	}
}

// TestCheckApproved: revision-missing run alone (as the review page runs
// it once it has read the log) finds the changed deadline, and finds
// nothing for a record that silences the rule, one never approved, or an
// approval logged before noticegen kept facts.
func TestCheckApproved(t *testing.T) {
	approved, err := advisory.Decode("x.yaml", []byte(smallRecord))
	if err != nil {
		t.Fatal(err)
	}
	a := &Approved{Seq: 4, Time: "2026-06-01T09:00:00Z", Reviewer: "suzuki", Facts: changes.Of(approved, nil)}
	now := strings.Replace(smallRecord, "deadline: as-needed", "deadline: 2026-06-30", 1)
	rec, err := advisory.Decode("x.yaml", []byte(now))
	if err != nil {
		t.Fatal(err)
	}
	got := CheckApproved(rec, a, nil)
	if len(got) != 1 || got[0].Rule != "revision-missing" || got[0].Pos.Line != 9 || !strings.HasPrefix(got[0].Msg, "deadline: as-needed → 2026-06-30 since the approval by suzuki (log seq 4") {
		t.Errorf("got %v", got)
	}
	if got := CheckApproved(rec, nil, nil); len(got) != 0 {
		t.Errorf("never approved: %v", got)
	}
	if got := CheckApproved(rec, &Approved{Seq: 1}, nil); len(got) != 0 {
		t.Errorf("an approval without facts: %v", got)
	}
	silenced, err := advisory.Decode("x.yaml", []byte(now+"lint: {disable: [revision-missing]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := CheckApproved(silenced, a, nil); len(got) != 0 {
		t.Errorf("silenced: %v", got)
	}
}
