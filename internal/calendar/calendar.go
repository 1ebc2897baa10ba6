package calendar

import (
	"errors"
	"fmt"
	"time"
)

// Period is a team closure: the days From to To, both included. A single
// day has From == To. Name says what it is ("年末年始休業", "office move");
// it may be empty.
type Period struct {
	From, To Date
	Name     string
}

// Calendar says which days a team works: every day but Saturdays, Sundays,
// Japan's national holidays (all of Holidays: substitute and citizens'
// holidays too) and the team's closed periods, except that a day listed
// as open is always a working day. Open wins over everything: a working
// Saturday, a holiday the team works, a day worked inside a closed period.
//
// The zero Calendar has no closed or open days. A Calendar is not changed
// by its methods and may be used from several goroutines.
type Calendar struct {
	closed []Period
	open   map[Date]bool
}

// New returns the Calendar with the team's closed periods and open days.
// Every date must be valid and every period's From no later than its To;
// the errors name the entry (closed[1], open[0]) and wrap ErrInvalidDate
// for a date that does not exist. Dates may lie outside FirstYear–LastYear
// (they only matter when such a day is asked about, which is an error).
func New(closed []Period, open []Date) (*Calendar, error) {
	var errs []error
	c := &Calendar{open: make(map[Date]bool, len(open))}
	for i, p := range closed {
		switch {
		case !p.From.IsValid():
			errs = append(errs, fmt.Errorf("closed[%d]: from: %w", i, invalidDate(p.From)))
		case !p.To.IsValid():
			errs = append(errs, fmt.Errorf("closed[%d]: to: %w", i, invalidDate(p.To)))
		case p.To.Before(p.From):
			errs = append(errs, fmt.Errorf("closed[%d]: from %s is after to %s", i, p.From, p.To))
		default:
			c.closed = append(c.closed, p)
		}
	}
	for i, d := range open {
		if !d.IsValid() {
			errs = append(errs, fmt.Errorf("open[%d]: %w", i, invalidDate(d)))
			continue
		}
		c.open[d] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// OffKind says why a day is not a business day.
type OffKind int

const (
	// OffHoliday: a holiday under Japan's laws (DayOff.Holiday says which).
	OffHoliday OffKind = iota + 1
	// OffClosed: inside one of the team's closed periods (DayOff.Closure).
	OffClosed
	// OffWeekend: a Saturday or a Sunday.
	OffWeekend
)

func (k OffKind) String() string {
	switch k {
	case OffHoliday:
		return "holiday"
	case OffClosed:
		return "team closure"
	case OffWeekend:
		return "weekend"
	}
	return fmt.Sprintf("OffKind(%d)", int(k))
}

// DayOff is a day that is not a business day, and why. When several
// reasons hold, Kind is the first of: a national holiday, a team closure
// (the first period listed that holds the day), the weekend. So 1 January
// inside a year-end closure is 元日, and a Saturday holiday is the
// holiday.
type DayOff struct {
	Date    Date
	Kind    OffKind
	Holiday Holiday // when Kind is OffHoliday
	Closure Period  // when Kind is OffClosed
}

// Name is the reason in Japanese: the holiday's name, the closure's name
// (休業日 when it has none) or the weekday (土曜日, 日曜日).
func (o DayOff) Name() string {
	switch o.Kind {
	case OffHoliday:
		return o.Holiday.Name
	case OffClosed:
		if o.Closure.Name != "" {
			return o.Closure.Name
		}
		return "休業日"
	}
	if o.Date.Weekday() == time.Saturday {
		return "土曜日"
	}
	return "日曜日"
}

// NameEn is the reason in English: the holiday's English name, the
// closure's name ("Team closure" when it has none) or the weekday
// ("Saturday", "Sunday").
func (o DayOff) NameEn() string {
	switch o.Kind {
	case OffHoliday:
		return o.Holiday.NameEn
	case OffClosed:
		if o.Closure.Name != "" {
			return o.Closure.Name
		}
		return "Team closure"
	}
	return o.Date.Weekday().String()
}

// Off reports whether d is a day off and, if it is, why (see DayOff for
// which reason is given). The error is for an invalid date or one outside
// FirstYear–LastYear (wrapping ErrOutOfRange), even when d is an open day.
func (c *Calendar) Off(d Date) (DayOff, bool, error) {
	if err := checkDate(d); err != nil {
		return DayOff{}, false, err
	}
	if c != nil && c.open[d] {
		return DayOff{}, false, nil
	}
	if h, ok := table().byDate[d]; ok {
		return DayOff{Date: d, Kind: OffHoliday, Holiday: h}, true, nil
	}
	if c != nil {
		for _, p := range c.closed {
			if !d.Before(p.From) && !d.After(p.To) {
				return DayOff{Date: d, Kind: OffClosed, Closure: p}, true, nil
			}
		}
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return DayOff{Date: d, Kind: OffWeekend}, true, nil
	}
	return DayOff{}, false, nil
}

// IsBusinessDay reports whether the team works on d: an open day, or a
// weekday that is neither a holiday nor in a closed period. The error is
// as for Off.
func (c *Calendar) IsBusinessDay(d Date) (bool, error) {
	_, off, err := c.Off(d)
	return !off && err == nil, err
}

// AddBusinessDays returns the n-th business day after d, counting from the
// day after d: d itself never counts, whether or not it is a business day.
// So with no team days, Friday + 1 is the next Monday, Saturday + 1 is
// also that Monday, and the last working day before Golden Week + 1 is
// the first working day after it. For n ≥ 1 the result is always a business day;
// n = 0 returns d as it is. A deadline "+5bd" from a publication date p
// is AddBusinessDays(p, 5).
//
// n < 0 is an error, and so is d, or any day the count passes, outside
// FirstYear–LastYear (wrapping ErrOutOfRange).
func (c *Calendar) AddBusinessDays(d Date, n int) (Date, error) {
	if n < 0 {
		return Date{}, fmt.Errorf("%d business days: the count must not be negative", n)
	}
	if err := checkDate(d); err != nil {
		return Date{}, err
	}
	for n > 0 {
		d = d.AddDays(1)
		ok, err := c.IsBusinessDay(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// DaysOffBefore returns the days off among the n calendar days just before
// d (d−n to d−1; d itself is not looked at), oldest first. The number
// returned against n says how much of the run-up to a deadline d is
// working time: before 2026-05-07, 5 of the 7 days are off (Golden Week).
//
// n < 0 is an error, and so is an invalid d or any of the n days outside
// FirstYear–LastYear (wrapping ErrOutOfRange).
func (c *Calendar) DaysOffBefore(d Date, n int) ([]DayOff, error) {
	if n < 0 {
		return nil, fmt.Errorf("%d days before %s: the count must not be negative", n, d)
	}
	if !d.IsValid() {
		return nil, invalidDate(d)
	}
	var offs []DayOff
	for i := n; i >= 1; i-- {
		o, off, err := c.Off(d.AddDays(-i))
		if err != nil {
			return nil, err
		}
		if off {
			offs = append(offs, o)
		}
	}
	return offs, nil
}
