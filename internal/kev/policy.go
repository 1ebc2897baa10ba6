package kev

import (
	"slices"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/due"
)

// The notice policy for known exploited vulnerabilities (issue #12): a
// record whose vulnerability is known to be exploited says so in every
// locale (its exploited field), its priority is at least high, and its
// deadline is no later than the due date CISA set. noticegen import
// --kev applies it; noticegen check (rules kev-*) holds records to it.

// MinPriority is the lowest priority of a notice about a known exploited
// vulnerability.
const MinPriority = advisory.PriorityHigh

// RecordDue returns the day a record's deadline falls on under the
// policy (business days, the SLA: due.Resolve), and false for an as-needed
// deadline; a deadline that does not resolve is an error (check reports it
// as deadline-unresolved). The importer and the kev-* rules compare it
// with KEV due dates through this one function.
func RecordDue(r *advisory.Record, policy *config.Config) (advisory.Date, bool, error) {
	w, ok, err := due.Resolve(r, policy)
	if err != nil || !ok {
		return advisory.Date{}, false, err
	}
	return advisory.Date{Time: time.Date(w.Date.Year, w.Date.Month, w.Date.Day, 0, 0, 0, 0, time.UTC)}, true, nil
}

// Bound reports whether the policy holds the record's priority and
// deadline: notices that ask readers to act on a vulnerability or an
// incident. An informational, end-of-life or maintenance notice (import
// writes not-affected and withdrawn advisories as info) still says that a
// vulnerability is exploited, but asks for nothing by a date.
func Bound(r *advisory.Record) bool {
	return r.Category == advisory.CategoryVulnerability || r.Category == advisory.CategoryIncident
}

// Below reports whether priority p is lower than MinPriority.
func Below(p advisory.Priority) bool {
	return slices.Index(advisory.Priorities, p) < slices.Index(advisory.Priorities, MinPriority)
}

// Limit returns the latest deadline a record may give for a vulnerability
// whose KEV due date is due: that date, or the record's publication date
// when the due date had passed by then (a notice cannot ask for action
// before it is sent, and the sooner is then the better).
func Limit(r *advisory.Record, due advisory.Date) advisory.Date {
	if due.Before(r.Published.Time) {
		return r.Published
	}
	return due
}

// Exploit returns the record field's entry for v.
func (v Vuln) Exploit() advisory.Exploit {
	return advisory.Exploit{CVE: v.CVE, Source: advisory.SourceCISAKEV, Added: v.Added, Due: v.Due, Ransomware: advisory.Flag(v.Ransomware)}
}

// Listed returns the catalog's entries for the CVE ids of cves, in their
// order.
func (c *Catalog) Listed(cves []string) []Vuln {
	var out []Vuln
	for _, id := range cves {
		if v, ok := c.Lookup(id); ok {
			out = append(out, v)
		}
	}
	return out
}

// Earliest returns the tightest limit the exploited entries give a record
// (Limit of each due date) and the CVE ids whose due date gives it, in
// the order of the record's cves; ok is false when es is empty.
func Earliest(r *advisory.Record, es []advisory.Exploit) (limit advisory.Date, cves []string, ok bool) {
	for _, e := range es {
		l := Limit(r, e.Due)
		switch {
		case !ok || l.Before(limit.Time):
			limit, cves, ok = l, []string{e.CVE}, true
		case l.Equal(limit.Time) && !slices.Contains(cves, e.CVE):
			cves = append(cves, e.CVE)
		}
	}
	slices.SortStableFunc(cves, func(a, b string) int { return slices.Index(r.CVEs, a) - slices.Index(r.CVEs, b) })
	return limit, cves, ok
}

// Names joins CVE ids for an English message or comment: "A", "A and B",
// "A, B and C".
func Names(ids []string) string {
	if len(ids) < 2 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}
