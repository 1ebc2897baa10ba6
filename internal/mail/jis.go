package mail

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// This file converts text to ISO-2022-JP (RFC 1468) strictly within ASCII
// and JIS X 0208.
//
// golang.org/x/text/encoding/japanese (v0.44.0) is used for its tables only,
// not for its ISO2022JP encoder: that encoder follows the WHATWG index, which
// is CP932's, so it writes half-width katakana as JIS X 0201 (ESC ( I, not
// allowed by RFC 1468), NEC row 13 (①, ㈱, ㍉, ∑, №) as JIS X 0208 row 13 and
// the IBM extensions (髙, 﨑, ⅰ, ＇, ＂, ￤) as rows 89–92 — none of which are
// JIS X 0208, so strict receivers show garbage. It never writes JIS X 0212
// (its decoder reads it), and for a character it cannot encode it fails or,
// with encoding.ReplaceUnsupported, writes a SUB byte (0x1A).
//
// Instead, jisTable decodes every cell of the rows that JIS X 0208 assigns
// (1–8 and 16–84) with x/text's EUC-JP decoder. The 6,879 cells that decode
// are exactly the characters of JIS X 0208:1997, and the Unicode code point
// each decodes to is the one a receiver using x/text (or the WHATWG decoder
// of any browser-based mail client) gets back. encodeJIS writes only those.

// jisCode is a JIS X 0208 character as the two bytes ISO-2022-JP writes for
// it: (row+0x20)<<8 | (cell+0x20).
type jisCode uint16

// jisTable returns the code of every character of JIS X 0208, by code point.
var jisTable = sync.OnceValue(func() map[rune]jisCode {
	dec := japanese.EUCJP.NewDecoder()
	m := make(map[rune]jisCode, 6879)
	var dst [8]byte
	for row := 1; row <= 84; row++ {
		if 9 <= row && row <= 15 { // unassigned in JIS X 0208; row 13 is NEC's
			continue
		}
		for cell := 1; cell <= 94; cell++ {
			src := []byte{0xa0 + byte(row), 0xa0 + byte(cell)}
			dec.Reset()
			n, _, err := dec.Transform(dst[:], src, true)
			if err != nil {
				continue
			}
			r, size := utf8.DecodeRune(dst[:n])
			if r == utf8.RuneError || size != n {
				continue // an unassigned cell
			}
			m[r] = jisCode(row+0x20)<<8 | jisCode(cell+0x20)
		}
	}
	return m
})

// inJIS reports whether ISO-2022-JP can write r: ASCII or JIS X 0208.
func inJIS(r rune) bool {
	if r < utf8.RuneSelf {
		return true
	}
	_, ok := jisTable()[r]
	return ok
}

// jisEquivalents maps code points that Windows (CP932) and JIS-based
// converters assign differently to the same JIS X 0208 cell, to the code
// point x/text (and WHATWG) use for that cell. The reader sees the same JIS
// character, so the mapping is not reported as an Issue; decoding the
// message gives the right-hand code point.
//
//	U+301C WAVE DASH            〜 → U+FF5E FULLWIDTH TILDE         ～ (1-33)
//	U+2016 DOUBLE VERTICAL LINE ‖ → U+2225 PARALLEL TO              ∥ (1-34)
//	U+2014 EM DASH              — → U+2015 HORIZONTAL BAR           ― (1-29)
//	U+2212 MINUS SIGN           − → U+FF0D FULLWIDTH HYPHEN-MINUS   － (1-61)
//	U+00A2 CENT SIGN            ¢ → U+FFE0 FULLWIDTH CENT SIGN      ￠ (1-81)
//	U+00A3 POUND SIGN           £ → U+FFE1 FULLWIDTH POUND SIGN     ￡ (1-82)
//	U+00AC NOT SIGN             ¬ → U+FFE2 FULLWIDTH NOT SIGN       ￢ (2-44)
//	U+00C5 LATIN CAPITAL A WITH RING ABOVE Å → U+212B ANGSTROM SIGN Å (2-82)
var jisEquivalents = map[rune]rune{
	'\u301C': '\uFF5E',
	'\u2016': '\u2225',
	'\u2014': '\u2015',
	'\u2212': '\uFF0D',
	'\u00A2': '\uFFE0',
	'\u00A3': '\uFFE1',
	'\u00AC': '\uFFE2',
	'\u00C5': '\u212B',
}

