// Package calendar knows Japan's national holidays and counts business
// days over them, the weekend and a team's own calendar.
//
// The holidays follow the Act on National Holidays (国民の祝日に関する法律)
// and the laws that changed single years; they are computed for the years
// FirstYear to LastYear and a date outside them is an error wrapping
// ErrOutOfRange, never a guess. See Holidays for the rules.
//
// Dates are civil dates (Date): a year, month and day on the calendar,
// with no time of day and no time zone. A notice's "May 11" is the same
// day wherever it is read. To get the date of an instant, choose where it
// is seen: DateOf(t.In(JST)) is the day in Japan.
package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"time"
)

// JST is Japan Standard Time (UTC+9; Japan has no daylight saving time),
// a fixed zone so that it does not depend on the system's zone database.
var JST = time.FixedZone("JST", 9*60*60)

// ErrInvalidDate is wrapped by the errors for a Date that is not a day of
// the calendar (month 13, 30 February, the zero Date).
var ErrInvalidDate = errors.New("not a valid date")

// Date is a civil date in the (proleptic) Gregorian calendar: Year, Month
// and Day as printed on a calendar. It has no time of day and no zone.
// Dates are comparable with == and usable as map keys; the zero Date is
// not a valid date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, or an error wrapping
// ErrInvalidDate when there is no such day (it never normalises, so
// NewDate(2026, 2, 30) is an error, not 2 March).
func NewDate(year int, month time.Month, day int) (Date, error) {
	d := Date{year, month, day}
	if !d.IsValid() {
		return Date{}, invalidDate(d)
	}
	return d, nil
}

// ParseDate reads a date written YYYY-MM-DD (ISO 8601 calendar date, as
// in "2026-05-11"). Anything else, or a day that does not exist, is an
// error.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the civil date of t in t's own location: DateOf(t.In(JST))
// is the day in Japan at the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func invalidDate(d Date) error {
	return fmt.Errorf("%s: %w", d, ErrInvalidDate)
}

// midnight is d at 00:00 UTC: the one fixed zone every computation on
// dates uses, so that no day is 23 or 25 hours long.
func (d Date) midnight() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsValid reports whether d is a day of the calendar.
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		DateOf(d.midnight()) == d
}

// String writes d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Weekday returns the day of the week of d (d must be valid).
func (d Date) Weekday() time.Weekday {
	return d.midnight().Weekday()
}

// AddDays returns the date n calendar days after d (before d when n is
// negative). d must be valid.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// DaysSince returns the number of calendar days from e to d: positive
// when d is later, so e.AddDays(d.DaysSince(e)) == d. Both must be valid.
func (d Date) DaysSince(e Date) int {
	return int((d.midnight().Unix() - e.midnight().Unix()) / secondsPerDay)
}

const secondsPerDay = 24 * 60 * 60

// Compare returns -1 when d is before e, +1 when it is after, 0 when they
// are the same day.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }
