package format

import (
	"strings"

	"github.com/noticegen/noticegen/internal/weburl"
)

// Body text — the paragraphs and list items of a draft, which is where the
// record's text goes — may mark code with backticks, as in Markdown:
// "`kill aaa session -all`". A code span is a backtick, then one or more
// characters that are not a backtick, with no white space at either end,
// then a backtick; any other backtick is text. A line of body text that is
// a single code span (white space around it aside) is a command line, and a
// run of command lines is shown as a block. The plain-text draft shows the
// code without the backticks (command lines unwrapped); Markdown writes a
// code span or a fenced block, which HTML shows as <code> and <pre>.
//
// A URL written in body text (http or https, see weburl.Find) becomes a
// link in Markdown and HTML, its own text the URL, when it passes the
// url-invalid rule's checks (weburl.Problem); otherwise it stays text.
//
// The subject, headings, labels, the disclaimer and the banner are text
// as written: a backtick there is shown, and a URL is not linked.

// spanKind is the kind of a piece of body text.
type spanKind uint8

const (
	spanText spanKind = iota
	spanCode          // s is the code, without the backticks
	spanURL           // s is a URL that passed weburl.Problem
)

// span is a piece of one line of body text.
type span struct {
	kind spanKind
	s    string
}

// spans splits one line of body text into text, code and URLs.
func spans(line string) []span {
	var out []span
	text := func(s string) {
		for s != "" {
			rs := weburl.Find(s)
			i := 0
			for ; i < len(rs) && weburl.Problem(s[rs[i][0]:rs[i][1]]) != ""; i++ {
			}
			if i == len(rs) {
				out = append(out, span{spanText, s})
				return
			}
			r := rs[i]
			if r[0] > 0 {
				out = append(out, span{spanText, s[:r[0]]})
			}
			out = append(out, span{spanURL, s[r[0]:r[1]]})
			s = s[r[1]:]
		}
	}
	from := 0 // start of the text not yet added
	for i := 0; i < len(line); i++ {
		if line[i] != '`' {
			continue
		}
		j := strings.IndexByte(line[i+1:], '`')
		if j < 0 {
			break
		}
		code := line[i+1 : i+1+j]
		if !isCode(code) {
			continue // this backtick is text; the next may open a span
		}
		text(line[from:i])
		out = append(out, span{spanCode, code})
		i += j + 1
		from = i + 1
	}
	text(line[from:])
	return out
}

// isCode reports whether s can be the code of a code span.
func isCode(s string) bool {
	return s != "" && strings.Trim(s, " \t") == s
}

// commandLine returns the code of a line of body text that is a single
// code span.
func commandLine(line string) (code string, ok bool) {
	l := strings.Trim(line, " \t")
	if len(l) < 3 || l[0] != '`' || l[len(l)-1] != '`' {
		return "", false
	}
	code = l[1 : len(l)-1]
	return code, isCode(code) && !strings.Contains(code, "`")
}

// plainLine is a line of body text as the plain-text draft shows it: code
// without its backticks.
func plainLine(line string) string {
	if !strings.Contains(line, "`") {
		return line
	}
	var b strings.Builder
	for _, sp := range spans(line) {
		b.WriteString(sp.s)
	}
	return b.String()
}