// jisReplacements replaces characters outside JIS X 0208 for which a
// reader-friendly equivalent exists; each replacement is reported as an
// Issue. A character followed by U+FE0E/U+FE0F (text/emoji presentation) is
// looked up without the selector, so ⚠️ is ⚠.
//
//	① … ⑳ (U+2460–2473)  → (1) … (20)      NEC row 13
//	㈱ ㈲ ㈹              → (株) (有) (代)    NEC row 13
//	∑ N-ARY SUMMATION     → Σ                NEC row 13; the Greek letter of 6-18
//	髙 﨑 德 栁 濵 𠮷        → 高 崎 徳 柳 濱 吉  IBM extensions / outside JIS; common name variants
//	￤ BROKEN BAR          → ｜               IBM extension
//	¥ YEN SIGN            → ￥               JIS X 0201 Roman; the full-width form is 1-79
//	‾ OVERLINE            → ￣               JIS X 0201 Roman; the full-width form is 1-17
//	⚠ WARNING SIGN        → ［注意］ in Japanese drafts, (!) in others
//
// Characters not in this table are tried with NFKC (㍉ → ミリ, ㎏ → kg,
// № → No, Ⅳ → IV, ＂ → ", NBSP → space), then with their accents removed
// (é → e); whatever is still not representable becomes 〓 (U+3013 GETA MARK,
// the Japanese printers' mark for a missing character).
var jisReplacements = map[rune]string{
	'\u3231':     "(株)",
	'\u3232':     "(有)",
	'\u3239':     "(代)",
	'\u2211':     "Σ",
	'\u9AD9':     "高",
	'\uFA11':     "崎",
	'\u5FB7':     "徳",
	'\u6801':     "柳",
	'\u6FF5':     "濱",
	'\U00020BB7': "吉",
	'\uFFE4':     "｜",
	'\u00A5':     "￥",
	'\u203E':     "￣",
}

func init() {
	for i := rune(0); i < 20; i++ {
		jisReplacements[0x2460+i] = fmt.Sprintf("(%d)", i+1)
	}
}

// warningSign is ⚠, the mark the disclaimer starts with; its replacement
// depends on the language.
const warningSign = '\u26A0'

// geta is written for a character that has no equivalent in JIS X 0208.
const geta = "〓"

// Action says what was done to a character that ISO-2022-JP cannot write.
type Action string

// The actions.
const (
	// Normalized: half-width katakana written as full-width (ｶﾞ → ガ). The
	// text means the same, but it looks different, so the user is told.
	Normalized Action = "normalized"
	// Replaced: not in JIS X 0208; replaced by an equivalent from the
	// documented tables, by 〓 when there is none, or removed (an invisible
	// formatting character or a lone combining mark).
	Replaced Action = "replaced"
)

// Issue is a character of the subject or the plain-text part that the
// chosen charset cannot represent, and what was written instead. Only
// ISO-2022-JP produces issues. The HTML part produces none: it is UTF-8 in
// every message, so nothing is lost there.
type Issue struct {
	Part        string // "subject" or "text"
	Line        int    // 1-based line in the part; the subject is line 1
	Column      int    // 1-based, counted in characters (code points); the subject's includes SubjectPrefix
	Text        string // the character(s) in the input, e.g. "⚠️" (U+26A0 U+FE0F) or a run "ｶﾞｲﾄﾞ"
	Action      Action
	Replacement string // what was written instead; "" when the text was removed
}

