package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// team is a calendar with the year-end break 29 December – 3 January of
// 2025/26 and 2026/27 (each across a year boundary), a closure without a
// name, a working Saturday, a holiday worked and a day worked inside the
// break.
func team(t testing.TB) *Calendar {
	t.Helper()
	c, err := New([]Period{
		{From: d(t, "2025-12-29"), To: d(t, "2026-01-03"), Name: "年末年始休業"},
		{From: d(t, "2026-12-29"), To: d(t, "2027-01-03"), Name: "年末年始休業"},
		{From: d(t, "2026-06-15"), To: d(t, "2026-06-15")},
	}, []Date{
		d(t, "2026-05-16"), // a Saturday
		d(t, "2026-07-20"), // 海の日
		d(t, "2026-12-30"), // inside the year-end break
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddBusinessDays(t *testing.T) {
	plain := &Calendar{}
	tm := team(t)
	tests := []struct {
		cal  *Calendar
		from string
		n    int
		want string
	}{
		// Day 0 does not count: Friday + 1 is Monday; Saturday + 1 too.
		{plain, "2026-05-08", 0, "2026-05-08"},
		{plain, "2026-05-09", 0, "2026-05-09"}, // n = 0 is the day itself, even a day off
		{plain, "2026-05-08", 1, "2026-05-11"},
		{plain, "2026-05-09", 1, "2026-05-11"},
		{plain, "2026-05-10", 1, "2026-05-11"},
		{plain, "2026-05-11", 1, "2026-05-12"},
		{plain, "2026-05-11", 5, "2026-05-18"},
		// Golden Week 2026: 29 April (Wed), 3–6 May (6 May the substitute for 3 May).
		{plain, "2026-04-28", 1, "2026-04-30"},
		{plain, "2026-04-28", 2, "2026-05-01"},
		{plain, "2026-05-01", 1, "2026-05-07"},
		{plain, "2026-05-01", 5, "2026-05-13"}, // "+5bd" from Friday 1 May
		{plain, "2026-05-03", 1, "2026-05-07"},
		// Golden Week 2019: ten days off, 27 April – 6 May.
		{plain, "2019-04-26", 1, "2019-05-07"},
		{plain, "2019-04-26", 5, "2019-05-13"},
		// The September citizens' holiday: 21–23 September 2026 are off.
		{plain, "2026-09-18", 1, "2026-09-24"},
		// Year end without a team calendar: only 1 January and weekends.
		{plain, "2026-12-30", 1, "2026-12-31"},
		{plain, "2026-12-31", 1, "2027-01-04"},
		// With the year-end break, across the year boundary.
		{tm, "2025-12-26", 1, "2026-01-05"}, // 4 January 2026 is a Sunday
		{tm, "2026-12-25", 1, "2026-12-28"},
		{tm, "2026-12-28", 1, "2026-12-30"}, // the day worked inside the break
		{tm, "2026-12-30", 1, "2027-01-04"},
		{tm, "2026-12-25", 3, "2027-01-04"},
		{tm, "2026-12-25", 4, "2027-01-05"},
		// Open days: a working Saturday, a holiday worked.
		{tm, "2026-05-15", 1, "2026-05-16"},
		{plain, "2026-05-15", 1, "2026-05-18"},
		{tm, "2026-07-17", 1, "2026-07-20"},
		{plain, "2026-07-17", 1, "2026-07-21"},
		// The unnamed one-day closure.
		{tm, "2026-06-12", 1, "2026-06-16"},
		// The last covered day is still reachable.
		{plain, "2099-12-30", 1, "2099-12-31"},
	}
	for _, tt := range tests {
		got, err := tt.cal.AddBusinessDays(d(t, tt.from), tt.n)
		if err != nil || got != d(t, tt.want) {
			name := "plain"
			if tt.cal == tm {
				name = "team"
			}
			t.Errorf("%s: AddBusinessDays(%s, %d) = %s, %v; want %s", name, tt.from, tt.n, got, err, tt.want)
		}
	}
}

func TestAddBusinessDaysErrors(t *testing.T) {
	var c Calendar
	for _, tt := range []struct {
		from string
		n    int
		is   error // nil: any error
	}{
		{"2099-12-31", 1, ErrOutOfRange},
		{"2099-12-25", 10, ErrOutOfRange},
		{"1999-12-31", 0, ErrOutOfRange},
		{"1999-12-31", 1, ErrOutOfRange},
		{"2100-01-01", 0, ErrOutOfRange},
		{"2026-05-11", -1, nil},
	} {
		_, err := c.AddBusinessDays(d(t, tt.from), tt.n)
		if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
			t.Errorf("AddBusinessDays(%s, %d): error %v, want %v", tt.from, tt.n, err, tt.is)
		}
	}
	if _, err := c.AddBusinessDays(Date{2026, 2, 30}, 1); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("AddBusinessDays(2026-02-30): error %v, want ErrInvalidDate", err)
	}
	// A closure to the end of the covered years leaves no business day.
	all, err := New([]Period{{From: d(t, "2090-01-01"), To: d(t, "2200-01-01")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := all.AddBusinessDays(d(t, "2089-12-29"), 5); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("AddBusinessDays into an endless closure: error %v, want ErrOutOfRange", err)
	}
}

func TestOff(t *testing.T) {
	tm := team(t)
	tests := []struct {
		date   string
		kind   OffKind // 0: a business day
		name   string
		nameEn string
	}{
		{"2026-05-11", 0, "", ""},
		{"2026-05-09", OffWeekend, "土曜日", "Saturday"},
		{"2026-05-10", OffWeekend, "日曜日", "Sunday"},
		{"2026-05-16", 0, "", ""},                                        // the working Saturday
		{"2026-05-03", OffHoliday, "憲法記念日", "Constitution Memorial Day"}, // a Sunday: the holiday is named
		{"2026-05-06", OffHoliday, "振替休日", "Substitute holiday"},
		{"2026-09-22", OffHoliday, "国民の休日", "Citizens' holiday"},
		{"2026-07-20", 0, "", ""}, // 海の日, worked
		{"2026-12-29", OffClosed, "年末年始休業", "年末年始休業"},
		{"2026-12-30", 0, "", ""},                          // worked inside the break
		{"2027-01-01", OffHoliday, "元日", "New Year's Day"}, // a holiday inside the break
		{"2027-01-02", OffClosed, "年末年始休業", "年末年始休業"},      // a Saturday inside the break
		{"2026-06-15", OffClosed, "休業日", "Team closure"},
		{"2027-01-04", 0, "", ""},
	}
	for _, tt := range tests {
		day := d(t, tt.date)
		o, off, err := tm.Off(day)
		if err != nil {
			t.Fatalf("Off(%s): %v", tt.date, err)
		}
		business, err := tm.IsBusinessDay(day)
		if err != nil || business == off {
			t.Errorf("%s: IsBusinessDay %v (%v) and Off %v disagree", tt.date, business, err, off)
		}
		if tt.kind == 0 {
			if off {
				t.Errorf("%s: off (%s %s), want a business day", tt.date, o.Kind, o.Name())
			}
			continue
		}
		if !off || o.Date != day || o.Kind != tt.kind || o.Name() != tt.name || o.NameEn() != tt.nameEn {
			t.Errorf("%s: got %v %s %q %q, want %s %q %q", tt.date, off, o.Kind, o.Name(), o.NameEn(), tt.kind, tt.name, tt.nameEn)
		}
	}
	if _, _, err := tm.Off(d(t, "2100-01-01")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("Off(2100-01-01): error %v, want ErrOutOfRange", err)
	}
	// An open day outside the covered years is still an error: whether it
	// would have been a holiday is not known.
	far, err := New(nil, []Date{d(t, "2100-01-04")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := far.IsBusinessDay(d(t, "2100-01-04")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("IsBusinessDay(2100-01-04, open): error %v, want ErrOutOfRange", err)
	}
	// The zero Calendar and a nil *Calendar have no team days.
	var nilCal *Calendar
	for _, c := range []*Calendar{nilCal, {}} {
		if ok, err := c.IsBusinessDay(d(t, "2026-05-11")); !ok || err != nil {
			t.Errorf("%#v: 2026-05-11 business day %v, %v", c, ok, err)
		}
		if ok, err := c.IsBusinessDay(d(t, "2026-12-30")); !ok || err != nil {
			t.Errorf("%#v: 2026-12-30 business day %v, %v", c, ok, err)
		}
	}
}

func TestDaysOffBefore(t *testing.T) {
	plain, tm := &Calendar{}, team(t)
	names := func(offs []DayOff) string {
		var s []string
		for _, o := range offs {
			s = append(s, o.Date.String()[5:]+" "+o.Name())
		}
		return strings.Join(s, ", ")
	}
	tests := []struct {
		cal  *Calendar
		date string
		n    int
		want string
	}{
		{plain, "2026-05-07", 7, "05-02 土曜日, 05-03 憲法記念日, 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日"},
		{plain, "2026-05-07", 1, "05-06 振替休日"},
		{plain, "2026-05-07", 0, ""},
		{plain, "2026-05-14", 3, ""},
		{plain, "2027-01-04", 5, "01-01 元日, 01-02 土曜日, 01-03 日曜日"},
		// 28 December is worked, and 30 December inside the break.
		{tm, "2027-01-04", 7, "12-29 年末年始休業, 12-31 年末年始休業, 01-01 元日, 01-02 年末年始休業, 01-03 年末年始休業"},
	}
	for _, tt := range tests {
		offs, err := tt.cal.DaysOffBefore(d(t, tt.date), tt.n)
		if err != nil {
			t.Errorf("DaysOffBefore(%s, %d): %v", tt.date, tt.n, err)
			continue
		}
		if got := names(offs); got != tt.want {
			t.Errorf("DaysOffBefore(%s, %d) = %s; want %s", tt.date, tt.n, got, tt.want)
		}
	}
	if _, err := plain.DaysOffBefore(d(t, "2000-01-03"), 5); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("DaysOffBefore(2000-01-03, 5): error %v, want ErrOutOfRange", err)
	}
	if _, err := plain.DaysOffBefore(d(t, "2000-01-03"), 2); err != nil {
		t.Errorf("DaysOffBefore(2000-01-03, 2): %v", err)
	}
	if _, err := plain.DaysOffBefore(d(t, "2026-05-07"), -1); err == nil {
		t.Error("DaysOffBefore(n = -1): no error")
	}
}

func TestNew(t *testing.T) {
	_, err := New([]Period{
		{From: d(t, "2026-12-29"), To: d(t, "2027-01-03")},
		{From: d(t, "2027-01-03"), To: d(t, "2026-12-29")},
		{From: Date{2026, 2, 30}, To: d(t, "2026-03-01")},
	}, []Date{{2026, 13, 1}})
	if err == nil {
		t.Fatal("New accepted a period backwards and invalid dates")
	}
	for _, want := range []string{
		"closed[1]: from 2027-01-03 is after to 2026-12-29",
		"closed[2]: from: 2026-02-30: not a valid date",
		"open[0]: 2026-13-01: not a valid date",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "closed[0]") {
		t.Errorf("error %q blames the valid period", err)
	}
	if !errors.Is(err, ErrInvalidDate) {
		t.Errorf("error %v does not wrap ErrInvalidDate", err)
	}
}

// checkAdd checks AddBusinessDays(from, n) against counting business days
// one by one: the result r is a business day after from for n ≥ 1, exactly
// n business days lie in (from, r], one more business day is the next
// business day after r, and a later start never gives an earlier result.
func checkAdd(t *testing.T, c *Calendar, from Date, n int) {
	t.Helper()
	r, err := c.AddBusinessDays(from, n)
	if err != nil {
		if !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("AddBusinessDays(%s, %d): %v", from, n, err)
		}
		// Only when fewer than n business days are left in the range.
		left := 0
		for e := from.AddDays(1); e.Year <= LastYear; e = e.AddDays(1) {
			if ok, _ := c.IsBusinessDay(e); ok {
				left++
			}
		}
		if left >= n {
			t.Fatalf("AddBusinessDays(%s, %d): %v, but %d business days are left", from, n, err, left)
		}
		return
	}
	if n == 0 {
		if r != from {
			t.Fatalf("AddBusinessDays(%s, 0) = %s", from, r)
		}
		return
	}
	if ok, err := c.IsBusinessDay(r); !ok || err != nil {
		t.Fatalf("AddBusinessDays(%s, %d) = %s, not a business day (%v)", from, n, r, err)
	}
	if !r.After(from) {
		t.Fatalf("AddBusinessDays(%s, %d) = %s, not after it", from, n, r)
	}
	count := 0
	for e := from.AddDays(1); !e.After(r); e = e.AddDays(1) {
		if ok, _ := c.IsBusinessDay(e); ok {
			count++
		}
	}
	if count != n {
		t.Fatalf("AddBusinessDays(%s, %d) = %s: %d business days in between", from, n, r, count)
	}
	if next, err := c.AddBusinessDays(from, n+1); err == nil {
		if after, _ := c.AddBusinessDays(r, 1); next != after || !next.After(r) {
			t.Fatalf("AddBusinessDays(%s, %d) = %s, but +1 more is %s and %s + 1 is %s", from, n, r, next, r, after)
		}
	}
	if later, err := c.AddBusinessDays(from.AddDays(1), n); err == nil && later.Before(r) {
		t.Fatalf("AddBusinessDays(%s, %d) = %s, but from the day after it is %s", from, n, r, later)
	}
}

// TestAddBusinessDaysProperties runs checkAdd over the whole covered range.
func TestAddBusinessDaysProperties(t *testing.T) {
	tm := team(t)
	first := Date{FirstYear, time.January, 1}
	days := Date{LastYear, time.December, 31}.DaysSince(first)
	for i := 0; i <= days; i += 5 {
		from := first.AddDays(i)
		for _, n := range []int{0, 1, 2, 5, 11} {
			checkAdd(t, &Calendar{}, from, n)
			if from.Year >= 2025 && from.Year <= 2027 {
				checkAdd(t, tm, from, n)
			}
		}
	}
	checkAdd(t, &Calendar{}, Date{LastYear, time.December, 24}, 30)
}

// FuzzAddBusinessDays checks AddBusinessDays's properties for any start, any
// count and a calendar with one closed period and one open day.
func FuzzAddBusinessDays(f *testing.F) {
	// Days are counted from 2000-01-01.
	f.Add(uint16(9617), uint16(5), uint16(9800), uint8(6), uint16(9700))  // 2026-05-01 +5 over Golden Week
	f.Add(uint16(9855), uint16(3), uint16(9859), uint8(5), uint16(9860))  // 2026-12-25 +3, break 12/29–1/3, 12/30 open
	f.Add(uint16(36520), uint16(10), uint16(0), uint8(0), uint16(0))      // 2099-12-27 +10: past the range
	f.Add(uint16(7055), uint16(1), uint16(7055), uint8(20), uint16(7060)) // 2019-04-26 +1, closed to 05-16, 05-01 open
	first := Date{FirstYear, time.January, 1}
	days := uint16(Date{LastYear, time.December, 31}.DaysSince(first) + 1)
	f.Fuzz(func(t *testing.T, start, n, closedFrom uint16, closedLen uint8, open uint16) {
		from := first.AddDays(int(start % days))
		cf := first.AddDays(int(closedFrom % days))
		c, err := New([]Period{{From: cf, To: cf.AddDays(int(closedLen))}}, []Date{first.AddDays(int(open % days))})
		if err != nil {
			t.Fatal(err)
		}
		checkAdd(t, c, from, int(n%400))
	})
}
