package lint

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/due"
)

// Deadline rules: a deadline that does not resolve under the policy, one
// that has already passed, one that contradicts the priority, and a fixed
// one on a day off or right after a run of days off. Every rule uses the
// deadline as internal/due resolves it under the Renderer's policy (team
// calendar and SLA), as the drafts show it.

// lowMinDays is the shortest span between publication and deadline that
// fits a low priority: a notice that must be acted on within two days is
// not low.
const lowMinDays = 2

// The run-up to a fixed deadline: of the offWindow calendar days before it,
// offMost or more being days off means the readers have had little
// working time just before it. An ordinary week has 2 days off in 7 and a
// long weekend 3; Golden Week, Silver Week and the year-end break have 4
// or more.
const (
	offWindow = 7
	offMost   = 4
)

// ruleUnresolved is the error rule for a deadline that does not resolve;
// the drafts of such a record do not render, which it alone reports.
const ruleUnresolved = "deadline-unresolved"

// deadline resolves the record's deadline once.
func (c *checker) deadline() (due.When, bool, error) {
	if !c.dueDone {
		c.dueWhen, c.dueOK, c.dueErr = due.Resolve(c.rec, c.o.Renderer.Policy())
		c.dueDone = true
	}
	return c.dueWhen, c.dueOK, c.dueErr
}

// policyCalendar is the team calendar of the policy the record is checked
// under.
func (c *checker) policyCalendar() *calendar.Calendar {
	if p := c.o.Renderer.Policy(); p != nil && p.Calendar != nil {
		return p.Calendar
	}
	return nil // national holidays and weekends
}

// dueText words a deadline for a message: "2026-06-30",
// "2026-05-11T17:00+09:00", "+2w (2026-06-15)" for a span, "policy (high:
// 5bd, 2026-06-16)" for the policy's SLA.
func (c *checker) dueText(w due.When) string {
	dl := c.rec.Deadline
	switch {
	case w.Policy:
		return fmt.Sprintf("%s (%s: %s, %s)", dl, c.rec.Priority, w.Span, w)
	case dl.Kind == advisory.DeadlineRelative:
		return dl.String() + " (" + w.String() + ")"
	}
	return w.String()
}

func checkDeadlineUnresolved(c *checker) {
	_, _, err := c.deadline()
	var de *due.Error
	if errors.As(err, &de) {
		c.report(ruleUnresolved, "deadline", "%s", de.Loc.Msg)
	} else if err != nil {
		c.report(ruleUnresolved, "deadline", "%v", err)
	}
}

func checkDeadlinePast(c *checker) {
	w, ok, err := c.deadline()
	if !ok || err != nil {
		return
	}
	if w.HasTime() {
		if c.o.Now.After(w.At) {
			c.report("deadline-past", "deadline", "%s has passed (it is now %s)", c.dueText(w), c.o.Now.In(w.At.Location()).Format("2006-01-02T15:04Z07:00"))
		}
		return
	}
	if today := calendar.DateOf(c.o.Now); w.Date.Before(today) {
		c.report("deadline-past", "deadline", "%s has passed (today is %s)", c.dueText(w), today)
	}
}

func checkPriorityDeadline(c *checker) {
	r := c.rec
	w, dated, err := c.deadline()
	if err != nil {
		return
	}
	switch {
	case r.Priority == advisory.PriorityCritical && !dated:
		c.report("priority-deadline", "deadline", "priority is critical but the deadline is %s: give the date by which readers must act", advisory.AsNeeded)
	case r.Priority == advisory.PriorityLow && dated:
		days := w.Date.DaysSince(calendar.DateOf(r.Published.Time))
		if days <= lowMinDays {
			c.report("priority-deadline", "deadline", "priority is low but the deadline %s is %s after publication: raise the priority or allow more time",
				c.dueText(w), plural(days, "day"))
		}
	}
}

// checkDeadlineDayOff warns about a fixed deadline (a date, or a date and
// time, as the record writes it) that falls on a day off of the policy's
// calendar, suggesting the business day before, and about one whose
// run-up is mostly days off. A deadline counted in business days never
// falls on a day off and has the days it counts; one counted in calendar
// days is the span the record asked for. Days outside the years the
// calendar knows are not checked.
func checkDeadlineDayOff(c *checker) {
	w, ok, err := c.deadline()
	if !ok || err != nil || !w.Fixed() {
		return
	}
	cal := c.policyCalendar()
	if o, off, err := cal.Off(w.Date); err == nil && off {
		msg := fmt.Sprintf("%s falls on a day off (%s)", w, offName(o))
		if prev, ok := businessDayBefore(cal, w.Date); ok {
			msg += fmt.Sprintf(": the business day before is %s %s", prev.Weekday().String()[:3], prev)
			if w.HasTime() {
				at := time.Date(prev.Year, prev.Month, prev.Day, w.At.Hour(), w.At.Minute(), 0, 0, w.At.Location())
				msg += " (" + at.Format("2006-01-02T15:04Z07:00") + ")"
			}
		}
		c.report("deadline-day-off", "deadline", "%s", msg)
	}
	offs, err := cal.DaysOffBefore(w.Date, offWindow)
	if err != nil || len(offs) < offMost {
		return
	}
	c.report("deadline-day-off", "deadline", "%d of the %d days before %s are days off (%s): readers have only %s to act in the week before it; allow more time after the break",
		len(offs), offWindow, w.Date, offRuns(offs), plural(offWindow-len(offs), "business day"))
}

// offName names why a day is off, in Japanese and English when they
// differ: "振替休日 / Substitute holiday", "土曜日 / Saturday",
// "年末年始休業".
func offName(o calendar.DayOff) string {
	if ja, en := o.Name(), o.NameEn(); ja != en {
		return ja + " / " + en
	}
	return o.Name()
}

// businessDayBefore returns the last business day before d, looking back
// at most a year.
func businessDayBefore(cal *calendar.Calendar, d calendar.Date) (calendar.Date, bool) {
	for i := 1; i <= 366; i++ {
		p := d.AddDays(-i)
		ok, err := cal.IsBusinessDay(p)
		if err != nil {
			return calendar.Date{}, false
		}
		if ok {
			return p, true
		}
	}
	return calendar.Date{}, false
}

// offRuns lists days off briefly, consecutive days of the same reason as
// one run: "12/29–12/31 年末年始休業, 1/1 元日, 1/2–1/3 年末年始休業".
func offRuns(offs []calendar.DayOff) string {
	day := func(d calendar.Date) string { return fmt.Sprintf("%d/%d", int(d.Month), d.Day) }
	var parts []string
	for i := 0; i < len(offs); {
		j := i
		for j+1 < len(offs) && offs[j+1].Name() == offs[i].Name() && offs[j+1].Date == offs[j].Date.AddDays(1) {
			j++
		}
		s := day(offs[i].Date)
		if j > i {
			s += "–" + day(offs[j].Date)
		}
		parts = append(parts, s+" "+offs[i].Name())
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// plural words a count: "0 days", "1 day", "2 days".
func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