// String describes the issue on one line, e.g.
//
//	text:3:1: "⚠️" (U+26A0 U+FE0F) is not in JIS X 0208: replaced by "［注意］"
func (i Issue) String() string {
	var cps []string
	for _, r := range i.Text {
		cps = append(cps, fmt.Sprintf("U+%04X", r))
	}
	pos := fmt.Sprintf("%s:%d:%d: %q (%s)", i.Part, i.Line, i.Column, i.Text, strings.Join(cps, " "))
	switch {
	case i.Action == Normalized:
		return fmt.Sprintf("%s is half-width katakana: written as full-width %q", pos, i.Replacement)
	case i.Replacement == "":
		return pos + " is not in JIS X 0208: removed"
	default:
		return fmt.Sprintf("%s is not in JIS X 0208: replaced by %q", pos, i.Replacement)
	}
}

// isHalfwidthKana reports whether r is a half-width katakana or half-width
// Japanese punctuation (U+FF61–U+FF9F).
func isHalfwidthKana(r rune) bool { return 0xFF61 <= r && r <= 0xFF9F }

// isExtender reports whether r belongs to the character before it:
// combining marks (including variation selectors and the keycap U+20E3),
// emoji skin-tone modifiers and emoji tag characters.
func isExtender(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me) ||
		0x1F3FB <= r && r <= 0x1F3FF ||
		0xE0020 <= r && r <= 0xE007F
}

func isRegionalIndicator(r rune) bool { return 0x1F1E6 <= r && r <= 0x1F1FF }

// nextUnit returns the length in bytes of the user-perceived character at
// the start of s: a code point with its extenders, an emoji ZWJ sequence or
// a flag (pair of regional indicators). It is a simplification of Unicode
// grapheme clusters that is enough to report and replace ⚠️ or 👨‍💻 as one
// character.
func nextUnit(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if isRegionalIndicator(r) {
		if r2, n2 := utf8.DecodeRuneInString(s[n:]); isRegionalIndicator(r2) {
			return n + n2
		}
	}
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case isExtender(r):
			n += size
		case r == '\u200D' && n+size < len(s): // ZERO WIDTH JOINER: the next character joins
			n += size
			_, size = utf8.DecodeRuneInString(s[n:])
			n += size
		default:
			return n
		}
	}
	return n
}

// mapEquivalents applies jisEquivalents to s.
func mapEquivalents(s string) string {
	return strings.Map(func(r rune) rune {
		if e, ok := jisEquivalents[r]; ok {
			return e
		}
		return r
	}, s)
}

// representable reports whether every character of s is ASCII or JIS X 0208.
func representable(s string) bool {
	for _, r := range s {
		if !inJIS(r) {
			return false
		}
	}
	return true
}

// widenKana writes a run of half-width katakana as full-width (with
// x/text/width, which maps ﾞ and ﾟ to the combining U+3099 and U+309A),
// combining a sound mark with the kana before it when JIS X 0208 has the combination
// (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ) and writing it as the spacing ゛ or ゜ otherwise
// (ﾜﾞ → ワ゛, since ヷ is not JIS X 0208).
func widenKana(run string) string {
	var b strings.Builder
	rs := []rune(run)
	for i := 0; i < len(rs); i++ {
		if i+1 < len(rs) && (rs[i+1] == 0xFF9E || rs[i+1] == 0xFF9F) {
			if c := []rune(norm.NFC.String(width.Widen.String(string(rs[i : i+2])))); len(c) == 1 && inJIS(c[0]) {
				b.WriteRune(c[0])
				i++
				continue
			}
		}
		switch rs[i] {
		case 0xFF9E:
			b.WriteRune('゛')
		case 0xFF9F:
			b.WriteRune('゜')
		default:
			b.WriteString(width.Widen.String(string(rs[i])))
		}
	}
	return b.String()
}

