package lint

import (
	"iter"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/weburl"
)

// Extraction of the facts the consistency rules compare: CVE ids, URLs,
// dates, versions, numbers and identifiers with digits, from text in any
// locale.
//
// The text is NFKC-normalized first (full-width digits and letters become
// ASCII: ２０２６年 is 2026年, ＣＶＥ is CVE), Japanese era years become
// Western ones (令和8年 is 2026年) and thousands separators are dropped
// (1,000 is 1000). Then each kind is taken out of the text in turn — URLs,
// CVE ids, dates, versions, then numbers and identifiers — so the digits of
// one are never counted again as another (the 2023 of CVE-2023-4966 is not
// a year; the 8 of 2023年8月 is not a number).
//
// Facts are strong or weak. Strong facts must appear in the other locale's
// text. Weak facts only satisfy: English number words (three, third), kanji
// numerals (三), a month or a day alone (8月, August), and the parts of
// every other fact. So "3年間" is matched by "three years", but "three" in
// the English text does not demand a 3 in the Japanese.

// kind is a kind of fact, one per consistency rule.
type kind int

const (
	kindCVE kind = iota
	kindURL
	kindVersion
	kindDate
	kindNumber
)

// fact is one strong fact found in a text.
type fact struct {
	kind  kind
	key   string // what is compared
	shown string // as written, for messages
	date  date   // kindDate
	ident bool   // kindNumber: an identifier such as UAT4356, not a number
}

// facts are what one text says.
type facts struct {
	strong []fact
	keys   map[kind]map[string]bool
	weak   map[string]bool // numbers that satisfy a number fact
	dates  []date          // every date, strong or weak
	lower  string          // the normalized text, lower case
}

func (f *facts) add(x fact) {
	if f.keys[x.kind] == nil {
		f.keys[x.kind] = map[string]bool{}
	}
	if !f.keys[x.kind][x.key] {
		f.keys[x.kind][x.key] = true
		f.strong = append(f.strong, x)
	}
}

// addWeak records the digit runs of s as weak numbers.
func (f *facts) addWeak(s string) {
	for _, n := range digitRunRE.FindAllString(s, -1) {
		f.weak[normNumber(n)] = true
	}
}

var (
	eraRE       = regexp.MustCompile(`(令和|平成|昭和)\s*([0-9]{1,2}|元)\s*年`)
	thousandsRE = regexp.MustCompile(`\b[0-9]{1,3}(?:,[0-9]{3})+\b`)
	urlRE       = regexp.MustCompile(`(?i)\bhttps?://[!-~]+`)
	cveRE       = regexp.MustCompile(`(?i)\b` + advisory.CVEPattern + `\b`)
	versionRE   = regexp.MustCompile(`\b[vV]?[0-9]+(?:[.-][0-9]+){2,}\b`)
	digitRunRE  = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)
	unitRE      = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)[A-Za-z]+$`)
	numberRE    = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?$`)
	kanjiNumRE  = regexp.MustCompile(`[` + kanjiNumChars + `]+`)
	letterRE    = regexp.MustCompile(`[A-Za-z]`)
	vNumberRE   = regexp.MustCompile(`^[vV][0-9]+(?:\.[0-9]+)?$`)
	ordinalRE   = regexp.MustCompile(`^[0-9]+(?:st|nd|rd|th)$`)
)

// numberWords are English words for numbers; weak facts.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "thirtieth": 30,
	"once": 1, "twice": 2, "both": 2, "single": 1, "double": 2, "triple": 3, "dozen": 12,
}

