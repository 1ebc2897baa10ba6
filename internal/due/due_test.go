package due

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
)

// team is a policy with a year-end break, a summer closure, a working
// Saturday and an SLA for every priority but low.
const team = `calendar:
  closed:
    - {from: 2026-12-29, to: 2027-01-03, name: 年末年始休業}
    - {from: 2026-08-12, to: 2026-08-14, name: 夏季休業}
  open:
    - 2027-02-06
sla:
  critical: 2bd
  high: 5bd
  medium: 30d
`

func policy(t *testing.T, src string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("advisories/noticegen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// record is a record published on published with the deadline and
// priority given; its deadline is at line 9, column 11.
func record(t *testing.T, published, deadline string, priority advisory.Priority) *advisory.Record {
	t.Helper()
	src := fmt.Sprintf(`id: x
category: info
author: a
published: %s
source: {name: s, language: en}
vendor: v
product: p
priority: %s
deadline: %s
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
`, published, priority, deadline)
	r, err := advisory.Decode("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResolve(t *testing.T) {
	none := (*config.Config)(nil)
	withTeam := policy(t, team)
	for _, tc := range []struct {
		name       string
		cfg        *config.Config
		published  string
		deadline   string
		priority   advisory.Priority
		want       string // When.String(); "" for as needed
		span       string // the span counted, "" for none
		fromPolicy bool
	}{
		{"date", none, "2026-06-01", "2026-06-30", "medium", "2026-06-30", "", false},
		{"date and time", none, "2026-05-01", "2026-05-11T17:00+09:00", "high", "2026-05-11T17:00+09:00", "", false},
		{"date and time in UTC", none, "2026-05-01", "2026-05-11T08:00Z", "high", "2026-05-11T08:00Z", "", false},
		{"as needed", none, "2026-06-01", "as-needed", "low", "", "", false},
		{"calendar days over the year end", none, "2026-12-25", "+14d", "medium", "2027-01-08", "14d", false},
		{"weeks", none, "2026-06-01", "+2w", "medium", "2026-06-15", "14d", false},
		// The start day never counts: Friday + 1bd is Monday.
		{"friday", none, "2026-06-05", "+1bd", "high", "2026-06-08", "1bd", false},
		{"saturday", none, "2026-06-06", "+1bd", "high", "2026-06-08", "1bd", false},
		// 2026-12-31 works, 1 January is 元日, 2 and 3 a weekend.
		{"year end, national holidays only", none, "2026-12-30", "+3bd", "high", "2027-01-05", "3bd", false},
		// The team's 年末年始休業 (12/29–1/3) is skipped as well.
		{"year end, team closure", withTeam, "2026-12-28", "+1bd", "high", "2027-01-04", "1bd", false},
		{"year end, team closure, 3bd", withTeam, "2026-12-28", "+3bd", "high", "2027-01-06", "3bd", false},
		// 4/29 昭和の日; 4/30 and 5/1 work; 5/2–5/6 off (5/6 is the
		// substitute for 憲法記念日 on Sunday 5/3); 5/7, 5/8, 5/11.
		{"golden week", none, "2026-04-28", "+5bd", "high", "2026-05-11", "5bd", false},
		{"substitute holiday", none, "2026-05-05", "+1bd", "high", "2026-05-07", "1bd", false},
		// 2027-03-21 春分の日 is a Sunday: Monday 3/22 is 振替休日.
		{"substitute for the equinox", none, "2027-03-19", "+1bd", "high", "2027-03-23", "1bd", false},
		// 2026-09-22 is 国民の休日, between 敬老の日 (9/21) and 秋分の日 (9/23).
		{"citizens' holiday", none, "2026-09-18", "+1bd", "high", "2026-09-24", "1bd", false},
		// 8/11 山の日, then the team's 夏季休業 8/12–8/14 and the weekend.
		{"team closed period", withTeam, "2026-08-10", "+2bd", "high", "2026-08-18", "2bd", false},
		{"team closed period, national holidays only", none, "2026-08-10", "+2bd", "high", "2026-08-13", "2bd", false},
		// The team works Saturday 2027-02-06.
		{"open saturday", withTeam, "2027-02-05", "+1bd", "high", "2027-02-06", "1bd", false},
		{"open saturday, national holidays only", none, "2027-02-05", "+1bd", "high", "2027-02-08", "1bd", false},
		{"policy in business days", withTeam, "2026-04-28", "policy", "high", "2026-05-11", "5bd", true},
		// Friday 12/25: Monday 12/28 works, then the break until 1/3.
		{"policy in business days over the year end", withTeam, "2026-12-25", "policy", "critical", "2027-01-04", "2bd", true},
		{"policy in calendar days", withTeam, "2026-06-01", "policy", "medium", "2026-07-01", "30d", true},
		{"calendar days from outside the known years", none, "1999-12-30", "+14d", "medium", "2000-01-13", "14d", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, ok, err := Resolve(record(t, tc.published, tc.deadline, tc.priority), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if ok {
				got = w.String()
			}
			if got != tc.want {
				t.Errorf("Resolve = %q, want %q", got, tc.want)
			}
			span := ""
			if !w.Span.IsZero() {
				span = w.Span.String()
			}
			if span != tc.span || w.Policy != tc.fromPolicy || w.Fixed() != (tc.span == "") {
				t.Errorf("span %q policy %v fixed %v, want %q %v", span, w.Policy, w.Fixed(), tc.span, tc.fromPolicy)
			}
			if ok {
				back, err := Parse(w.String())
				if err != nil || back.String() != w.String() || back.Date != w.Date {
					t.Errorf("Parse(%q) = %v, %v", w, back, err)
				}
			}
		})
	}
}

// TestResolveTime: a deadline with a time keeps the zone written; its
// date is the day in that zone.
func TestResolveTime(t *testing.T) {
	w, ok, err := Resolve(record(t, "2026-05-01", "2026-05-11T23:30-05:00", "high"), nil)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, off := w.At.Zone(); off != -5*3600 || w.At.Hour() != 23 || w.Date.Day != 11 {
		t.Errorf("got %v (date %v), want 23:30 at UTC-05:00 on the 11th", w.At, w.Date)
	}
	if !w.HasTime() || !w.Fixed() {
		t.Errorf("HasTime %v Fixed %v", w.HasTime(), w.Fixed())
	}
}

func TestResolveErrors(t *testing.T) {
	withTeam := policy(t, team)
	for _, tc := range []struct {
		name      string
		cfg       *config.Config
		published string
		deadline  string
		priority  advisory.Priority
		want      string
	}{
		{"policy without a file", nil, "2026-06-01", "policy", "high",
			"x.yaml:9:11: deadline: policy, but no policy file gives an sla for high (noticegen.yaml beside the records, or --config FILE) — add one with sla: high: …, or write a date"},
		{"policy without an sla for the priority", withTeam, "2026-06-01", "policy", "low",
			"x.yaml:9:11: deadline: policy, but advisories/noticegen.yaml gives no sla for low — add sla: low: … or write a date"},
		{"business days past 2099", nil, "2099-12-28", "+5bd", "high",
			"x.yaml:9:11: deadline: +5bd: 5 business days after 2099-12-28 run past 2099: Japan's holidays are known for 2000–2099 only; write a date"},
		{"business days from 1999", nil, "1999-12-30", "+1bd", "high",
			"x.yaml:9:11: deadline: +1bd: business days cannot be counted from 1999-12-30: Japan's holidays are known for 2000–2099 only; write a date"},
		{"policy past 2099", withTeam, "2099-12-30", "policy", "high",
			"x.yaml:9:11: deadline: policy (the sla for high, 5bd): 5 business days after 2099-12-30 run past 2099: Japan's holidays are known for 2000–2099 only; write a date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ok, err := Resolve(record(t, tc.published, tc.deadline, tc.priority), tc.cfg)
			if err == nil || ok {
				t.Fatalf("resolved: %v %v", ok, err)
			}
			var de *Error
			var loc *advisory.Error
			if !errors.As(err, &de) || !errors.As(err, &loc) || loc.Field != "deadline" {
				t.Errorf("error %T is not a located *due.Error", err)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, s := range []string{"2026-06-16", "2026-05-11T17:00+09:00", "2026-05-11T08:00Z", "2026-05-11T08:00-05:00"} {
		w, err := Parse(s)
		if err != nil || w.String() != s {
			t.Errorf("Parse(%q) = %v, %v", s, w, err)
		}
	}
	for _, s := range []string{"", "2026-13-01", "2026-05-11T17:00", "soon"} {
		if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), "not") {
			t.Errorf("Parse(%q): %v, want an error", s, err)
		}
	}
}
