package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/due"
)

// priorityWord maps a severity word of any source to a priority.
func priorityWord(s string) (advisory.Priority, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical", "緊急":
		return advisory.PriorityCritical, true
	case "important", "high", "重要", "高":
		return advisory.PriorityHigh, true
	case "moderate", "medium", "警告", "中":
		return advisory.PriorityMedium, true
	case "low", "注意", "低", "none", "informational", "info":
		return advisory.PriorityLow, true
	}
	return "", false
}

func scorePriority(score float64) advisory.Priority {
	switch severityOf(score) {
	case "critical":
		return advisory.PriorityCritical
	case "high":
		return advisory.PriorityHigh
	case "medium":
		return advisory.PriorityMedium
	}
	return advisory.PriorityLow
}

// priority follows the mapping documented in the package README section:
// the source's own overall rating first, then the highest CVSS base score,
// then the highest per-vulnerability rating, else a default to confirm.
func (b *builder) priority() advisory.Priority {
	d := b.d
	if d.malware {
		b.comments["priority"] = "noticegen: a malicious package: hosts where it was installed are compromised"
		return advisory.PriorityCritical
	}
	switch d.kind {
	case kindNotAffected:
		b.comments["priority"] = "noticegen: the products are not affected"
		return advisory.PriorityLow
	case kindWithdrawn:
		b.comments["priority"] = "noticegen: the advisory was withdrawn"
		return advisory.PriorityLow
	}
	if p, ok := priorityWord(d.aggregate); ok {
		b.comments["priority"] = fmt.Sprintf("noticegen: from the %s %q", d.aggregateFrom, oneLine(d.aggregate))
		return p
	}
	if len(d.scores) > 0 {
		best := d.scores[0]
		for _, s := range d.scores[1:] {
			if s.score > best.score {
				best = s
			}
		}
		b.comments["priority"] = fmt.Sprintf("noticegen: from the highest CVSS base score, %.1f (CVSS %s, %s)", best.score, best.version, oneLine(best.of))
		return scorePriority(best.score)
	}
	var best advisory.Priority
	var word string
	for _, l := range d.labels {
		if p, ok := priorityWord(l); ok && (best == "" || slices.Index(advisory.Priorities, p) > slices.Index(advisory.Priorities, best)) {
			best, word = p, l
		}
	}
	if best != "" {
		b.comments["priority"] = fmt.Sprintf("noticegen: from the severity rating %q", oneLine(word))
		return best
	}
	if d.kind == kindInfo {
		b.unconfirm("priority", "default for an informational advisory without a severity")
		return advisory.PriorityLow
	}
	b.unconfirm("priority", "default: the source gives no severity")
	return defaultPriority
}

// deadlineDays is the default time to act per priority, counted from the
// import date, when the policy gives no SLA for it; low priorities get
// as-needed.
var deadlineDays = map[advisory.Priority]int{
	advisory.PriorityCritical: 3,
	advisory.PriorityHigh:     7,
	advisory.PriorityMedium:   30,
}

// deadline is the default deadline of an imported record: the policy's
// SLA for the priority when it gives one (Options.Policy), else
// deadlineDays; counted from the import date, or from the publication
// date when that is later, and written as a date for a person to confirm.
func (b *builder) deadline(p advisory.Priority, published advisory.Date) advisory.Deadline {
	asNeeded := advisory.Deadline{Kind: advisory.DeadlineAsNeeded, Raw: advisory.AsNeeded}
	if b.d.kind == kindNotAffected || b.d.kind == kindWithdrawn {
		return asNeeded
	}
	start, from := date(b.o.Now), "the import"
	if published.After(start.Time) {
		// Not before the advisory exists: the note says so, since the
		// person confirming it reads it against the import date.
		start, from = published, fmt.Sprintf("publication (%s, later than the import)", published)
	}
	if pol := b.o.Policy; pol != nil {
		if sp, ok := pol.SLA[p]; ok {
			d, err := due.After(pol, calendar.DateOf(start.Time), sp)
			if err != nil {
				b.unconfirm("deadline", fmt.Sprintf("the sla of %s for priority %s (%s) gives no date: %v", filepath.Base(pol.File), p, sp, err))
				return asNeeded
			}
			dd := advisory.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)}
			b.unconfirm("deadline", fmt.Sprintf("default for priority %s: the sla of %s, %s after %s", p, filepath.Base(pol.File), spanWords(sp), from))
			return advisory.Deadline{Kind: advisory.DeadlineDate, Date: dd, Raw: dd.String()}
		}
	}
	days, ok := deadlineDays[p]
	if !ok {
		b.unconfirm("deadline", "default for priority "+string(p))
		return asNeeded
	}
	day := advisory.Date{Time: start.AddDate(0, 0, days)}
	b.unconfirm("deadline", fmt.Sprintf("default for priority %s: %d days after %s", p, days, from))
	return advisory.Deadline{Kind: advisory.DeadlineDate, Date: day, Raw: day.String()}
}

// spanWords says a span for the note on an imported deadline: "5
// business days", "30 days".
func spanWords(sp advisory.Span) string {
	unit := "day"
	if sp.Business {
		unit = "business day"
	}
	if sp.Days != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", sp.Days, unit)
}