// extract returns the facts of s.
func extract(s string) *facts {
	f := &facts{keys: map[kind]map[string]bool{}, weak: map[string]bool{}}
	s = norm.NFKC.String(s)
	// Each expression runs only on text that passes its guard, a test
	// every text it matches passes (guards_test.go): check runs them over
	// every text of every record, and most texts have no era year, no
	// URL, no CVE id.
	if hasEra(s) {
		s = eraRE.ReplaceAllStringFunc(s, func(m string) string {
			sub := eraRE.FindStringSubmatch(m)
			n := 1
			if sub[2] != "元" {
				n, _ = strconv.Atoi(sub[2])
			}
			base := map[string]int{"令和": 2018, "平成": 1988, "昭和": 1925}[sub[1]]
			return strconv.Itoa(base+n) + "年"
		})
	}
	if containsComma(s) {
		s = thousandsRE.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, ",", "") })
	}
	f.lower = strings.ToLower(s)

	if containsScheme(s) {
		s = take(s, urlRE, func(m []string) int {
			u := weburl.Trim(m[0])
			f.add(fact{kind: kindURL, key: urlKey(u), shown: u})
			f.addWeak(u)
			return len(u)
		})
	}
	if hasCVE(s) {
		s = take(s, cveRE, func(m []string) int {
			id := strings.ToUpper(m[0])
			f.add(fact{kind: kindCVE, key: id, shown: id})
			f.addWeak(id)
			return len(m[0])
		})
	}
	for _, p := range datePatterns {
		if !p.mayMatch(s) {
			continue
		}
		s = take(s, p.re, func(m []string) int {
			dt, ok := p.parse(m)
			if !ok {
				return 0
			}
			f.dates = append(f.dates, dt)
			for _, n := range []int{dt.y, dt.m, dt.d} {
				if n > 0 {
					f.weak[strconv.Itoa(n)] = true
				}
			}
			if !p.weak {
				f.add(fact{kind: kindDate, key: dt.String(), shown: strings.TrimSpace(m[0]), date: dt})
			}
			return len(m[0])
		})
	}
	if hasDottedDigits(s) {
		s = take(s, versionRE, func(m []string) int {
			v := strings.TrimLeft(m[0], "vV")
			if !strings.Contains(v, ".") {
				return 0 // 1-2-3: numbers, not a version
			}
			f.add(fact{kind: kindVersion, key: v, shown: m[0]})
			f.addWeak(v)
			return len(m[0])
		})
	}
	for w := range words(s) {
		f.word(w)
	}
	if containsKanjiNumber(s) {
		for _, k := range kanjiNumRE.FindAllString(s, -1) {
			if n, ok := kanjiNumber(k); ok {
				f.weak[strconv.Itoa(n)] = true
			}
		}
	}
	return f
}

// kanjiNumChars are the characters of kanjiNumRE, and its guard's.
const kanjiNumChars = "〇一二三四五六七八九十百千"

// containsComma, containsScheme and containsKanjiNumber are the guards
// of thousandsRE, urlRE and kanjiNumRE.
func containsComma(s string) bool       { return strings.IndexByte(s, ',') >= 0 }
func containsScheme(s string) bool      { return strings.Contains(s, "://") }
func containsKanjiNumber(s string) bool { return strings.ContainsAny(s, kanjiNumChars) }

// hasEra reports whether s names a Japanese era, as every match of eraRE
// does.
func hasEra(s string) bool {
	return strings.Contains(s, "令和") || strings.Contains(s, "平成") || strings.Contains(s, "昭和")
}

// hasCVE reports whether s holds "cve-" in any case, as every match of
// cveRE does (c, v and e have no case forms outside ASCII).
func hasCVE(s string) bool {
	for i := 3; i < len(s); i++ {
		if s[i] == '-' && s[i-3]|0x20 == 'c' && s[i-2]|0x20 == 'v' && s[i-1]|0x20 == 'e' {
			return true
		}
	}
	return false
}

