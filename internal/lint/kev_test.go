package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/kev"
)

// kevRecord is a notice about the ArcaneDoor vulnerabilities; cases change
// it by replacing lines.
const kevRecord = `id: arcanedoor
category: vulnerability
author: a
published: 2024-04-25
source: {name: s, language: en}
vendor: Cisco
product: ASA
cves: [CVE-2024-20353, CVE-2024-20359, CVE-2024-20358]
exploited:
  - {cve: CVE-2024-20353, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}
  - {cve: CVE-2024-20359, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}
priority: high
deadline: 2024-05-01
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

// TestKEVRules runs the kev-* rules with and without the catalog
// (the excerpt of testdata/kev) and lists the rules that fire, with the
// line they point at.
func TestKEVRules(t *testing.T) {
	cat, err := kev.Load("../../testdata/kev/known_exploited_vulnerabilities.json")
	if err != nil {
		t.Fatal(err)
	}
	unmarked := "  - {cve: CVE-2024-20353, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}\n  - {cve: CVE-2024-20359, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}\n"
	for _, c := range []struct {
		name    string
		replace []string // old, new, old, new…
		kev     bool
		want    []string
	}{
		{"as written", nil, true, nil},
		{"without the catalog", nil, false, nil},
		{"span past the due date", []string{"deadline: 2024-05-01", "deadline: +1w"}, false, []string{"13 kev-deadline"}},
		{"as-needed", []string{"deadline: 2024-05-01", "deadline: as-needed"}, false, []string{"13 kev-deadline"}},
		{"medium", []string{"priority: high", "priority: medium"}, true, []string{"12 kev-priority"}},
		{"critical", []string{"priority: high", "priority: critical"}, true, nil},
		// Without exploited, only the catalog knows: without it no kev
		// rule fires, with it every one that applies does.
		{"unmarked, no catalog", []string{"exploited:\n" + unmarked, "", "priority: high", "priority: low", "deadline: 2024-05-01", "deadline: +2w"}, false, nil},
		{"unmarked", []string{"exploited:\n" + unmarked, "", "priority: high", "priority: low", "deadline: 2024-05-01", "deadline: +2w"}, true, []string{
			"8 kev-unmarked", "8 kev-unmarked", "9 kev-priority", "10 kev-deadline"}},
		{"one unmarked", []string{"  - {cve: CVE-2024-20359, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}\n", ""}, true, []string{"8 kev-unmarked"}},
		// The record's own due date is later than the catalog's: the
		// catalog's counts (and the record is told it differs).
		{"record due later", []string{"due: 2024-05-01}\n  - {cve: CVE-2024-20359", "due: 2024-05-03}\n  - {cve: CVE-2024-20359", "deadline: 2024-05-01", "deadline: 2024-05-02"}, true, []string{
			"10 kev-mismatch", "13 kev-deadline"}},
		{"record due later, no catalog", []string{"due: 2024-05-01}\n  - {cve: CVE-2024-20359", "due: 2024-05-03}\n  - {cve: CVE-2024-20359", "deadline: 2024-05-01", "deadline: 2024-05-02"}, false, []string{
			"13 kev-deadline"}},
		{"not in the catalog", []string{"  - {cve: CVE-2024-20359,", "  - {cve: CVE-2024-20358, source: cisa-kev, added: 2024-04-24, due: 2024-05-01}\n  - {cve: CVE-2024-20359,"}, true, []string{"11 kev-mismatch"}},
		// Notices that ask for nothing by a date are held only to saying
		// it: an info notice (not affected), an end-of-life notice.
		{"info", []string{"category: vulnerability", "category: info", "priority: high", "priority: low", "deadline: 2024-05-01", "deadline: as-needed"}, true, nil},
		{"eol unmarked", []string{"category: vulnerability", "category: eol", "exploited:\n" + unmarked, "", "priority: high", "priority: low"}, true, []string{"8 kev-unmarked", "8 kev-unmarked"}},
		{"incident", []string{"category: vulnerability", "category: incident", "priority: high", "priority: medium"}, true, []string{"12 kev-priority"}},
		// Published after the due date had passed: the publication date
		// is the limit.
		{"published late", []string{"published: 2024-04-25", "published: 2024-06-03", "deadline: 2024-05-01", "deadline: 2024-06-03"}, true, nil},
		{"published late, later deadline", []string{"published: 2024-04-25", "published: 2024-06-03", "deadline: 2024-05-01", "deadline: +3d"}, true, []string{"13 kev-deadline"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := kevRecord
			for i := 0; i+1 < len(c.replace); i += 2 {
				if !strings.Contains(data, c.replace[i]) {
					t.Fatalf("no %q in the record", c.replace[i])
				}
				data = strings.Replace(data, c.replace[i], c.replace[i+1], 1)
			}
			rec, err := advisory.Decode("arcanedoor.yaml", []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			o := Options{Now: testNow}
			if c.kev {
				o.KEV = cat
			}
			var got []string
			for _, f := range CheckRecord(rec, o) {
				if strings.HasPrefix(f.Rule, "kev-") {
					got = append(got, fmt.Sprintf("%d %s", f.Pos.Line, f.Rule))
					t.Log(f)
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("kev findings (-want +got):\n%s", diff)
			}
		})
	}
}
