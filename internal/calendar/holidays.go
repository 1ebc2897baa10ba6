package calendar

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// The years whose holidays are known. The rules below are the law as it
// stood in each of these years; the equinox formula is good from 1980 to
// 2099. Later years would need the law of the time and the National
// Astronomical Observatory's announcements, earlier ones rules that are
// not written here (成人の日 on 15 January, 体育の日 on 10 October, …).
const (
	FirstYear = 2000
	LastYear  = 2099
)

// ErrOutOfRange is wrapped by the error for any date outside the years
// FirstYear–LastYear: whether such a day is a holiday is not known here.
var ErrOutOfRange = errors.New("outside the years whose Japanese holidays are known")

func rangeError(d Date) error {
	return fmt.Errorf("%s: %w (%d–%d)", d, ErrOutOfRange, FirstYear, LastYear)
}

// checkDate returns an error when d is not a valid date, or one outside the
// covered years.
func checkDate(d Date) error {
	if !d.IsValid() {
		return invalidDate(d)
	}
	if d.Year < FirstYear || d.Year > LastYear {
		return rangeError(d)
	}
	return nil
}

// Kind says which rule makes a day a holiday.
type Kind int

const (
	// National is a 国民の祝日, a day named in article 2 of the Act
	// (with the dates the Tokyo 2020 special measures moved in 2020 and
	// 2021).
	National Kind = iota + 1
	// Special is a one-off day off set by its own law and treated as a
	// national holiday for the substitute and citizens' rules: 2019's
	// enthronement day (即位の日, 1 May) and enthronement ceremony
	// (即位礼正殿の儀, 22 October).
	Special
	// Substitute is a 振替休日 (article 3(2)): the day off for a national
	// holiday that falls on a Sunday.
	Substitute
	// Citizens is a 国民の休日 (article 3(3)): a day between two national
	// holidays.
	Citizens
)

