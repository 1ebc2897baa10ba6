package cli_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/cli"
	"github.com/noticegen/noticegen/internal/golden"
)

// exportEML exports records (the bundled ones if none are given) as .eml
// in charset, both locales, and returns the messages by "<id>/<lang>.eml".
func exportEML(t *testing.T, charset string, records ...string) map[string][]byte {
	t.Helper()
	if len(records) == 0 {
		records = golden.Samples(t, "../..")
	}
	out := t.TempDir()
	args := append([]string{"export", "-o", out, "--format", "eml", "--charset", charset, "--now", "2026-06-09T09:00:00+09:00"},
		records...)
	var stderr bytes.Buffer
	if code := cli.Main(args, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr.String())
	}
	files, err := filepath.Glob(filepath.Join(out, "*", "*.eml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("exported %v, %v", files, err)
	}
	msgs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(out, f)
		msgs[filepath.ToSlash(rel)] = b
	}
	return msgs
}

var metaCharset = regexp.MustCompile(`(?i)<meta charset="([^"]+)">`)

// TestBundledEMLLimits exports every bundled record in both locales and
// both charsets and checks each message against RFC 5322 and HTML5: every
// line at most 78 octets, escape sequences included (only a line holding
// nothing but a URL may be longer), Message-ID on a line of its own, the
// text part in the charset asked for, the HTML part in UTF-8 and declaring
// it.
func TestBundledEMLLimits(t *testing.T) {
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		for name, msg := range exportEML(t, cs) {
			name = cs + " " + name
			for i, line := range strings.Split(string(msg), "\r\n") {
				token := strings.TrimLeft(line, " ")
				url := (strings.HasPrefix(token, "https://") || strings.HasPrefix(token, "http://")) && !strings.ContainsAny(token, " \t\x1b")
				if len(line) > 78 && !url {
					t.Errorf("%s: line %d has %d octets (max 78): %q", name, i+1, len(line), line)
				}
			}
			if !regexp.MustCompile(`\r\nMessage-ID: <[^\r\n ]+>\r\n[^ ]`).Match(msg) {
				t.Errorf("%s: Message-ID is not on a line of its own", name)
			}
			m, err := netmail.ReadMessage(bytes.NewReader(msg))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			mr := multipart.NewReader(m.Body, params["boundary"])
			var types []string
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				mt, pp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				types = append(types, mt+"; charset="+pp["charset"])
				if mt == "text/html" {
					body, err := io.ReadAll(p) // quoted-printable is decoded by multipart
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if enc := p.Header.Get("Content-Transfer-Encoding"); enc == "base64" {
						if body, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(body), "\r\n", "")); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
					} else if enc != "" {
						t.Errorf("%s: the HTML part is %s", name, enc)
					}
					if !utf8.Valid(body) {
						t.Errorf("%s: the HTML part is not UTF-8", name)
					}
					if m := metaCharset.FindAllSubmatch(body, -1); len(m) != 1 || !strings.EqualFold(string(m[0][1]), "utf-8") {
						t.Errorf("%s: the HTML part declares %q, want one <meta charset=\"utf-8\">", name, m)
					}
				}
			}
			if want := []string{"text/plain; charset=" + cs, "text/html; charset=utf-8"}; strings.Join(types, ", ") != strings.Join(want, ", ") {
				t.Errorf("%s: parts %q, want %q", name, types, want)
			}
		}
	}
}

// pythonCheck reads messages with Python's email package (policy.default,
// the modern parser mail tools use): for each file it prints the decoded
// Subject and Message-ID, and every leaf part's type, charset and decoded
// content, as JSON.
const pythonCheck = `
import email, json, sys
from email import policy
out = {}
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_bytes(f.read(), policy=policy.default)
    parts = []
    for p in m.walk():
        if p.is_multipart():
            continue
        parts.append({'type': p.get_content_type(), 'charset': p.get_content_charset(),
                      'content': p.get_content(), 'defects': [str(d) for d in p.defects]})
    out[path] = {'subject': str(m['Subject']), 'message_id': str(m['Message-ID']),
                 'defects': [str(d) for d in m.defects], 'parts': parts}
json.dump(out, sys.stdout)
`

// TestBundledEMLPython has Python's email package parse every bundled
// record's .eml in both charsets: no defects, Message-ID unfolded, a
// text/plain part in the charset asked for and a text/html part in UTF-8,
// both decoding to text that holds the subject. It needs python3 on PATH
// (.ci/run makes sure of it): without it the test is skipped, and under CI
// it fails.
func TestBundledEMLPython(t *testing.T) {
	py := golden.Command(t, "python3")
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		dir := t.TempDir()
		var files []string
		for name, msg := range exportEML(t, cs) {
			p := filepath.Join(dir, strings.ReplaceAll(name, "/", "_"))
			if err := os.WriteFile(p, msg, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		cmd := exec.Command(py, append([]string{"-c", pythonCheck}, files...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: python3: %v\n%s", cs, err, stderr.String())
		}
		var got map[string]struct {
			Subject   string
			MessageID string `json:"message_id"`
			Defects   []string
			Parts     []struct {
				Type, Charset, Content string
				Defects                []string
			}
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s: %v\n%s", cs, err, out)
		}
		if len(got) != len(files) {
			t.Fatalf("%s: python read %d of %d messages", cs, len(got), len(files))
		}
		for path, m := range got {
			name := cs + " " + filepath.Base(path)
			if len(m.Defects) > 0 {
				t.Errorf("%s: defects %q", name, m.Defects)
			}
			if !regexp.MustCompile(`^<[^ ]+@noticegen\.invalid>$`).MatchString(m.MessageID) {
				t.Errorf("%s: Message-ID %q", name, m.MessageID)
			}
			if len(m.Parts) != 2 || m.Parts[0].Type != "text/plain" || m.Parts[0].Charset != cs ||
				m.Parts[1].Type != "text/html" || m.Parts[1].Charset != "utf-8" {
				t.Errorf("%s: parts %+v", name, m.Parts)
				continue
			}
			// The subject is in the HTML's <title> and <h1> (escaped, so
			// compare a part of it without markup characters).
			words := strings.FieldsFunc(m.Subject, func(r rune) bool { return strings.ContainsRune(`<>&"' 【】[]`, r) })
			for _, p := range m.Parts {
				if len(p.Defects) > 0 {
					t.Errorf("%s: %s defects %q", name, p.Type, p.Defects)
				}
			}
			if len(words) == 0 || !strings.Contains(m.Parts[1].Content, words[len(words)-1]) {
				t.Errorf("%s: the HTML part lacks the subject %q", name, m.Subject)
			}
			if !strings.Contains(m.Parts[0].Content, "AI") {
				t.Errorf("%s: the text part lacks the disclaimer:\n%s", name, m.Parts[0].Content)
			}
		}
	}
}
