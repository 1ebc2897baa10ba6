package importer

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
)

// cleanText makes source text safe and tidy for a record: line breaks
// normalised to \n, control characters other than \n and \t, bidirectional
// controls and replacement characters removed (the record decoder refuses
// them), trailing spaces cut from each line, and runs of blank lines
// collapsed to one.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == utf8.RuneError, unicode.IsControl(r), advisory.IsBidiControl(r):
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	blank := true // drops leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0\u3000")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// oneLine is cleanText for single-line fields (titles, names): every run of
// white space, line breaks included, becomes one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

// clip shortens s to at most n characters, cutting after the last sentence
// or line end before the limit when there is one in the second half, and
// marks the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := -1
	for i := len(r) - 1; i >= n/2; i-- {
		if r[i] == '\n' || r[i] == '。' || (r[i] == '.' && (i+1 >= len(r) || r[i+1] == ' ' || r[i+1] == '\n')) {
			cut = i + 1
			break
		}
	}
	if cut < 0 {
		cut = n - 1
		for i := n - 1; i >= n/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
	}
	return strings.TrimRight(string(r[:cut]), " \n") + " …"
}

// firstParagraph returns the text up to the first blank line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// firstSentence returns the first sentence of s, or s clipped.
func firstSentence(s string, n int) string {
	s = oneLine(s)
	for i, r := range s {
		if r == '。' {
			return s[:i+len("。")]
		}
		if r == '.' && i+1 < len(s) && s[i+1] == ' ' && i > 20 {
			return s[:i+1]
		}
	}
	return clip(s, n)
}

var (
	liRE  = regexp.MustCompile(`(?i)<li[^>]*>`)
	brRE  = regexp.MustCompile(`(?i)<br\s*/?>|</p>`)
	tagRE = regexp.MustCompile(`<[^>]*>`)
)

// htmlText turns the little HTML found in JVN texts (<ul><li>, <br>, <p>)
// into plain text: list items become "・" lines, other tags are dropped and
// entities decoded.
func htmlText(s string) string {
	if !strings.Contains(s, "<") && !strings.Contains(s, "&") {
		return s
	}
	s = liRE.ReplaceAllString(s, "\n・")
	s = brRE.ReplaceAllString(s, "\n")
	s = tagRE.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

// hasJapanese reports whether s holds kana or CJK ideographs, i.e. text a
// reader of another locale cannot read as a name.
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

// isCVE reports whether s is a well-formed CVE id.
// uniq appends s to list unless it is empty or already there.
func uniq(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// listWords joins names for a sentence, showing at most max of them and
// counting the rest: "a, b and 3 more" / "a、b ほか3件".
func listWords(loc string, names []string, max int) string {
	shown, more := names, 0
	if len(names) > max {
		shown, more = names[:max], len(names)-max
	}
	if loc == "ja" {
		s := strings.Join(shown, "、")
		if more > 0 {
			s += "ほか" + itoa(more) + "件"
		}
		return s
	}
	switch {
	case more > 0:
		return strings.Join(shown, ", ") + " and " + itoa(more) + " more"
	case len(shown) <= 1:
		return strings.Join(shown, "")
	default:
		return strings.Join(shown[:len(shown)-1], ", ") + " and " + shown[len(shown)-1]
	}
}

// itoa writes n with thousands separators: 1,878.
func itoa(n int) string {
	d := strconv.Itoa(n)
	if n < 0 {
		return "-" + itoa(-n)
	}
	var b strings.Builder
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}

var listItemRE = regexp.MustCompile(`^\s*([-*•・]|[0-9]+[.)])\s`)

// unwrap joins the hard-wrapped lines of each paragraph (as in Red Hat's
// notes, wrapped at 70 characters), keeping list items and indented lines
// on lines of their own.
func unwrap(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			join := prev != "" && l != "" && !listItemRE.MatchString(l) && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") &&
				!strings.HasSuffix(prev, ":") && !strings.HasSuffix(prev, "：")
			switch {
			case join && endsWide(prev):
			case join:
				b.WriteByte(' ')
			default:
				b.WriteByte('\n')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// endsWide reports whether s ends with a CJK character, after which a
// joined line needs no space.
func endsWide(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return hasJapanese(string(r))
}