func (k Kind) String() string {
	switch k {
	case National:
		return "national holiday"
	case Special:
		return "special holiday"
	case Substitute:
		return "substitute holiday"
	case Citizens:
		return "citizens' holiday"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Holiday is one day off under Japan's holiday laws.
type Holiday struct {
	Date   Date
	Name   string // Japanese name: 元日, 春分の日, 振替休日, 国民の休日, …
	NameEn string // English name: New Year's Day, Vernal Equinox Day, Substitute holiday, …
	Kind   Kind
}

// Holidays returns the holidays of year in date order: the national
// holidays, the special days of 2019, the substitute holidays and the
// citizens' holidays, each once. A year outside FirstYear–LastYear is an
// error wrapping ErrOutOfRange.
//
// The rules, year by year within the covered range:
//
//   - Fixed days: 元日 1 January, 建国記念の日 11 February, 憲法記念日
//     3 May, こどもの日 5 May, 文化の日 3 November, 勤労感謝の日
//     23 November; 29 April is みどりの日 until 2006 and 昭和の日 from
//     2007, when みどりの日 moved to 4 May; 山の日 11 August from 2016.
//   - 天皇誕生日 is 23 December until 2018, 23 February from 2020, and
//     none in 2019 (the new emperor acceded on 1 May 2019, after his
//     birthday).
//   - Happy Monday days: 成人の日 the 2nd Monday of January and 体育の日
//     the 2nd Monday of October (renamed スポーツの日 from 2020); 海の日
//     20 July and 敬老の日 15 September until 2002, the 3rd Monday of
//     July and of September from 2003.
//   - 春分の日 and 秋分の日 are the equinox days, by the approximation
//     used for 1980–2099 (see vernalEquinoxDay). Officially each year's
//     are announced in February of the year before; the formula matches
//     every announced day of 1980–2027.
//   - 2019: 即位の日 (1 May) and 即位礼正殿の儀 (22 October), days off by
//     their own law, counting as national holidays for the rules below.
//   - Tokyo 2020 moves: in 2020 海の日 23 July, スポーツの日 24 July,
//     山の日 10 August; in 2021 海の日 22 July, スポーツの日 23 July,
//     山の日 8 August.
//   - Substitute holiday (振替休日): when a national holiday falls on a
//     Sunday, until 2006 the next day (the Monday) is a day off unless it
//     is a national holiday itself; from 2007 the first day after it that
//     is not a national holiday is (so 4 May on a Sunday gives 6 May).
//   - Citizens' holiday (国民の休日): a day that is not a national holiday
//     and whose day before and day after are; until 2006 not when it is a
//     Sunday or a substitute holiday.
func Holidays(year int) ([]Holiday, error) {
	if year < FirstYear || year > LastYear {
		return nil, fmt.Errorf("year %d: %w (%d–%d)", year, ErrOutOfRange, FirstYear, LastYear)
	}
	return slices.Clone(table().byYear[year-FirstYear]), nil
}

// HolidayOn returns the holiday on d, if d is one. The error is for an
// invalid date or one outside FirstYear–LastYear (wrapping ErrOutOfRange).
func HolidayOn(d Date) (Holiday, bool, error) {
	if err := checkDate(d); err != nil {
		return Holiday{}, false, err
	}
	h, ok := table().byDate[d]
	return h, ok, nil
}

type holidayTable struct {
	byYear [LastYear - FirstYear + 1][]Holiday
	byDate map[Date]Holiday
}

// table computes every covered year once.
var table = sync.OnceValue(func() *holidayTable {
	t := &holidayTable{byDate: make(map[Date]Holiday)}
	for y := FirstYear; y <= LastYear; y++ {
		hs := yearHolidays(y)
		t.byYear[y-FirstYear] = hs
		for _, h := range hs {
			t.byDate[h.Date] = h
		}
	}
	return t
})

// yearHolidays applies the rules of Holidays to one year.
func yearHolidays(y int) []Holiday {
	return withRestDays(y, nationalHolidays(y))
}

// nationalHolidays returns year y's national holidays and special days,
// sorted by date.
func nationalHolidays(y int) []Holiday {
	var hs []Holiday
	add := func(d Date, kind Kind, ja, en string) {
		hs = append(hs, Holiday{Date: d, Name: ja, NameEn: en, Kind: kind})
	}
	day := func(m time.Month, d int) Date { return Date{y, m, d} }
	nat := func(d Date, ja, en string) { add(d, National, ja, en) }

	nat(day(time.January, 1), "元日", "New Year's Day")
	nat(nthMonday(y, time.January, 2), "成人の日", "Coming of Age Day")
	nat(day(time.February, 11), "建国記念の日", "National Foundation Day")
	if y >= 2020 {
		nat(day(time.February, 23), "天皇誕生日", "The Emperor's Birthday")
	}
	nat(day(time.March, vernalEquinoxDay(y)), "春分の日", "Vernal Equinox Day")
	if y >= 2007 {
		nat(day(time.April, 29), "昭和の日", "Showa Day")
	} else {
		nat(day(time.April, 29), "みどりの日", "Greenery Day")
	}
	nat(day(time.May, 3), "憲法記念日", "Constitution Memorial Day")
	if y >= 2007 {
		nat(day(time.May, 4), "みどりの日", "Greenery Day")
	}
	nat(day(time.May, 5), "こどもの日", "Children's Day")

	const marine, marineEn = "海の日", "Marine Day"
	switch {
	case y == 2020:
		nat(day(time.July, 23), marine, marineEn)
	case y == 2021:
		nat(day(time.July, 22), marine, marineEn)
	case y >= 2003:
		nat(nthMonday(y, time.July, 3), marine, marineEn)
	default:
		nat(day(time.July, 20), marine, marineEn)
	}

	const mountain, mountainEn = "山の日", "Mountain Day"
	switch {
	case y == 2020:
		nat(day(time.August, 10), mountain, mountainEn)
	case y == 2021:
		nat(day(time.August, 8), mountain, mountainEn)
	case y >= 2016:
		nat(day(time.August, 11), mountain, mountainEn)
	}

	const aged, agedEn = "敬老の日", "Respect for the Aged Day"
	if y >= 2003 {
		nat(nthMonday(y, time.September, 3), aged, agedEn)
	} else {
		nat(day(time.September, 15), aged, agedEn)
	}
	nat(day(time.September, autumnalEquinoxDay(y)), "秋分の日", "Autumnal Equinox Day")

	const sports, sportsEn = "スポーツの日", "Sports Day"
	switch {
	case y == 2020:
		nat(day(time.July, 24), sports, sportsEn)
	case y == 2021:
		nat(day(time.July, 23), sports, sportsEn)
	case y >= 2020:
		nat(nthMonday(y, time.October, 2), sports, sportsEn)
	default:
		nat(nthMonday(y, time.October, 2), "体育の日", "Health and Sports Day")
	}

	nat(day(time.November, 3), "文化の日", "Culture Day")
	nat(day(time.November, 23), "勤労感謝の日", "Labor Thanksgiving Day")
	if y <= 2018 {
		nat(day(time.December, 23), "天皇誕生日", "The Emperor's Birthday")
	}

	if y == 2019 {
		add(day(time.May, 1), Special, "即位の日", "Enthronement Day")
		add(day(time.October, 22), Special, "即位礼正殿の儀", "Enthronement Ceremony Day")
	}

	slices.SortFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// withRestDays adds to year y's national holidays (sorted) the substitute
// and citizens' holidays they give, and returns them all sorted.
func withRestDays(y int, national []Holiday) []Holiday {
	isNational := make(map[Date]bool, len(national))
	for _, h := range national {
		isNational[h.Date] = true
	}
	off := make(map[Date]bool, len(national)+4)
	for d := range isNational {
		off[d] = true
	}
	all := slices.Clone(national)

	// Article 3(2). The law of 1973 gave "the next day"; the law as
	// amended in 2005 (in force 2007) "the nearest day after it that is
	// not a national holiday".
	for _, h := range national {
		if h.Date.Weekday() != time.Sunday {
			continue
		}
		d := h.Date.AddDays(1)
		if y >= 2007 {
			for isNational[d] {
				d = d.AddDays(1)
			}
		}
		// Until 2006 a Monday that is a national holiday itself is all
		// the day off there is.
		if !off[d] {
			off[d] = true
			all = append(all, Holiday{Date: d, Name: "振替休日", NameEn: "Substitute holiday", Kind: Substitute})
		}
	}

	// Article 3(3). Until 2006 the day between was excluded when it was a
	// Sunday or already a substitute holiday; since 2007 the only
	// condition is that it is not a national holiday itself.
	for i := 1; i < len(national); i++ {
		a, b := national[i-1].Date, national[i].Date
		if b.DaysSince(a) != 2 {
			continue
		}
		d := a.AddDays(1)
		if off[d] {
			continue // a substitute holiday already (it can only be one from 2007)
		}
		if y < 2007 && d.Weekday() == time.Sunday {
			continue
		}
		off[d] = true
		all = append(all, Holiday{Date: d, Name: "国民の休日", NameEn: "Citizens' holiday", Kind: Citizens})
	}

	slices.SortFunc(all, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return all
}

// nthMonday returns the n-th Monday (n ≥ 1) of month m in year y.
func nthMonday(y int, m time.Month, n int) Date {
	first := Date{y, m, 1}
	offset := (int(time.Monday) - int(first.Weekday()) + 7) % 7
	return first.AddDays(offset + 7*(n-1))
}

// vernalEquinoxDay returns the March day of the vernal equinox in Japan
// for 1980 ≤ y ≤ 2099 by the usual approximation
//
//	day = floor(20.8431 + 0.242194·(y−1980) − floor((y−1980)/4))
//
// (the equinox moves about 0.242194 days later each year and a leap day
// takes one back). It is computed in millionths of a day, in integers, so
// that no rounding of floating point decides a day.
func vernalEquinoxDay(y int) int {
	return equinoxDay(20_843_100, y)
}

// autumnalEquinoxDay returns the September day of the autumnal equinox for
// 1980 ≤ y ≤ 2099: floor(23.2488 + 0.242194·(y−1980) − floor((y−1980)/4)).
func autumnalEquinoxDay(y int) int {
	return equinoxDay(23_248_800, y)
}

func equinoxDay(base1980 int, y int) int {
	if y < 1980 || y > 2099 {
		panic(fmt.Sprintf("calendar: equinox formula used for %d, outside 1980–2099", y))
	}
	n := y - 1980
	return (base1980+242_194*n)/1_000_000 - n/4
}