// replaceUnit returns what ISO-2022-JP writes for the unit u (see nextUnit),
// and whether that is a change the user must be told about.
func replaceUnit(u string, ja bool) (string, bool) {
	if s := mapEquivalents(u); representable(s) {
		return s, false
	}
	// Canonically equivalent text is the same text: か + U+3099 is が.
	if s := mapEquivalents(norm.NFC.String(u)); representable(s) {
		return s, false
	}
	base := strings.NewReplacer("\uFE0E", "", "\uFE0F", "").Replace(u)
	if r, n := utf8.DecodeRuneInString(base); n == len(base) && n > 0 {
		if r == warningSign {
			if ja {
				return "［注意］", true
			}
			return "(!)", true
		}
		if s, ok := jisReplacements[r]; ok {
			return s, true
		}
	}
	if s := mapEquivalents(norm.NFKC.String(u)); s != "" && representable(s) {
		return s, true
	}
	// Without accents and other marks; the kana sound marks are kept as the
	// spacing ゛ and ゜.
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '\u3099':
			return '゛'
		case r == '\u309A':
			return '゜'
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || isExtender(r):
			return -1
		}
		return r
	}, norm.NFKD.String(u))
	s = mapEquivalents(norm.NFC.String(s))
	if representable(s) {
		return s, true // "" for a lone mark or formatting character: removed
	}
	return geta, true
}

// toJIS returns s with every character that ISO-2022-JP cannot write
// replaced as documented above, and an Issue for each replacement. part is
// the Issue's Part; ja selects the Japanese replacement of ⚠. s must be
// valid UTF-8; lines are separated by "\n".
func toJIS(part, s string, ja bool) (string, []Issue) {
	if representable(s) {
		return s, nil
	}
	var b strings.Builder
	var issues []Issue
	line, col := 1, 1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			b.WriteByte('\n')
			line, col = line+1, 1
			i += size
			continue
		}
		if isHalfwidthKana(r) {
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !isHalfwidthKana(r) {
					break
				}
				j += size
			}
			run := s[i:j]
			w := widenKana(run)
			b.WriteString(w)
			issues = append(issues, Issue{Part: part, Line: line, Column: col, Text: run, Action: Normalized, Replacement: w})
			col += utf8.RuneCountInString(run)
			i = j
			continue
		}
		n := nextUnit(s[i:])
		u := s[i : i+n]
		out, report := replaceUnit(u, ja)
		b.WriteString(out)
		if report {
			issues = append(issues, Issue{Part: part, Line: line, Column: col, Text: u, Action: Replaced, Replacement: out})
		}
		col += utf8.RuneCountInString(u)
		i += n
	}
	return b.String(), issues
}

// The ISO-2022-JP escape sequences of RFC 1468.
const (
	escASCII = "\x1b(B"
	escJIS   = "\x1b$B"
)

// encodeJIS writes s, which must consist of ASCII and JIS X 0208 only (the
// output of toJIS), as ISO-2022-JP. The output starts in ASCII,
// switches back to ASCII before every ASCII character (so before every line
// break) and ends in ASCII.
func encodeJIS(s string) ([]byte, error) {
	t := jisTable()
	b := make([]byte, 0, len(s)+8)
	inJ := false
	for _, r := range s {
		if r < utf8.RuneSelf {
			if inJ {
				b = append(b, escASCII...)
				inJ = false
			}
			b = append(b, byte(r))
			continue
		}
		c, ok := t[r]
		if !ok {
			return nil, fmt.Errorf("mail: internal error: U+%04X is not in JIS X 0208", r)
		}
		if !inJ {
			b = append(b, escJIS...)
			inJ = true
		}
		b = append(b, byte(c>>8), byte(c))
	}
	if inJ {
		b = append(b, escASCII...)
	}
	return b, nil
}

// CheckISO2022JP returns an Issue for every character of s that an
// ISO-2022-JP message cannot carry as written, and what Write would put in
// its place, without converting anything: half-width katakana, characters
// outside JIS X 0208 (①, ㈱, 髙, emoji, ⚠) and invisible marks. Characters
// that only map to another code point of the same JIS X 0208 cell (〜 → ～)
// are not issues. part is the Issue's Part; ja selects the Japanese
// replacement of ⚠. s must be valid UTF-8; lines are separated by "\n".
// noticegen check uses it to warn before a draft is exported as .eml.
func CheckISO2022JP(part, s string, ja bool) []Issue {
	_, issues := toJIS(part, s, ja)
	return issues
}
