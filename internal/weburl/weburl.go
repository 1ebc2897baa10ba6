// Package weburl judges the web addresses of a notice: whether a URL is a
// real http(s) address that says plainly where it leads (check's
// url-invalid rule), and where a URL written in text ends.
package weburl

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Problem says what is wrong with s as a link in a notice, or "" when
// nothing is: the url-invalid rule of check reports it for the record's
// URL fields, and the writers link a URL in text only when it has none.
func Problem(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "contains white space or control characters"
	}
	u, err := url.Parse(s)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return "does not parse: " + err.Error()
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "is not an http or https URL"
	case u.Opaque != "" || u.Host == "":
		return "has no host (write scheme://host/path)"
	case u.User != nil:
		return "has a user name or password before the host: readers could be misled about which site it opens"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("has an invalid port %q", p)
		}
	}
	if msg := hostProblem(u.Hostname()); msg != "" {
		return msg
	}
	return ""
}

// hostProblem checks a host name: an IP address, or DNS labels of
// letters, digits and inner hyphens (internationalized names allowed).
func hostProblem(h string) string {
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	name := strings.TrimSuffix(h, ".")
	if name == "" || len(name) > 253 {
		return fmt.Sprintf("has an invalid host %q", h)
	}
	for _, l := range strings.Split(name, ".") {
		ok := l != "" && len(l) <= 63 && !strings.HasPrefix(l, "-") && !strings.HasSuffix(l, "-")
		for _, r := range l {
			if !(r == '-' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= 0x80 && unicode.In(r, unicode.L, unicode.M, unicode.N)) {
				ok = false
			}
		}
		if !ok {
			return fmt.Sprintf("has an invalid host %q", h)
		}
		if mixedScripts(l) {
			return fmt.Sprintf("has a host %q that mixes scripts in one label (a look-alike of another address?)", h)
		}
	}
	return ""
}

// scriptGroups are the scripts a host label may use, one group per label:
// a Cyrillic "с" among Latin letters ("support.сitrix.com") is the mark of
// a look-alike address. Han, kana and Latin may mix, as Japanese names do.
var scriptGroups = []struct {
	name   string
	tables []*unicode.RangeTable
}{
	{"Latin/Japanese", []*unicode.RangeTable{unicode.Latin, unicode.Han, unicode.Hiragana, unicode.Katakana}},
	{"Cyrillic", []*unicode.RangeTable{unicode.Cyrillic}},
	{"Greek", []*unicode.RangeTable{unicode.Greek}},
	{"Hangul", []*unicode.RangeTable{unicode.Hangul, unicode.Han}},
	{"Arabic", []*unicode.RangeTable{unicode.Arabic}},
	{"Hebrew", []*unicode.RangeTable{unicode.Hebrew}},
}

// mixedScripts reports whether the letters of a host label belong to no
// single script group.
func mixedScripts(label string) bool {
	fits := make([]bool, len(scriptGroups))
	for i := range fits {
		fits[i] = true
	}
	for _, r := range label {
		if !unicode.IsLetter(r) {
			continue
		}
		for i, g := range scriptGroups {
			if fits[i] && !unicode.In(r, g.tables...) {
				fits[i] = false
			}
		}
	}
	for _, f := range fits {
		if f {
			return false
		}
	}
	return true
}

// Trim removes punctuation that ends the sentence around a URL rather
// than the URL: trailing .,;:!?'" and closing brackets without an opening
// one in the URL.
func Trim(s string) string {
	for s != "" {
		last := s[len(s)-1]
		switch {
		case strings.IndexByte(".,;:!?'\"", last) >= 0:
			s = s[:len(s)-1]
		case last == ')' && strings.Count(s, "(") < strings.Count(s, ")"),
			last == ']' && strings.Count(s, "[") < strings.Count(s, "]"),
			last == '>', last == '}':
			s = s[:len(s)-1]
		default:
			return s
		}
	}
	return s
}

// Find returns the byte ranges [start, end) of the http and https URLs
// written in s: from "http://" or "https://" (in any case, not inside a
// word) up to white space, a control character, one of < > " and the
// backtick, or a full-width character (Japanese text around the URL),
// without the punctuation that ends the sentence (see Trim).
func Find(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != 'h' && s[i] != 'H' || i > 0 && isWordByte(s[i-1]) {
			continue
		}
		rest := strings.ToLower(s[i:min(len(s), i+8)])
		if !strings.HasPrefix(rest, "http://") && !strings.HasPrefix(rest, "https://") {
			continue
		}
		end := i + strings.Index(rest, "://") + 3
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>\"`", r) || isFullWidth(r) {
				break
			}
			end += n
		}
		u := Trim(s[i:end])
		if !strings.HasSuffix(u, "://") { // more than a scheme
			out = append(out, [2]int{i, i + len(u)})
		}
		i = end - 1
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isFullWidth(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}
