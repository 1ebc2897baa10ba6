package mail

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// metaCharsetAnywhere is the expression utf8MetaCharset stands for, tried
// at every byte.
var metaCharsetAnywhere = regexp.MustCompile(`(?i)(<meta\b[^>]*?\bcharset\s*=\s*["']?\s*)([A-Za-z0-9._:-]+)`)

// FuzzMetaCharset checks utf8MetaCharset against the expression run over
// the whole text, and base64Lines against CRLF line breaks, then base64,
// then cutting lines.
func FuzzMetaCharset(f *testing.F) {
	for _, s := range []string{
		"", `<meta charset="utf-8">`, `<META CHARSET=shift_jis>`, `<meta http-equiv="Content-Type" content="text/html; charset=euc-jp">`,
		`<p><meta charset='x'></p><meta charset=y>`, "<meta <meta charset=a>", "<metacharset=x>", "<meta\ncharset = \" latin1\">", "<meta", "<m", "<meta char\u017Fet=latin1>", "<META CHARSET=\"ISO-8859-1\">",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := metaCharsetAnywhere.ReplaceAllStringFunc(s, func(m string) string {
			sub := metaCharsetAnywhere.FindStringSubmatch(m)
			if strings.EqualFold(sub[2], "utf-8") {
				return m
			}
			return sub[1] + "utf-8"
		})
		if got := string(utf8MetaCharset([]byte(s))); got != want {
			t.Errorf("utf8MetaCharset(%q) = %q, want %q", s, got, want)
		}
		enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
		var lines bytes.Buffer
		for len(enc) > 0 {
			n := min(len(enc), 76)
			lines.WriteString(enc[:n] + "\r\n")
			enc = enc[n:]
		}
		if got := base64Lines([]byte(s)); !bytes.Equal(got, lines.Bytes()) {
			t.Errorf("base64Lines(%q) = %q, want %q", s, got, lines.Bytes())
		}
	})
}

// FuzzCheckBody checks cleanBody and checkBodyBytes against the rune by
// rune reading of what a body may hold.
func FuzzCheckBody(f *testing.F) {
	for _, s := range []string{"", "plain\ntext\twith tab", "日本語の本文です。\n", "a\x1bb", "\x7f", "\u0085nel", "\u009f", "\u00a0nbsp", "x\u2028y", "\u2029", "\u2027\u202a", "\xff", "\xc2", "a\r\nb", "a\rb", "\uFFFD",
		// Longer than the eight bytes cleanBody takes at once, with what it
		// refuses at each place in a word and after the last whole one.
		"0123456\x1b89abcdef", "abcdefgh\x7fijklmno", "abcdefghijklmn\u0085", "abcdefghijklmnopq\u2028", "~~~~~~~~\x7f", "        \x00       ", "plain text, no line break\tend",
		// Japanese words (E3–E9 lead bytes) with C2 and E2 sequences at
		// and across the eight-byte boundaries, allowed and refused.
		"日本語の本文\u0085です。", "日本語の\u009f本文です", "日本\u2028語の本文です", "日本語の本文\u2029", "日本語の本文\u00a0です", "本文\u2014です。日本語", "日本語の本文\u00e9\u2026です"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		ok := bodyOK(s)
		if got := cleanBody(s); got != ok {
			t.Errorf("cleanBody(%q) = %v, want %v", s, got, ok)
		}
		if _, err := checkBodyBytes("text", b); (err == nil) != ok {
			t.Errorf("checkBodyBytes(%q): err = %v, want ok = %v", b, err, ok)
		}
	})
}

// bodyOK is what a body may hold, read rune by rune: valid UTF-8 without
// controls but TAB and LF, and without U+2028 and U+2029.
func bodyOK(s []byte) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 || r != '\t' && r != '\n' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return false
		}
		i += size
	}
	return true
}

// TestCleanBodyEveryByte puts every byte, and every two-byte sequence
// starting with C2 or E2 (with 80 for E2's third byte variants), at every
// place of the words cleanBody reads eight bytes at a time, among ASCII
// and among Japanese text, and compares with the rune by rune reading.
func TestCleanBodyEveryByte(t *testing.T) {
	var inserts [][]byte
	for b := range 256 {
		inserts = append(inserts, []byte{byte(b)})
	}
	for b := range 256 {
		inserts = append(inserts, []byte{0xC2, byte(b)}, []byte{0xE2, 0x80, byte(b)})
	}
	for _, filler := range []string{"abcdefghijklmnopqrstuvwxyz", "日本語の本文です。確認して"} {
		for _, ins := range inserts {
			for at := 0; at <= 17; at++ {
				f := []byte(filler)
				s := append(append(append([]byte{}, f[:at]...), ins...), f[at:]...)
				if got, want := cleanBody(s), bodyOK(s); got != want {
					t.Errorf("cleanBody(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}