// hasDottedDigits reports whether s holds a digit, a '.' or '-', and a
// digit in a row, as every match of versionRE does.
func hasDottedDigits(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '-') && isDigit(s[i-1]) && isDigit(s[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// words yields the ASCII words of s, scanning bytes (the expression
// wordRE in guards_test.go is the definition it is held to): a
// run of letters, digits and ._:/+- that starts and ends with a letter
// or digit (each longest, left to right). The characters are ASCII, which
// never occurs inside a multi-byte UTF-8 character.
func words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i < len(s); {
			if !isAlnum(s[i]) {
				i++
				continue
			}
			end := i + 1 // past the last letter or digit
			j := i + 1
			for ; j < len(s); j++ {
				c := s[j]
				if isAlnum(c) {
					end = j + 1
				} else if !strings.ContainsRune("._:/+-", rune(c)) {
					break
				}
			}
			if !yield(s[i:end]) {
				return
			}
			i = end
		}
	}
}

// word classifies the parts of an ASCII word, split at / - + and :
// (RHSA-2024:4546 is RHSA, 2024 and 4546; ABC:4.2 is ABC and 4.2).
func (f *facts) word(w string) {
	for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '/' || r == '-' || r == '+' || r == ':' }) {
		f.part(p)
	}
}

// part classifies a part of a word: an English number word, a number
// (14.1, v2), an ordinal (3rd, weak), a number with a unit (10GB, 64bit)
// or an identifier (UAT4356, x64, R2).
func (f *facts) part(p string) {
	hasDigit := strings.ContainsAny(p, "0123456789")
	hasLetter := letterRE.MatchString(p)
	switch {
	case !hasDigit:
		if n, ok := numberWords[strings.ToLower(p)]; ok {
			f.weak[strconv.Itoa(n)] = true
		}
	case !hasLetter && numberRE.MatchString(p):
		f.number(p)
	case !hasLetter:
		f.addWeak(p) // 1.2.3.4.5: digits and dots that are no number
	case vNumberRE.MatchString(p):
		f.number(p[1:])
	case ordinalRE.MatchString(p):
		f.addWeak(p)
	case unitRE.MatchString(p):
		f.number(unitRE.FindStringSubmatch(p)[1])
	default:
		f.add(fact{kind: kindNumber, key: strings.ToLower(p), shown: p, ident: true})
		f.addWeak(p)
	}
}

// number adds a number; 0 and 1 are only weak, as languages often leave
// them unwritten ("within a week" for 1週間以内).
func (f *facts) number(s string) {
	k := normNumber(s)
	f.weak[k] = true
	if k != "0" && k != "1" {
		f.add(fact{kind: kindNumber, key: k, shown: s})
	}
}

// normNumber drops the leading zeros of a number's integer part.
func normNumber(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" || t[0] == '.' {
		t = "0" + t
	}
	return t
}

// take removes every match of re from s, calling fn with its submatches;
// fn returns how many bytes of the match it used (0: leave it). What is
// removed becomes a space, so words on either side stay apart.
func take(s string, re *regexp.Regexp, fn func(m []string) int) string {
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s[loc[2*i]:loc[2*i+1]]
			}
		}
		n := fn(m)
		if n == 0 {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteByte(' ')
		last = loc[0] + n
	}
	b.WriteString(s[last:])
	return b.String()
}

// urlKey is a URL as compared: scheme and host in lower case, no trailing
// slash.
func urlKey(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	k := strings.ToLower(scheme) + "://" + strings.ToLower(host)
	if path = strings.TrimRight(path, "/"); path != "" {
		k += "/" + path
	}
	return k
}

// kanjiNumber reads a kanji numeral: 三 3, 十二 12, 三百五十 350, and
// digit by digit when it has no 十百千 (二〇二六 2026).
func kanjiNumber(s string) (int, bool) {
	digits := map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	rs := []rune(s)
	if !strings.ContainsAny(s, "十百千") {
		n := 0
		for _, r := range rs {
			n = n*10 + digits[r]
		}
		return n, len(rs) <= 6
	}
	total, cur := 0, 0
	for _, r := range rs {
		if d, ok := digits[r]; ok {
			cur = cur*10 + d
			continue
		}
		u := units[r]
		if cur == 0 {
			cur = 1
		}
		total += cur * u
		cur = 0
	}
	return total + cur, true
}
