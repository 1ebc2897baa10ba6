package calendar

import (
	"errors"
	"testing"
	"time"
)

// d builds a Date for tests, failing on an invalid one.
func d(t testing.TB, s string) Date {
	t.Helper()
	v, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func holidayOn(t *testing.T, s string) (Holiday, bool) {
	t.Helper()
	h, ok, err := HolidayOn(d(t, s))
	if err != nil {
		t.Fatalf("HolidayOn(%s): %v", s, err)
	}
	return h, ok
}

// TestRules checks single days that each exercise one rule or one change
// of the law, outside and inside the years of the official list.
func TestRules(t *testing.T) {
	tests := []struct {
		date   string
		name   string // "" for no holiday
		nameEn string
		kind   Kind
	}{
		// Happy Monday from 2000 (成人の日, 体育の日) and 2003 (海の日, 敬老の日).
		{"2000-01-10", "成人の日", "Coming of Age Day", National},
		{"2000-01-15", "", "", 0},
		{"2002-07-20", "海の日", "Marine Day", National},
		{"2003-07-21", "海の日", "Marine Day", National},
		{"2003-07-20", "", "", 0},
		{"2002-09-15", "敬老の日", "Respect for the Aged Day", National},
		{"2003-09-15", "敬老の日", "Respect for the Aged Day", National}, // also the 3rd Monday
		{"2004-09-20", "敬老の日", "Respect for the Aged Day", National},
		{"2004-09-15", "", "", 0},
		{"2019-10-14", "体育の日", "Health and Sports Day", National},
		{"2022-10-10", "スポーツの日", "Sports Day", National},
		{"2099-10-12", "スポーツの日", "Sports Day", National},
		// 2007: 昭和の日 and みどりの日 on 4 May.
		{"2006-04-29", "みどりの日", "Greenery Day", National},
		{"2007-04-29", "昭和の日", "Showa Day", National},
		{"2006-05-04", "国民の休日", "Citizens' holiday", Citizens},
		{"2007-05-04", "みどりの日", "Greenery Day", National},
		// 山の日 from 2016.
		{"2015-08-11", "", "", 0},
		{"2016-08-11", "山の日", "Mountain Day", National},
		// 天皇誕生日: 23 December until 2018, none in 2019, 23 February from 2020.
		{"2018-12-23", "天皇誕生日", "The Emperor's Birthday", National},
		{"2019-12-23", "", "", 0},
		{"2019-02-23", "", "", 0},
		{"2020-02-23", "天皇誕生日", "The Emperor's Birthday", National},
		{"2020-12-23", "", "", 0},
		// 2019's enthronement days and the citizens' holidays around 1 May.
		{"2019-04-30", "国民の休日", "Citizens' holiday", Citizens},
		{"2019-05-01", "即位の日", "Enthronement Day", Special},
		{"2019-05-02", "国民の休日", "Citizens' holiday", Citizens},
		{"2019-10-22", "即位礼正殿の儀", "Enthronement Ceremony Day", Special},
		// Tokyo 2020: the moved days, and the usual ones not holidays.
		{"2020-07-23", "海の日", "Marine Day", National},
		{"2020-07-24", "スポーツの日", "Sports Day", National},
		{"2020-08-10", "山の日", "Mountain Day", National},
		{"2020-07-20", "", "", 0},
		{"2020-08-11", "", "", 0},
		{"2020-10-12", "", "", 0},
		{"2021-07-22", "海の日", "Marine Day", National},
		{"2021-07-23", "スポーツの日", "Sports Day", National},
		{"2021-08-08", "山の日", "Mountain Day", National},
		{"2021-08-09", "振替休日", "Substitute holiday", Substitute},
		{"2021-07-19", "", "", 0},
		{"2021-08-11", "", "", 0},
		{"2021-10-11", "", "", 0},
		{"2022-07-18", "海の日", "Marine Day", National}, // back to the rule
		{"2022-08-11", "山の日", "Mountain Day", National},
	}
	for _, tt := range tests {
		h, ok := holidayOn(t, tt.date)
		if tt.name == "" {
			if ok {
				t.Errorf("%s: got %s (%s), want no holiday", tt.date, h.Name, h.Kind)
			}
			continue
		}
		if !ok || h.Name != tt.name || h.NameEn != tt.nameEn || h.Kind != tt.kind {
			t.Errorf("%s: got %+v (holiday %v), want %s / %s (%s)", tt.date, h, ok, tt.name, tt.nameEn, tt.kind)
		}
	}
}

// TestSubstitute checks 振替休日 across the years: the Monday after a
// Sunday holiday, and from 2007 the first day after it that is not a
// national holiday (so across Golden Week, to 6 May).
func TestSubstitute(t *testing.T) {
	subs := []string{
		"2001-04-30", // みどりの日 29 April 2001 on Sunday
		"2002-05-06", // こどもの日 on Sunday
		"2005-03-21", // 春分の日 20 March on Sunday
		"2006-01-02", // 元日 on Sunday, before the 2007 change
		"2007-12-24", // 天皇誕生日 on Sunday
		"2008-05-06", // みどりの日 4 May on Sunday: 5 May is a holiday, so 6 May
		"2009-05-06", // 憲法記念日 3 May on Sunday: 4 and 5 May are holidays
		"2014-05-06", // みどりの日 4 May on Sunday
		"2015-05-06", // 憲法記念日 on Sunday
		"2019-05-06", // こどもの日 on Sunday, after the ten days of 2019
		"2019-08-12", // 山の日 on Sunday
		"2020-02-24", // the first 天皇誕生日 in February, on Sunday
		"2020-05-06", // 憲法記念日 on Sunday
		"2021-08-09", // the moved 山の日 of 2021 on Sunday
		"2024-09-23", // 秋分の日 on Sunday
		"2027-03-22", // 春分の日 on Sunday
		"2029-04-30", // 昭和の日 on Sunday
		"2031-11-24", // 勤労感謝の日 on Sunday
		"2036-05-06", // みどりの日 4 May on Sunday
		"2037-05-06", // 憲法記念日 on Sunday
		"2099-05-06", // 憲法記念日 on Sunday, in the last covered year
	}
	for _, s := range subs {
		h, ok := holidayOn(t, s)
		if !ok || h.Kind != Substitute || h.Name != "振替休日" {
			t.Errorf("%s: got %+v (holiday %v), want a substitute holiday", s, h, ok)
		}
		prev, _ := holidayOn(t, d(t, s).AddDays(-1).String())
		if prev.Kind == 0 {
			t.Errorf("%s: the day before is no holiday", s)
		}
	}
	// Not substitutes: a Sunday holiday whose Monday is a holiday anyway
	// gives the day after only from 2007; and Saturday holidays give none.
	for _, s := range []string{
		"2022-01-03", // 元日 2022 on Saturday
		"2026-05-07", // 2026: 3 May Sunday, 6 May is the substitute, not 7 May
		"2027-05-06", // 2027: no holiday on Sunday in Golden Week
	} {
		if h, ok := holidayOn(t, s); ok {
			t.Errorf("%s: got %s (%s), want no holiday", s, h.Name, h.Kind)
		}
	}
}

// TestSubstituteRuleChange applies the two versions of article 3(2) to
// the same made-up national holidays: a Sunday and the Monday after it.
// Until 2006 the Monday is the only day off; from 2007 the Tuesday is the
// substitute. (No real year of 2000–2006 has this case.)
func TestSubstituteRuleChange(t *testing.T) {
	for _, tt := range []struct {
		year int
		sun  string
		want string // the substitute, or ""
	}{
		{2005, "2005-06-05", ""},
		{2006, "2006-06-04", ""},
		{2007, "2007-06-03", "2007-06-05"},
		{2030, "2030-06-02", "2030-06-04"},
	} {
		sun := d(t, tt.sun)
		if sun.Weekday() != time.Sunday {
			t.Fatalf("%s is not a Sunday", sun)
		}
		national := []Holiday{
			{Date: sun, Name: "A", Kind: National},
			{Date: sun.AddDays(1), Name: "B", Kind: National},
		}
		var got string
		for _, h := range withRestDays(tt.year, national) {
			if h.Kind == Substitute {
				got = h.Date.String()
			}
		}
		if got != tt.want {
			t.Errorf("%d: substitute %q, want %q", tt.year, got, tt.want)
		}
	}
}

// TestCitizens checks 国民の休日: a day between two national holidays —
// 4 May before 2007, 敬老の日 two days before 秋分の日 in September, and
// the days around 2019's enthronement day. Until 2006 a Sunday in between
// was no citizens' holiday.
func TestCitizens(t *testing.T) {
	for _, s := range []string{
		"2000-05-04", "2002-05-04", "2004-05-04", "2006-05-04",
		"2009-09-22", "2015-09-22", "2019-04-30", "2019-05-02",
		"2026-09-22", "2032-09-21", "2037-09-22", "2043-09-22",
		"2049-09-21", "2054-09-22", "2060-09-21",
	} {
		h, ok := holidayOn(t, s)
		if !ok || h.Kind != Citizens || h.Name != "国民の休日" || h.NameEn != "Citizens' holiday" {
			t.Errorf("%s: got %+v (holiday %v), want a citizens' holiday", s, h, ok)
		}
	}
	// 4 May 2003 was a Sunday between two holidays: no citizens' holiday
	// under the law before 2007 (and no substitute either).
	if h, ok := holidayOn(t, "2003-05-04"); ok {
		t.Errorf("2003-05-04: got %s (%s), want no holiday", h.Name, h.Kind)
	}
	// The pre-2007 exclusion of Sundays, on made-up holidays: a Sunday
	// between two holidays is a day off only from 2007.
	for _, tt := range []struct {
		year int
		sun  string
		want bool
	}{{2005, "2005-06-05", false}, {2007, "2007-06-03", true}} {
		sun := d(t, tt.sun)
		national := []Holiday{
			{Date: sun.AddDays(-1), Name: "A", Kind: National},
			{Date: sun.AddDays(1), Name: "B", Kind: National},
		}
		got := false
		for _, h := range withRestDays(tt.year, national) {
			if h.Date == sun && h.Kind == Citizens {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("%d: Sunday %s between holidays a citizens' holiday: %v, want %v", tt.year, sun, got, tt.want)
		}
	}
}

// announcedEquinoxes are the 春分の日 and 秋分の日 (March day, September
// day) of 1980–2027 as announced: the days of the Cabinet Office's
// syukujitsu.csv (see officialList), whose rows for 1980–1999 are not
// copied here otherwise.
var announcedEquinoxes = map[int][2]int{
	1980: {20, 23}, 1981: {21, 23}, 1982: {21, 23}, 1983: {21, 23}, 1984: {20, 23},
	1985: {21, 23}, 1986: {21, 23}, 1987: {21, 23}, 1988: {20, 23}, 1989: {21, 23},
	1990: {21, 23}, 1991: {21, 23}, 1992: {20, 23}, 1993: {20, 23}, 1994: {21, 23},
	1995: {21, 23}, 1996: {20, 23}, 1997: {20, 23}, 1998: {21, 23}, 1999: {21, 23},
	2000: {20, 23}, 2001: {20, 23}, 2002: {21, 23}, 2003: {21, 23}, 2004: {20, 23},
	2005: {20, 23}, 2006: {21, 23}, 2007: {21, 23}, 2008: {20, 23}, 2009: {20, 23},
	2010: {21, 23}, 2011: {21, 23}, 2012: {20, 22}, 2013: {20, 23}, 2014: {21, 23},
	2015: {21, 23}, 2016: {20, 22}, 2017: {20, 23}, 2018: {21, 23}, 2019: {21, 23},
	2020: {20, 22}, 2021: {20, 23}, 2022: {21, 23}, 2023: {21, 23}, 2024: {20, 22},
	2025: {20, 23}, 2026: {20, 23}, 2027: {21, 23},
}

// TestEquinoxFormula compares the formula with every announced equinox
// day of 1980–2027, and checks that later years stay within the days the
// equinoxes can fall on this century (19–21 March, 22–24 September).
func TestEquinoxFormula(t *testing.T) {
	if len(announcedEquinoxes) != 48 {
		t.Fatalf("%d years of announced equinoxes, want 48", len(announcedEquinoxes))
	}
	for y, want := range announcedEquinoxes {
		if got := [2]int{vernalEquinoxDay(y), autumnalEquinoxDay(y)}; got != want {
			t.Errorf("%d: equinox days %v, announced %v", y, got, want)
		}
	}
	for y := 1980; y <= 2099; y++ {
		v, a := vernalEquinoxDay(y), autumnalEquinoxDay(y)
		if v < 19 || v > 21 || a < 22 || a > 24 {
			t.Errorf("%d: equinox days 3/%d, 9/%d out of bounds", y, v, a)
		}
	}
	// The formula's days for the first leap years of the 2090s, where
	// 春分日 first falls on 19 March.
	for y, want := range map[int]int{2088: 20, 2092: 19, 2096: 19, 2099: 20} {
		if got := vernalEquinoxDay(y); got != want {
			t.Errorf("%d: vernal equinox 3/%d, want 3/%d", y, got, want)
		}
	}
}

// TestYearShape checks every covered year: 16 national holidays from 2016
// (14 before 昭和の日 of 2007, 15 before 山の日 of 2016; in 2019 15 without
// 天皇誕生日, and 2019's two special days), dates in order and no day twice, every substitute the day
// after a holiday, and no Sunday holiday without a substitute.
func TestYearShape(t *testing.T) {
	for y := FirstYear; y <= LastYear; y++ {
		hs, err := Holidays(y)
		if err != nil {
			t.Fatal(err)
		}
		national := 0
		is := make(map[Date]Holiday)
		for i, h := range hs {
			if h.Date.Year != y {
				t.Errorf("%d: holiday %s in another year", y, h.Date)
			}
			if i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("%d: %s after %s", y, h.Date, hs[i-1].Date)
			}
			if h.Name == "" || h.NameEn == "" {
				t.Errorf("%s: a name is missing: %+v", h.Date, h)
			}
			if h.Kind == National || h.Kind == Special {
				national++
			}
			is[h.Date] = h
		}
		want := 16
		switch {
		case y < 2007:
			want = 14
		case y < 2016:
			want = 15
		case y == 2019:
			want = 15 + 2
		}
		if national != want {
			t.Errorf("%d: %d national holidays, want %d", y, national, want)
		}
		for _, h := range hs {
			if h.Kind == Substitute {
				if _, ok := is[h.Date.AddDays(-1)]; !ok {
					t.Errorf("%s: substitute holiday not after a holiday", h.Date)
				}
			}
			if (h.Kind == National || h.Kind == Special) && h.Date.Weekday() == time.Sunday {
				found := false
				for e := h.Date.AddDays(1); is[e].Kind != 0; e = e.AddDays(1) {
					if is[e].Kind == Substitute {
						found = true
					}
				}
				if !found {
					t.Errorf("%s %s on a Sunday: no substitute holiday", h.Date, h.Name)
				}
			}
		}
	}
}

// TestYear2099 checks the last covered year against the rules by hand.
func TestYear2099(t *testing.T) {
	hs, err := Holidays(2099)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hs {
		got = append(got, h.Date.String()[5:]+" "+h.Name)
	}
	// 1 January 2099 is a Thursday.
	want := []string{
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
		"05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
		"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	}
	if len(got) != len(want) {
		t.Fatalf("2099: got\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("2099: got %q, want %q", got[i], want[i])
		}
	}
}

func TestOutOfRange(t *testing.T) {
	for _, y := range []int{FirstYear - 1, LastYear + 1, 0, -5, 1999, 2100, 3000} {
		if _, err := Holidays(y); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Holidays(%d): error %v, want ErrOutOfRange", y, err)
		}
	}
	for _, s := range []string{"1999-12-31", "2100-01-01", "1970-01-01"} {
		if _, _, err := HolidayOn(d(t, s)); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("HolidayOn(%s): error %v, want ErrOutOfRange", s, err)
		}
	}
	for _, s := range []string{"2000-01-01", "2099-12-31"} {
		if _, _, err := HolidayOn(d(t, s)); err != nil {
			t.Errorf("HolidayOn(%s): %v", s, err)
		}
	}
	if _, _, err := HolidayOn(Date{2026, 2, 30}); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("HolidayOn(2026-02-30): error %v, want ErrInvalidDate", err)
	}
	if _, _, err := HolidayOn(Date{}); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("HolidayOn(zero Date): error %v, want ErrInvalidDate", err)
	}
}

// TestHolidaysIsACopy checks that a caller cannot change the table.
func TestHolidaysIsACopy(t *testing.T) {
	hs, _ := Holidays(2026)
	hs[0].Name = "changed"
	again, _ := Holidays(2026)
	if again[0].Name != "元日" {
		t.Errorf("Holidays(2026)[0] = %q after a caller's change", again[0].Name)
	}
}
