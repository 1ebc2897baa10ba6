package lint

import (
	"fmt"
	"slices"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/kev"
)

// The rules of the known exploited vulnerabilities policy (package kev):
// a notice about a vulnerability known to be exploited gives a deadline no
// later than the KEV due date and a priority of at least high, and says
// that it is exploited. The record's own exploited field is enough for
// the first two; with a catalog (Options.KEV, check --kev) the
// catalog's entries of the record's cves count too, and the record must
// list them all, as the catalog says.

const (
	ruleKEVDeadline = "kev-deadline"
	ruleKEVPriority = "kev-priority"
	ruleKEVUnmarked = "kev-unmarked"
	ruleKEVMismatch = "kev-mismatch"
)

// kevEntry is one due date a record is held to, and where it comes from.
type kevEntry struct {
	advisory.Exploit
	from string // "exploited[0]" or the catalog's name
}

// kevEntries returns the record's exploited entries, then the catalog's
// entries of its cves.
func (c *checker) kevEntries() []kevEntry {
	var out []kevEntry
	for i, e := range c.rec.Exploited {
		out = append(out, kevEntry{e, fmt.Sprintf("exploited[%d]", i)})
	}
	if c.o.KEV != nil {
		for _, v := range c.o.KEV.Listed(c.rec.CVEs) {
			out = append(out, kevEntry{v.Exploit(), c.o.KEV.File})
		}
	}
	return out
}

// froms names where the entries that give a record the limit come from:
// "exploited[0]", "kev.json", "exploited[0] and kev.json".
func froms(r *advisory.Record, es []kevEntry, limit advisory.Date) string {
	var out []string
	for _, e := range es {
		if !slices.Contains(out, e.from) && kev.Limit(r, e.Due).Equal(limit.Time) {
			out = append(out, e.from)
		}
	}
	return kev.Names(out)
}

func checkKEVDeadline(c *checker) {
	r := c.rec
	es := c.kevEntries()
	if len(es) == 0 || !kev.Bound(r) {
		return
	}
	exploits := make([]advisory.Exploit, len(es))
	for i, e := range es {
		exploits[i] = e.Exploit
	}
	limit, ids, _ := kev.Earliest(r, exploits)
	// The due date behind the limit; when it had passed by the
	// publication date, the limit is that date instead.
	var due advisory.Date
	for _, e := range es {
		if kev.Limit(r, e.Due).Equal(limit.Time) && (due.IsZero() || e.Due.Before(due.Time)) {
			due = e.Due
		}
	}
	from := froms(r, es, limit)
	w, dated, err := c.deadline() // the record's due day, as the drafts say it
	if err != nil {
		return // deadline-unresolved reports it
	}
	switch {
	case !dated:
		c.report(ruleKEVDeadline, "deadline", "is %s, but %s %s known to be exploited (KEV due date %s, %s): attacks are under way, so give a date, no later than %s",
			advisory.AsNeeded, kev.Names(ids), isAre(len(ids)), due, from, limit)
	case !w.Date.After(calendar.DateOf(limit.Time)):
	case due.Before(r.Published.Time):
		c.report(ruleKEVDeadline, "deadline", "%s is later than the publication date %s: the KEV due date of %s, %s (%s), had already passed, so ask for action at once",
			c.dueText(w), r.Published, kev.Names(ids), due, from)
	default:
		c.report(ruleKEVDeadline, "deadline", "%s is later than %s, the KEV due date of %s (%s): bring it forward; CISA gives US federal agencies until then, and a known exploited vulnerability should not wait longer here",
			c.dueText(w), limit, kev.Names(ids), from)
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func checkKEVPriority(c *checker) {
	r := c.rec
	if !kev.Bound(r) || !kev.Below(r.Priority) {
		return
	}
	var ids []string
	for _, e := range c.kevEntries() {
		if !slices.Contains(ids, e.CVE) {
			ids = append(ids, e.CVE)
		}
	}
	if len(ids) == 0 {
		return
	}
	c.report(ruleKEVPriority, "priority", "is %s, but %s %s known to be exploited (CISA KEV): a notice about a known exploited vulnerability is at least %s",
		r.Priority, kev.Names(ids), isAre(len(ids)), kev.MinPriority)
}

// exploitYAML is an exploited entry as a record writes it, for messages.
func exploitYAML(e advisory.Exploit) string {
	s := fmt.Sprintf("{cve: %s, source: %s, added: %s, due: %s", e.CVE, e.Source, e.Added, e.Due)
	if e.Ransomware {
		s += ", ransomware: true"
	}
	return s + "}"
}

func checkKEVUnmarked(c *checker) {
	if c.o.KEV == nil {
		return
	}
	for i, id := range c.rec.CVEs {
		v, ok := c.o.KEV.Lookup(id)
		if !ok || c.marked(id) {
			continue
		}
		c.report(ruleKEVUnmarked, fmt.Sprintf("cves[%d]", i), "%s is in the KEV catalog %s, but exploited does not list it: add %s to exploited, so that the notice says it is exploited",
			id, c.o.KEV.Name(), exploitYAML(v.Exploit()))
	}
}

// marked reports whether the record's exploited field lists id from KEV.
func (c *checker) marked(id string) bool {
	for _, e := range c.rec.Exploited {
		if e.CVE == id && e.Source == advisory.SourceCISAKEV {
			return true
		}
	}
	return false
}

func checkKEVMismatch(c *checker) {
	if c.o.KEV == nil {
		return
	}
	for i, e := range c.rec.Exploited {
		if e.Source != advisory.SourceCISAKEV {
			continue
		}
		base := fmt.Sprintf("exploited[%d]", i)
		v, ok := c.o.KEV.Lookup(e.CVE)
		if !ok {
			c.report(ruleKEVMismatch, base+".cve", "%s is not in the KEV catalog %s: a mistake, or a copy of the catalog older than the record?", e.CVE, c.o.KEV.Name())
			continue
		}
		if !e.Added.Equal(v.Added.Time) {
			c.report(ruleKEVMismatch, base+".added", "is %s, but the KEV catalog %s says %s added %s", e.Added, c.o.KEV.Name(), e.CVE, v.Added)
		}
		if !e.Due.Equal(v.Due.Time) {
			c.report(ruleKEVMismatch, base+".due", "is %s, but the KEV catalog %s gives %s the due date %s", e.Due, c.o.KEV.Name(), e.CVE, v.Due)
		}
		switch {
		case v.Ransomware && !bool(e.Ransomware):
			c.report(ruleKEVMismatch, base+".ransomware", "the KEV catalog %s knows %s to be used in ransomware campaigns: add ransomware: true", c.o.KEV.Name(), e.CVE)
		case !v.Ransomware && bool(e.Ransomware):
			c.report(ruleKEVMismatch, base+".ransomware", "is true, but the KEV catalog %s does not know %s to be used in ransomware campaigns", c.o.KEV.Name(), e.CVE)
		}
	}
}
