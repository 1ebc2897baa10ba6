// Package due resolves when a record's readers must have acted: the day,
// and the time when there is one, that its deadline comes to under the
// notice policy (noticegen.yaml: the team calendar and the SLA per
// priority). It is the one place that does so: the drafts
// (internal/render), check's deadline rules, import's default deadlines,
// the review page and export's pages all call Resolve, so that none of
// them can disagree about a date.
//
// A deadline resolves as follows (advisory.Deadline has the syntax):
//
//   - 2026-06-30: that day; 2026-05-11T17:00+09:00: that day and instant,
//     in the zone written.
//   - +14d, +2w: that many calendar days after the publication date.
//   - +5bd: the fifth business day after the publication date, which
//     itself never counts (calendar.AddBusinessDays): weekends, Japan's
//     national holidays and the team's closed days are skipped, its open
//     days count.
//   - policy: the SLA of noticegen.yaml for the record's priority, counted
//     as a span is.
//   - as-needed: no date.
package due

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/config"
)

// When is what a deadline resolves to.
type When struct {
	// Date is the day: as written (in the zone written, for a deadline
	// with a time) or counted from the publication date.
	Date calendar.Date
	// At is the instant of a deadline written with a time of day, in the
	// zone written; zero otherwise.
	At time.Time
	// Span is what was counted from the publication date, for a relative
	// or policy deadline; zero for a fixed one.
	Span advisory.Span
	// Policy says Span is the policy's SLA for the record's priority
	// (deadline: policy).
	Policy bool
}

// HasTime reports a deadline with a time of day.
func (w When) HasTime() bool { return !w.At.IsZero() }

// Fixed reports a deadline the record writes as a date (with or without
// a time), not counted from the publication date.
func (w When) Fixed() bool { return w.Span.IsZero() }

// timeLayout is how a deadline with a time is written: RFC 3339 to the
// minute.
const timeLayout = "2006-01-02T15:04Z07:00"

// String writes the deadline as a date, 2026-06-16, or a date and time
// with its zone, 2026-05-11T17:00+09:00 (Z for UTC), as a record may
// write it. Parse reads it back (without the span).
func (w When) String() string {
	if w.HasTime() {
		return w.At.Format(timeLayout)
	}
	return w.Date.String()
}

// Parse reads what String writes.
func Parse(s string) (When, error) {
	if len(s) == len(time.DateOnly) {
		d, err := calendar.ParseDate(s)
		return When{Date: d}, err
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return When{}, fmt.Errorf("%q is not a deadline written YYYY-MM-DD or YYYY-MM-DDTHH:MM with its zone", s)
	}
	return When{Date: calendar.DateOf(t), At: t}, nil
}

// Error is a deadline that does not resolve. Loc places it at the record's
// deadline, so that it reads "file:line:col: deadline: message".
type Error struct {
	Loc *advisory.Error
}

func (e *Error) Error() string { return e.Loc.Error() }

// Unwrap gives the located error.
func (e *Error) Unwrap() error { return e.Loc }

var defaultPolicy = sync.OnceValue(config.Default)

// Resolve returns when rec's readers must have acted under the policy cfg
// (nil: no policy file, so weekends and national holidays only, and no
// SLA), and false for an as-needed deadline. The error, an *Error, is for
// a deadline that cannot be resolved: policy without an SLA for the
// record's priority, or business days counted from or into a year whose
// holidays are not known (outside 2000–2099).
func Resolve(rec *advisory.Record, cfg *config.Config) (When, bool, error) {
	if cfg == nil {
		cfg = defaultPolicy()
	}
	dl := rec.Deadline
	switch dl.Kind {
	case advisory.DeadlineAsNeeded:
		return When{}, false, nil
	case advisory.DeadlineDate:
		w := When{Date: calendar.DateOf(dl.Date.Time)}
		if dl.HasTime() {
			w.At = dl.At
		}
		return w, true, nil
	case advisory.DeadlinePolicy:
		sp, ok := cfg.SLA[rec.Priority]
		if !ok {
			return When{}, false, fail(rec, "%s", noSLA(cfg, rec.Priority))
		}
		return span(rec, cfg, sp, true)
	case advisory.DeadlineRelative:
		return span(rec, cfg, dl.Span, false)
	}
	return When{}, false, fail(rec, "unknown kind of deadline %d", dl.Kind)
}

func noSLA(cfg *config.Config, p advisory.Priority) string {
	if cfg.File == "" {
		return fmt.Sprintf("policy, but no policy file gives an sla for %s (noticegen.yaml beside the records, or --config FILE) — add one with sla: %s: …, or write a date", p, p)
	}
	return fmt.Sprintf("policy, but %s gives no sla for %s — add sla: %s: … or write a date", cfg.File, p, p)
}

func span(rec *advisory.Record, cfg *config.Config, sp advisory.Span, policy bool) (When, bool, error) {
	from := calendar.DateOf(rec.Published.Time)
	d, err := After(cfg, from, sp)
	if err != nil {
		what := rec.Deadline.String()
		if policy {
			what = fmt.Sprintf("policy (the sla for %s, %s)", rec.Priority, sp)
		}
		return When{}, false, fail(rec, "%s: %v", what, err)
	}
	return When{Date: d, Span: sp, Policy: policy}, true, nil
}

// After returns the day a span after from comes to: calendar days added,
// or business days counted with cfg's team calendar (nil: national
// holidays and weekends only). Counting business days from or into a year
// outside 2000–2099 is an error that says so.
func After(cfg *config.Config, from calendar.Date, sp advisory.Span) (calendar.Date, error) {
	if !sp.Business {
		return from.AddDays(sp.Days), nil
	}
	if cfg == nil {
		cfg = defaultPolicy()
	}
	known := fmt.Sprintf("Japan's holidays are known for %d–%d only", calendar.FirstYear, calendar.LastYear)
	if y := from.Year; y < calendar.FirstYear || y > calendar.LastYear {
		return calendar.Date{}, fmt.Errorf("business days cannot be counted from %s: %s; write a date", from, known)
	}
	d, err := cfg.Calendar.AddBusinessDays(from, sp.Days)
	if errors.Is(err, calendar.ErrOutOfRange) {
		return calendar.Date{}, fmt.Errorf("%d business days after %s run past %d: %s; write a date", sp.Days, from, calendar.LastYear, known)
	}
	return d, err
}

func fail(rec *advisory.Record, format string, args ...any) error {
	return &Error{Loc: &advisory.Error{File: rec.File, Pos: rec.Positions["deadline"], Field: "deadline", Msg: fmt.Sprintf(format, args...)}}
}
