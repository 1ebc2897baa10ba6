package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
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
// import date; low priorities get as-needed.
var deadlineDays = map[advisory.Priority]int{
	advisory.PriorityCritical: 3,
	advisory.PriorityHigh:     7,
	advisory.PriorityMedium:   30,
}

func (b *builder) deadline(p advisory.Priority, published advisory.Date) advisory.Deadline {
	if b.d.kind == kindNotAffected || b.d.kind == kindWithdrawn {
		return advisory.Deadline{Kind: advisory.DeadlineAsNeeded, Raw: advisory.AsNeeded}
	}
	days, ok := deadlineDays[p]
	if !ok {
		b.unconfirm("deadline", "default for priority "+string(p))
		return advisory.Deadline{Kind: advisory.DeadlineAsNeeded, Raw: advisory.AsNeeded}
	}
	start := date(b.o.Now)
	if published.After(start.Time) {
		start = published
	}
	due := advisory.Date{Time: start.AddDate(0, 0, days)}
	b.unconfirm("deadline", fmt.Sprintf("default for priority %s: %d days after the import", p, days))
	return advisory.Deadline{Kind: advisory.DeadlineDate, Date: due, Raw: due.String()}
}
