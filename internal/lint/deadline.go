package lint

import (
	"strconv"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Deadline rules: a deadline that has already passed, and a deadline that
// contradicts the priority.

// lowMinDays is the shortest span between publication and deadline that
// fits a low priority: a notice that must be acted on within two days is
// not low.
const lowMinDays = 2

// today returns the current date in Now's location, as a date.
func (c *checker) today() time.Time {
	y, m, d := c.o.Now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dueText words a deadline for a message: "2026-06-30", or "+2w
// (2026-06-23)" for a span.
func dueText(dl advisory.Deadline, due advisory.Date) string {
	if dl.Kind == advisory.DeadlineRelative {
		return dl.String() + " (" + due.String() + ")"
	}
	return due.String()
}

func checkDeadlinePast(c *checker) {
	due, ok := c.rec.Deadline.Due(c.rec.Published)
	if !ok {
		return
	}
	today := c.today()
	if due.Before(today) {
		c.report("deadline-past", "deadline", "%s has passed (today is %s)", dueText(c.rec.Deadline, due), today.Format("2006-01-02"))
	}
}

func checkPriorityDeadline(c *checker) {
	r := c.rec
	due, dated := r.Deadline.Due(r.Published)
	switch {
	case r.Priority == advisory.PriorityCritical && !dated:
		c.report("priority-deadline", "deadline", "priority is critical but the deadline is %s: give the date by which readers must act", advisory.AsNeeded)
	case r.Priority == advisory.PriorityLow && dated:
		days := int(due.Sub(r.Published.Time).Hours() / 24)
		if days <= lowMinDays {
			c.report("priority-deadline", "deadline", "priority is low but the deadline %s is %s after publication: raise the priority or allow more time",
				dueText(r.Deadline, due), plural(days, "day"))
		}
	}
}

// plural words a count: "0 days", "1 day", "2 days".
func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
