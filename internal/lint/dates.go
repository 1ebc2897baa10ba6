package lint

import (
	"regexp"
	"strconv"
	"strings"
)

// Dates as the consistency rules find them, in Japanese and English: a
// date is compared as a date, whatever the language writes, so
// 2026年6月30日, June 30, 2026, 30 June 2026 and 2026-06-30 are the same.

// date is a calendar date with unknown parts zero: 2026年6月30日 is
// {2026, 6, 30}, June 30 is {0, 6, 30}, August 2023 is {2023, 8, 0}.
type date struct{ y, m, d int }

// months matches an English month name or its abbreviation, longer forms
// first (June before Jun).
const months = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`

// datePattern is one way of writing a date; y, m, d are the submatch
// numbers of year, month and day (0: not written). weak dates satisfy but
// are not required.
type datePattern struct {
	re      *regexp.Regexp
	y, m, d int
	weak    bool
	need    []string // the pattern can only match text holding one of these
}

// monthAbbrevs are the first three letters of every English month name,
// which every English date pattern needs.
var monthAbbrevs = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// mayMatch reports whether p can match s, to skip the regular expression
// when it cannot.
func (p datePattern) mayMatch(s string) bool {
	for _, n := range p.need {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// datePatterns are tried in order; longer forms first, so 2026年6月30日 is
// one date and not 2026年6月 and 30日.
var datePatterns = []datePattern{
	{re: regexp.MustCompile(`([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`), y: 1, m: 2, d: 3, need: []string{"年"}},
	{re: regexp.MustCompile(`\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b`), y: 1, m: 2, d: 3, need: []string{"-"}},
	{re: regexp.MustCompile(`\b([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})\b`), y: 1, m: 2, d: 3, need: []string{"/"}},
	{re: regexp.MustCompile(`\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b`), m: 1, d: 2, y: 3, need: []string{"/"}},
	{re: regexp.MustCompile(`\b` + months + `\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})\b`), m: 1, d: 2, y: 3, need: monthAbbrevs},
	{re: regexp.MustCompile(`\b([0-9]{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+` + months + `\.?,?\s+([0-9]{4})\b`), d: 1, m: 2, y: 3, need: monthAbbrevs},
	{re: regexp.MustCompile(`([0-9]{4})\s*年\s*([0-9]{1,2})\s*月`), y: 1, m: 2, need: []string{"年"}},
	{re: regexp.MustCompile(`([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`), m: 1, d: 2, need: []string{"月"}},
	{re: regexp.MustCompile(`\b` + months + `\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?\b`), m: 1, d: 2, need: monthAbbrevs},
	{re: regexp.MustCompile(`\b([0-9]{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+` + months + `\b`), d: 1, m: 2, need: monthAbbrevs},
	{re: regexp.MustCompile(`\b` + months + `\.?,?\s+([0-9]{4})\b`), m: 1, y: 2, need: monthAbbrevs},
	{re: regexp.MustCompile(`\b([0-9]{1,2})/([0-9]{1,2})\b`), m: 1, d: 2, weak: true, need: []string{"/"}},
	{re: regexp.MustCompile(`([0-9]{1,2})\s*月`), m: 1, weak: true, need: []string{"月"}},
	{re: regexp.MustCompile(`([0-9]{1,2})\s*日`), d: 1, weak: true, need: []string{"日"}},
	{re: regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December)\b`), m: 1, weak: true, need: monthAbbrevs},
}

var monthNumbers = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parse returns the date a match of p gives, if it is a possible one.
func (p datePattern) parse(m []string) (date, bool) {
	var dt date
	num := func(i int) int {
		if i == 0 {
			return 0
		}
		if n, ok := monthNumbers[strings.ToLower(m[i][:min(3, len(m[i]))])]; ok && letterRE.MatchString(m[i]) {
			return n
		}
		n, _ := strconv.Atoi(m[i])
		return n
	}
	dt.y, dt.m, dt.d = num(p.y), num(p.m), num(p.d)
	if p.y == 3 && dt.m > 12 && dt.d <= 12 {
		dt.m, dt.d = dt.d, dt.m // 30/6/2026: day first
	}
	switch {
	case p.m > 0 && (dt.m < 1 || dt.m > 12),
		p.d > 0 && (dt.d < 1 || dt.d > 31),
		p.y > 0 && (dt.y < 1900 || dt.y > 2199):
		return date{}, false
	}
	return dt, true
}

// String writes the date for comparison, with ?? for unknown parts.
func (d date) String() string {
	part := func(n, w int) string {
		if n == 0 {
			return strings.Repeat("?", w)
		}
		s := strconv.Itoa(n)
		return strings.Repeat("0", max(0, w-len(s))) + s
	}
	return part(d.y, 4) + "-" + part(d.m, 2) + "-" + part(d.d, 2)
}

// satisfiedBy reports whether date b, in the other text, says date a: the
// same month, the same day if a has one, and the same year if both have
// one (English often leaves the year out where Japanese writes it).
func (a date) satisfiedBy(b date) bool {
	return a.m == b.m && (a.d == 0 || a.d == b.d) && (a.y == 0 || b.y == 0 || a.y == b.y)
}
