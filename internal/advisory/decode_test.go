package advisory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/noticegen/noticegen/internal/golden"
)

const seedPath = "../../advisories/2026-06-09-trend-micro-dsa-linux.yaml"

func TestLoadSeed(t *testing.T) {
	r, err := Load(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "2026-06-09-trend-micro-dsa-linux" || r.Priority != PriorityLow || r.Category != CategoryVulnerability {
		t.Errorf("id/priority/category = %q/%q/%q", r.ID, r.Priority, r.Category)
	}
	if r.Deadline.Kind != DeadlineAsNeeded {
		t.Errorf("deadline kind = %v, want as-needed", r.Deadline.Kind)
	}
	if got := r.Published.String(); got != "2026-06-09" {
		t.Errorf("published = %s", got)
	}
	if n := len(r.Applicability.Conditions); n != 3 {
		t.Errorf("%d applicability conditions, want 3", n)
	}
	if got := r.Actions[1]["ja"]; !strings.HasPrefix(got, "整合性監視") {
		t.Errorf("actions[1].ja = %q", got)
	}
	if p := r.Positions["actions[1].en"]; p.Line == 0 {
		t.Errorf("no position recorded for actions[1].en")
	}
	if err := r.CheckLocales([]string{"ja", "en"}); err != nil {
		t.Error(err)
	}
}

// TestLoadBundled checks that every bundled record loads and has text in
// both shipped locales.
func TestLoadBundled(t *testing.T) {
	for _, f := range golden.Samples(t, "../..") {
		r, err := Load(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if err := r.CheckLocales([]string{"ja", "en"}); err != nil {
			t.Errorf("%v", err)
		}
		if want := strings.TrimSuffix(filepath.Base(f), ".yaml"); r.ID != want {
			t.Errorf("%s: id %q differs from the file name", f, r.ID)
		}
	}
}

// valid is a minimal valid record; cases below change one thing in it.
const valid = `id: x-1
category: info
author: sato
published: 2026-06-09
source: {name: Vendor, language: en}
vendor: V
product: P
priority: medium
deadline: +14d
title: {ja: 題, en: Title}
summary: {ja: 要約, en: Summary}
lead: {ja: 導入, en: Lead}
overview: {ja: 概要, en: Overview}
scope:
  product: {ja: 製品, en: Product}
  condition: {ja: 条件, en: Condition}
applicability:
  conditions:
    - {ja: 使っている, en: You use it}
  otherwise: {ja: 静観でOK, en: No action needed}
actions:
  - {ja: 更新する, en: Update}
references:
  - title: {ja: 公式, en: Official}
    url: https://example.com/a
`

func TestDecodeValid(t *testing.T) {
	r, err := Decode("x.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Deadline; d.Kind != DeadlineRelative || d.Span != (Span{Days: 14}) || d.String() != "+14d" {
		t.Errorf("deadline = %+v; want +14d, a span of 14 days", d)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"x.yaml: empty record: the file holds no YAML document"}},
		{"comments only", "# nothing\n", []string{"x.yaml: empty record: the file holds no YAML document"}},
		{"null document", "~\n", []string{"x.yaml:1:1: empty record: the document has no fields"}},
		{"syntax", "id: [x\n", []string{"x.yaml:2:1: YAML syntax: did not find expected ',' or ']'"}},
		{"tab in indentation", "id: x\nscope:\n  \tproduct: a\n", []string{"x.yaml:3:3: YAML syntax: tab character in the indentation; YAML indents with spaces only"}},
		{"tab in a block", "id: x\noverview: |\n  a\n\tb\n", []string{"x.yaml:4:1: YAML syntax: tab character in the indentation; YAML indents with spaces only"}},
		{"not a mapping", "- a\n", []string{"x.yaml:1:1: want a mapping of fields, got a list"}},
		{"two documents", valid + "---\nid: y\n", []string{"x.yaml:26:1: a record file holds exactly one YAML document; found another"}},
		{"invalid utf-8", "id: x\ntitle: \"a\xff\"\n", []string{"x.yaml:2:10: invalid UTF-8 (byte 0xff); records must be UTF-8 text"}},
		{"unknown key", strings.Replace(valid, "vendor: V", "vendr: V", 1), []string{
			`x.yaml:1:1: missing required field "vendor"`,
			`x.yaml:6:1: unknown field "vendr" (did you mean "vendor"?)`,
		}},
		{"duplicate key", valid + "vendor: W\n", []string{`x.yaml:26:1: field "vendor" given twice`}},
		{"wrong type list", strings.Replace(valid, "vendor: V", "vendor: [V]", 1), []string{"x.yaml:6:9: vendor: want text, got a list"}},
		{"wrong type number", strings.Replace(valid, "vendor: V", "vendor: 365", 1), []string{"x.yaml:6:9: vendor: want text, got a number 365 (put it in quotes to make it text)"}},
		{"text not a map", strings.Replace(valid, "title: {ja: 題, en: Title}", "title: Title", 1), []string{"x.yaml:10:8: title: want text per locale (a mapping such as {ja: …, en: …}), got text"}},
		{"missing fields all at once", "id: x\n", []string{
			`x.yaml:1:1: missing required field "actions"`,
			`x.yaml:1:1: missing required field "applicability"`,
			`x.yaml:1:1: missing required field "author"`,
			`x.yaml:1:1: missing required field "category"`,
			`x.yaml:1:1: missing required field "deadline"`,
			`x.yaml:1:1: missing required field "lead"`,
			`x.yaml:1:1: missing required field "overview"`,
			`x.yaml:1:1: missing required field "priority"`,
			`x.yaml:1:1: missing required field "product"`,
			`x.yaml:1:1: missing required field "published"`,
			`x.yaml:1:1: missing required field "references"`,
			`x.yaml:1:1: missing required field "scope"`,
			`x.yaml:1:1: missing required field "source"`,
			`x.yaml:1:1: missing required field "summary"`,
			`x.yaml:1:1: missing required field "title"`,
			`x.yaml:1:1: missing required field "vendor"`,
		}},
		{"empty required", strings.Replace(valid, "author: sato", "author:", 1), []string{"x.yaml:3:8: author: is empty"}},
		{"nested missing", strings.Replace(valid, "  condition: {ja: 条件, en: Condition}\n", "", 1), []string{`x.yaml:15:3: scope: missing required field "condition"`}},
		{"invalid date", strings.Replace(valid, "published: 2026-06-09", "published: 2026-13-40", 1), []string{`x.yaml:4:12: published: invalid date "2026-13-40": not a calendar date`}},
		{"unknown priority", strings.Replace(valid, "priority: medium", "priority: urgent", 1), []string{`x.yaml:8:11: priority: unknown priority "urgent": want one of "low", "medium", "high", "critical"`}},
		{"bad deadline", strings.Replace(valid, "deadline: +14d", "deadline: soon", 1), []string{`x.yaml:9:11: deadline: invalid deadline "soon": want a date (YYYY-MM-DD), a date and time with its zone (2026-05-11T17:00+09:00), a span after publication (+14d, +2w, +5bd), policy or as-needed`}},
		{"deadline before published", strings.Replace(valid, "deadline: +14d", "deadline: 2026-06-01", 1), []string{`x.yaml:9:11: deadline: 2026-06-01 is before the publication date 2026-06-09`}},
		{"id traversal", strings.Replace(valid, "id: x-1", "id: ../x", 1), []string{`x.yaml:1:5: id: "../x" is not a safe file name: use lower-case letters, digits and single '-', '_' or '.' between them`}},
		{"id space", strings.Replace(valid, "id: x-1", "id: has space", 1), []string{`x.yaml:1:5: id: "has space" is not a safe file name: use lower-case letters, digits and single '-', '_' or '.' between them`}},
		{"id upper", strings.Replace(valid, "id: x-1", "id: X-1", 1), []string{`x.yaml:1:5: id: "X-1" is not a safe file name: use lower-case letters, digits and single '-', '_' or '.' between them`}},
		{"title CRLF", strings.Replace(valid, "en: Title}", `en: "Title\r\nBcc: all@example.com"}`, 1), []string{"x.yaml:10:20: title.en: line break at character 6: this text must be one line"}},
		{"title control", strings.Replace(valid, "en: Title}", `en: "Ti\x07tle"}`, 1), []string{"x.yaml:10:20: title.en: control character U+0007 at character 3"}},
		{"bidi override", strings.Replace(valid, "en: Overview}", `en: "evil\u202Etxt.exe"}`, 1), []string{"x.yaml:13:24: overview.en: bidirectional control character U+202E at character 5 could disguise the text"}},
		{"alias", strings.Replace(strings.Replace(valid, "lead: {", "lead: &a {", 1), "overview: {ja: 概要, en: Overview}", "overview: *a", 1), []string{
			"x.yaml:13:11: overview: YAML aliases are not allowed in records",
		}},
		{"bad url", strings.Replace(valid, "url: https://example.com/a", "url: javascript:alert(1)", 1), []string{`x.yaml:25:10: references[0].url: "javascript:alert(1)": want an http or https URL`}},
		{"bad cve", strings.Replace(valid, "vendor: V", "vendor: V\ncves: [CVE-2024-1, CVE-2024-3094, CVE-2024-3094]", 1), []string{
			`x.yaml:7:8: cves[0]: "CVE-2024-1" is not a CVE id (want CVE-YYYY-NNNN)`,
			`x.yaml:7:35: cves[2]: CVE-2024-3094 is listed twice (also cves[1])`,
		}},
		{"bad locale key", strings.Replace(valid, "lead: {ja: 導入, en: Lead}", "lead: {ja: 導入, EN: Lead}", 1), []string{`x.yaml:12:16: lead: "EN" is not a locale tag (want e.g. ja, en, zh-TW)`}},
		{"empty text", strings.Replace(valid, "lead: {ja: 導入, en: Lead}", `lead: {ja: 導入, en: " "}`, 1), []string{"x.yaml:12:20: lead.en: is empty"}},
		{"no actions", strings.Replace(valid, "actions:\n  - {ja: 更新する, en: Update}", "actions: []", 1), []string{"x.yaml:21:10: actions: needs at least one action"}},
		{"bad language", strings.Replace(valid, "language: en", "language: english!", 1), []string{`x.yaml:5:34: source.language: "english!" is not a BCP 47 language tag (e.g. en, ja, zh-TW)`}},
		{"bad rank", strings.Replace(valid, "vendor: V", "vendor: V\nrank: Z", 1), []string{`x.yaml:7:7: rank: "Z" is not a rank: want one letter A to E`}},
		{"status", strings.Replace(valid, "  condition: {ja: 条件, en: Condition}\n", "  condition: {ja: 条件, en: Condition}\n  status:\n"+
			"    - {status: affected, products: [A], versions: [\"vers:generic/>=1|x<2\"], justification: component_not_present}\n"+
			"    - {status: broken, products: []}\n"+
			"    - {status: fixed, products: [B], fixed_in: [\"2\"], cves: [CVE-2024-0001], impact: {en: no}}\n"+
			"    - {status: not_affected, justification: nope, products: [\"C\\nD\"]}\n", 1), []string{
			`x.yaml:18:52: scope.status[0].versions[0]: "vers:generic/>=1|x<2" is not a vers: range: constraint "x<2" is not an operator and a version`,
			`x.yaml:18:92: scope.status[0].justification: only not_affected products have a justification (this status is affected)`,
			`x.yaml:19:16: scope.status[1].status: unknown status "broken": want one of "affected", "fixed", "under_investigation", "not_affected"`,
			`x.yaml:19:34: scope.status[1].products: needs at least one product`,
			`x.yaml:20:48: scope.status[2].fixed_in: only affected products have fixed_in (this status is fixed); list fixed versions as a status: fixed entry`,
			`x.yaml:20:62: scope.status[2].cves[0]: CVE-2024-0001 is not in the record's cves: list it there too`,
			`x.yaml:20:86: scope.status[2].impact: only not_affected products have an impact statement (this status is fixed)`,
			`x.yaml:21:45: scope.status[3].justification: unknown justification "nope": want one of "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path", "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"`,
			`x.yaml:21:62: scope.status[3].products[0]: line break at character 2: this text must be one line`,
		}},
		{"bad sha256", valid + "provenance: {format: osv, id: X-1, sha256: ABC, imported: 2026-06-09T09:00:00+09:00}\n", []string{
			`x.yaml:26:44: provenance.sha256: "ABC" is not a SHA-256: want 64 lower-case hex digits`,
		}},
		{"cve not text", strings.Replace(valid, "vendor: V", "vendor: V\ncves: [2024]", 1), []string{
			`x.yaml:7:8: cves[0]: want text, got a number 2024 (put it in quotes to make it text)`,
		}},
		{"exploited", strings.Replace(valid, "vendor: V", "vendor: V\ncves: [CVE-2024-20353]\nexploited:\n"+
			"  - {cve: CVE-2024-20353, source: cisa-kev, added: 2024-04-24, due: 2024-05-01, ransomware: true}\n"+
			"  - {cve: CVE-2024-20353, source: cisa-kev, added: 2024-04-24, due: 2024-04-01}\n"+
			"  - {cve: CVE-2024-20359, source: vendor, added: 2024-04-31, ransomware: yes}\n", 1), []string{
			`x.yaml:10:11: exploited[1].cve: CVE-2024-20353 is listed twice for cisa-kev (also exploited[0])`,
			`x.yaml:10:69: exploited[1].due: 2024-04-01 is before the date it was added, 2024-04-24`,
			`x.yaml:11:5: exploited[2]: missing required field "due"`,
			`x.yaml:11:35: exploited[2].source: unknown source "vendor": want one of "cisa-kev"`,
			`x.yaml:11:50: exploited[2].added: invalid date "2024-04-31": not a calendar date`,
			`x.yaml:11:74: exploited[2].ransomware: "yes": want true or false`,
		}},
		{"exploited cve not in cves", strings.Replace(valid, "vendor: V", "vendor: V\nexploited:\n  - {cve: CVE-2024-20359, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}\n", 1), []string{
			`x.yaml:8:11: exploited[0].cve: CVE-2024-20359 is not in the record's cves: list it there too`,
		}},
		{"updated before published", strings.Replace(valid, "published: 2026-06-09", "published: 2026-06-09\nupdated: 2026-06-01", 1), []string{"x.yaml:5:10: updated: 2026-06-01 is before the publication date 2026-06-09"}},
		{"revisions", strings.Replace(valid, "published: 2026-06-09", "published: 2026-06-09\nupdated: 2026-06-20", 1) +
			"revisions:\n" +
			"  - {date: 2026-06-01, kind: update, summary: {ja: 前, en: Before}}\n" +
			"  - {date: 2026-06-15, kind: fix, summary: {ja: 種類, en: Kind}}\n" +
			"  - {date: 2026-06-21, kind: correction, summary: {ja: 後, en: After}}\n" +
			"  - {date: 2026-06-12, kind: update, summary: {ja: 順, en: Order}}\n" +
			"  - {date: 2026-06-16, kind: update, summary: {ja: 空, en: \" \"}}\n" +
			"  - {date: 2026-06-17, kind: update}\n" +
			"  - {kind: update, summary: {ja: 日付なし, en: No date}, when: 2026-06-18}\n", []string{
			`x.yaml:28:12: revisions[0].date: 2026-06-01 is before the publication date 2026-06-09`,
			`x.yaml:29:30: revisions[1].kind: unknown revision kind "fix": want one of "update", "correction"`,
			`x.yaml:30:12: revisions[2].date: 2026-06-21 is after the record's last update (updated: 2026-06-20): set updated to the newest revision's date`,
			`x.yaml:31:12: revisions[3].date: 2026-06-12 is before the revision above it (revisions[2], 2026-06-21): list revisions oldest first, each new one at the end`,
			`x.yaml:32:59: revisions[4].summary.en: is empty`,
			`x.yaml:33:5: revisions[5]: missing required field "summary"`,
			`x.yaml:34:5: revisions[6]: missing required field "date"`,
			`x.yaml:34:54: revisions[6]: unknown field "when"`,
		}},
		{"revisions out of order", valid + "revisions:\n" +
			"  - {date: 2026-06-12, kind: update, summary: {ja: 新, en: New}}\n" +
			"  - {date: 2026-06-10, kind: correction, summary: {ja: 旧, en: Old}}\n", []string{
			`x.yaml:28:12: revisions[1].date: 2026-06-10 is before the revision above it (revisions[0], 2026-06-12): list revisions oldest first, each new one at the end`,
		}},
		{"revisions not a list", valid + "revisions: {date: 2026-06-12}\n", []string{
			`x.yaml:26:12: revisions: want a list, got a mapping`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode("x.yaml", []byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStatusValid: a record with every kind of scope.status entry loads,
// and ParseVersion reads the version forms records may use.
func TestStatusValid(t *testing.T) {
	r, err := Load("../../testdata/status/2026-06-20-example-widget-vex.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.Scope.Status); n != 6 || r.Scope.Status[4].Justification != "vulnerable_code_not_present" {
		t.Errorf("status: %+v", r.Scope.Status)
	}
	if err := r.CheckLocales([]string{"ja", "en"}); err != nil {
		t.Error(err)
	}
	for in, want := range map[string]VersionRange{
		"*":                         {All: true},
		"vers:all/*":                {All: true},
		"All versions":              {All: true},
		"(all versions)":            {All: true},
		"All versions < V2.2":       {Constraints: []Constraint{{"<", "V2.2"}}},
		"vers:generic/>=2.9|<=4.1":  {Constraints: []Constraint{{">=", "2.9"}, {"<=", "4.1"}}},
		"vers:semver/1.2.3":         {Constraints: []Constraint{{"", "1.2.3"}}},
		"4.2 SP1":                   {Constraints: []Constraint{{"", "4.2 SP1"}}},
		"vers:intdot/ != 3.0 | <5 ": {Constraints: []Constraint{{"!=", "3.0"}, {"<", "5"}}},
	} {
		got, err := ParseVersion(in)
		if err != nil || !cmp.Equal(got, want) {
			t.Errorf("ParseVersion(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"vers:", "vers:/1", "vers:generic/>=", "vers:generic/<1|*"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q): no error", bad)
		}
	}
}

func TestCheckLocales(t *testing.T) {
	r, err := Decode("x.yaml", []byte(strings.Replace(valid, "lead: {ja: 導入, en: Lead}", "lead: {ja: 導入}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CheckLocales([]string{"ja"}); err != nil {
		t.Errorf("ja: %v", err)
	}
	err = r.CheckLocales([]string{"ja", "en"})
	if want := `x.yaml:12:7: lead: no "en" text`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestLoadTooLarge checks that an oversized file is refused by its size.
// The file is sparse, so the test costs no disk space.
func TestLoadTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = Load(p)
	want := p + ": file is 52428800 bytes; a record may be at most 1048576 bytes"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load("does-not-exist.yaml")
	if want := "does-not-exist.yaml: no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestAllProblemsAtOnce checks that content problems are reported together
// with structural ones, each once.
func TestAllProblemsAtOnce(t *testing.T) {
	in := strings.NewReplacer("vendor: V", "vendr: V", "id: x-1", "id: UPPER", "author: sato", "author: [sato]",
		"url: https://example.com/a", "url: ftp://example.com/a", "en: Title}", "en: \"Ti\\u2028tle\"}").Replace(valid)
	_, err := Decode("x.yaml", []byte(in))
	want := []string{
		`x.yaml:1:1: missing required field "vendor"`,
		`x.yaml:1:5: id: "UPPER" is not a safe file name: use lower-case letters, digits and single '-', '_' or '.' between them`,
		`x.yaml:3:9: author: want text, got a list`,
		`x.yaml:6:1: unknown field "vendr" (did you mean "vendor"?)`,
		`x.yaml:10:20: title.en: line break at character 3: this text must be one line`,
		`x.yaml:25:10: references[0].url: "ftp://example.com/a": want an http or https URL`,
	}
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeEdgeCases(t *testing.T) {
	ok := []struct{ name, in string }{
		{"empty optional keys", strings.Replace(valid, "vendor: V", "vendor: V\nupdated:\nrank:\ncves:\nplatforms:", 1)},
		{"trailing document marker", valid + "---\n"},
		{"byte order mark", "\xef\xbb\xbf" + valid},
	}
	for _, tt := range ok {
		if _, err := Decode("x.yaml", []byte(tt.in)); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	bad := []struct{ name, in, want string }{
		{"no such day", strings.Replace(valid, "published: 2026-06-09", "published: 2026-02-30", 1), `published: invalid date "2026-02-30": not a calendar date`},
		{"windows device name", strings.Replace(valid, "id: x-1", "id: con", 1), `id: "con" is a reserved device name on Windows`},
		{"windows device name with extension", strings.Replace(valid, "id: x-1", "id: lpt1.x", 1), `is a reserved device name`},
		{"underscore language", strings.Replace(valid, "language: en", "language: en_US", 1), `"en_US" is not a BCP 47 language tag`},
		{"right-to-left mark", strings.Replace(valid, "en: Title}", `en: "a\u200Fb"}`, 1), `bidirectional control character U+200F`},
	}
	for _, tt := range bad {
		_, err := Decode("x.yaml", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestInvisibleInTitle(t *testing.T) {
	for _, c := range []string{`\u200b`, `\u2060`, `\ufeff`, `\u00ad`, `\U000E0041`} {
		in := strings.Replace(valid, "en: Title}", `en: "pay`+c+`pal"}`, 1)
		_, err := Decode("x.yaml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), "invisible character") {
			t.Errorf("%s: err = %v", c, err)
		}
	}
	ok := strings.Replace(valid, "en: Title}", `en: "⚠️ a 👨\u200d💻 b"}`, 1)
	if _, err := Decode("x.yaml", []byte(ok)); err != nil {
		t.Errorf("emoji: %v", err)
	}
}
