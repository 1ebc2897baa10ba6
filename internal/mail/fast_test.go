package mail

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
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
