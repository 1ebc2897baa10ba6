package mail

import (
	"strings"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/format"
)

// This file fits the lines of the ISO-2022-JP text part into maxBodyLine
// octets. The line breaking itself is format's (format.Wrap, through the
// caller's Rewrap or directly): the same kinsoku rules as the plain-text
// draft, so a rewrapped line breaks where the .txt draft could.

// jisText converts text (LF line breaks) to ASCII and JIS X 0208 and fits
// its lines as Write documents. The issues are those of text as given, so
// their lines and columns are the input's.
func jisText(text string, ja bool, o Options) (string, []Issue, error) {
	conv, issues := toJIS("text", text, ja)
	if !jisFits(conv) && o.Rewrap != nil {
		for w := o.TextWidth - 1; w >= minRewrap; w-- {
			b, err := o.Rewrap(w)
			if err != nil {
				return "", nil, err
			}
			t, err := checkBody("text", b)
			if err != nil {
				return "", nil, err
			}
			if c, _ := toJIS("text", t, ja); jisFits(c) {
				conv = c
				break
			}
		}
	}
	var b strings.Builder
	for i, line := range strings.Split(conv, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(fitLine(line), "\n"))
	}
	return b.String(), issues, nil
}

// jisFits reports whether every line of s, converted by toJIS, fits.
func jisFits(s string) bool {
	for line := range strings.SplitSeq(s, "\n") {
		if !lineFits(line) {
			return false
		}
	}
	return true
}

// lineFits reports whether line, converted by toJIS, is at most maxBodyLine
// octets encoded, or cannot be broken anyway: one token of ASCII after its
// indentation (a long URL or path).
func lineFits(line string) bool {
	if jisLen(line) <= maxBodyLine {
		return true
	}
	token := strings.TrimLeft(line, " ")
	for i := 0; i < len(token); i++ {
		if c := token[i]; c == ' ' || c == '\t' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// jisLen is the length of encodeJIS(s) for s converted by toJIS: one octet
// per ASCII character, two per JIS X 0208 character, and three for each
// escape sequence, including the one back to ASCII at the end.
func jisLen(s string) int {
	n, inJ := 0, false
	for _, r := range s {
		j := r >= utf8.RuneSelf
		if j != inJ {
			n += 3
			inJ = j
		}
		n++
		if j {
			n++
		}
	}
	if inJ {
		n += 3
	}
	return n
}

// fitLine breaks a line that does not fit with format.Wrap, at the widest
// width at which every piece fits, continuing it at its indentation (and,
// for a list item, "- " or "1. ", at its text). A line that fits, or that
// no width makes fit, is returned whole.
func fitLine(line string) []string {
	if lineFits(line) {
		return []string{line}
	}
	rest := hangingIndent(line)
	for w := format.DisplayWidth(line) - 1; w >= minRewrap; w-- {
		pieces := format.Wrap(line, w, "", rest)
		ok := true
		for _, p := range pieces {
			ok = ok && lineFits(p)
		}
		if ok {
			return pieces
		}
	}
	return []string{line}
}

// hangingIndent returns the indentation of the continuation lines of line:
// its leading spaces, and as many more as its list mark ("- ", "12. ") is
// long, as the plain-text draft indents list items.
func hangingIndent(line string) string {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	s := line[indent:]
	mark := 0
	if strings.HasPrefix(s, "- ") {
		mark = 2
	} else {
		d := 0
		for d < len(s) && '0' <= s[d] && s[d] <= '9' {
			d++
		}
		if d > 0 && strings.HasPrefix(s[d:], ". ") {
			mark = d + 2
		}
	}
	return strings.Repeat(" ", indent+mark)
}
