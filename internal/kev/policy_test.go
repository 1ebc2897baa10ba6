package kev

import (
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
)

func date(s string) advisory.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return advisory.Date{Time: t}
}

func TestPolicy(t *testing.T) {
	r := &advisory.Record{Published: date("2024-04-25"), Category: advisory.CategoryVulnerability,
		CVEs: []string{"CVE-2024-20353", "CVE-2024-20359", "CVE-2024-20358"}}
	ex := func(cve, due string) advisory.Exploit {
		return advisory.Exploit{CVE: cve, Source: advisory.SourceCISAKEV, Added: date("2024-04-24"), Due: date(due)}
	}
	for _, c := range []struct {
		name  string
		es    []advisory.Exploit
		limit string
		cves  string
	}{
		{"none", nil, "", ""},
		{"one", []advisory.Exploit{ex("CVE-2024-20359", "2024-05-01")}, "2024-05-01", "CVE-2024-20359"},
		{"earliest wins", []advisory.Exploit{ex("CVE-2024-20359", "2024-05-08"), ex("CVE-2024-20353", "2024-05-01")}, "2024-05-01", "CVE-2024-20353"},
		{"ties, in cves order", []advisory.Exploit{ex("CVE-2024-20359", "2024-05-01"), ex("CVE-2024-20353", "2024-05-01"), ex("CVE-2024-20359", "2024-05-01")}, "2024-05-01", "CVE-2024-20353,CVE-2024-20359"},
		{"passed: the publication date", []advisory.Exploit{ex("CVE-2024-20353", "2024-04-20")}, "2024-04-25", "CVE-2024-20353"},
	} {
		t.Run(c.name, func(t *testing.T) {
			limit, cves, ok := Earliest(r, c.es)
			if ok != (c.limit != "") || (ok && limit.String() != c.limit) || strings.Join(cves, ",") != c.cves {
				t.Errorf("Earliest = %v %v %v, want %s %s", limit, cves, ok, c.limit, c.cves)
			}
		})
	}
	for p, below := range map[advisory.Priority]bool{advisory.PriorityLow: true, advisory.PriorityMedium: true, advisory.PriorityHigh: false, advisory.PriorityCritical: false} {
		if Below(p) != below {
			t.Errorf("Below(%s) = %v", p, !below)
		}
	}
	for cat, bound := range map[advisory.Category]bool{advisory.CategoryVulnerability: true, advisory.CategoryIncident: true, advisory.CategoryInfo: false, advisory.CategoryEOL: false, advisory.CategoryMaintenance: false} {
		if got := Bound(&advisory.Record{Category: cat}); got != bound {
			t.Errorf("Bound(%s) = %v", cat, got)
		}
	}
	r.Deadline = advisory.Deadline{Kind: advisory.DeadlineRelative, Span: advisory.Span{Days: 7}, Raw: "+1w"}
	if due, ok, err := RecordDue(r, nil); !ok || err != nil || due.String() != "2024-05-02" {
		t.Errorf("RecordDue = %v %v %v", due, ok, err)
	}
	// Business days: 2024-04-25 (Thu) + 5bd counts Fri 26, Tue 30 (Mon 29
	// is Showa Day), Wed 1, Thu 2 and, after the holidays of 3 to 6 May
	// (6 May substitutes for Children's Day on a Sunday), Tue 7 May.
	r.Deadline = advisory.Deadline{Kind: advisory.DeadlineRelative, Span: advisory.Span{Days: 5, Business: true}, Raw: "+5bd"}
	if due, ok, err := RecordDue(r, nil); !ok || err != nil || due.String() != "2024-05-07" {
		t.Errorf("RecordDue +5bd = %v %v %v", due, ok, err)
	}
	for in, want := range map[string]string{"": "", "A": "A", "A,B": "A and B", "A,B,C": "A, B and C"} {
		var ids []string
		if in != "" {
			ids = strings.Split(in, ",")
		}
		if got := Names(ids); got != want {
			t.Errorf("Names(%q) = %q, want %q", in, got, want)
		}
	}
}
