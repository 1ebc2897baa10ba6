package locale

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/noticegen/noticegen"
)

func embedded() Layer { return Layer{Name: "locales", FS: noticegen.Locales()} }

func mustLoad(t *testing.T, layers ...Layer) *Catalog {
	t.Helper()
	c, err := Load(layers...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEmbedded(t *testing.T) {
	c := mustLoad(t, embedded())
	if got := strings.Join(c.Locales(), ","); got != "en,ja" {
		t.Errorf("locales = %s", got)
	}
	for _, tt := range []struct{ loc, id, want string }{
		{"ja", "heading.scope", "影響範囲"},
		{"en", "heading.actions", "Recommended Actions"},
		{"ja", "priority.low", "低"},
		{"en", "deadline.as_needed", "As needed"},
		{"ja", "subject.prefix.critical", "【緊急】"},
	} {
		got, err := c.T(tt.loc, tt.id, nil)
		if err != nil || got != tt.want {
			t.Errorf("T(%s, %s) = %q, %v; want %q", tt.loc, tt.id, got, err, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	c := mustLoad(t, embedded())
	d := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	for loc, want := range map[string]string{"ja": "2026年6月30日", "en": "June 30, 2026"} {
		if got, err := c.Date(loc, d); err != nil || got != want {
			t.Errorf("Date(%s) = %q, %v; want %q", loc, got, err, want)
		}
	}
}

func TestMatch(t *testing.T) {
	c := mustLoad(t, embedded())
	for in, want := range map[string]string{"ja": "ja", "ja-JP": "ja", "en-US": "en", "en-GB": "en", "en": "en"} {
		if got, err := c.Match(in); err != nil || got != want {
			t.Errorf("Match(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"de", "zh", "!!"} {
		if got, err := c.Match(in); err == nil {
			t.Errorf("Match(%s) = %q, want an error", in, got)
		}
	}
}

// TestOverridePerKey checks that a user's file replaces single messages
// and leaves the rest to the embedded defaults.
func TestOverridePerKey(t *testing.T) {
	user := Layer{Name: "my", FS: fstest.MapFS{"ja.yaml": {Data: []byte("greeting: 各位\n")}}}
	c := mustLoad(t, embedded(), user)
	if got, _ := c.T("ja", "greeting", nil); got != "各位" {
		t.Errorf("greeting = %q", got)
	}
	if got, _ := c.T("ja", "heading.scope", nil); got != "影響範囲" {
		t.Errorf("heading.scope = %q", got)
	}
	if o, _ := c.Origin("ja", "greeting"); o.String() != "my/ja.yaml:1:11" {
		t.Errorf("origin = %s", o)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"empty disclaimer", fstest.MapFS{"ja.yaml": {Data: []byte("disclaimer: \"  \"\n")}},
			[]string{`my/ja.yaml:1:13: message "disclaimer" is empty`}},
		{"missing key in new locale", fstest.MapFS{"fr.yaml": {Data: []byte("greeting: Bonjour\n")}},
			[]string{`locale "fr" has no message "closing"`, `locale "fr" has no message "heading.scope"`}},
		{"unknown key", fstest.MapFS{"ja.yaml": {Data: []byte("greting: x\n")}},
			[]string{`my/ja.yaml:1:10: message "greting" is not defined in the reference locale "en" (misspelt key?)`}},
		{"bad template", fstest.MapFS{"ja.yaml": {Data: []byte("greeting: \"{{.X\"\n")}},
			[]string{`my/ja.yaml:1:11: message "greeting": template: greeting:1: unclosed action`}},
		{"bad file name", fstest.MapFS{"japanese.yaml": {Data: []byte("greeting: x\n")}},
			[]string{`my/japanese.yaml: file name must be a canonical locale tag`}},
		// Canonical, but records cannot key text with it (a one-letter
		// subtag): no record could be rendered in it.
		{"not a record locale", fstest.MapFS{"en-US-u-va-posix.yaml": {Data: []byte("greeting: x\n")}},
			[]string{`my/en-US-u-va-posix.yaml: file name must be a canonical locale tag`}},
		{"control character", fstest.MapFS{"ja.yaml": {Data: []byte("greeting: \"a\\x1eb\"\n")}},
			[]string{`my/ja.yaml:1:11: message "greeting" contains control character U+001E`}},
		{"yaml syntax", fstest.MapFS{"ja.yaml": {Data: []byte("greeting: [\n")}},
			[]string{`my/ja.yaml: YAML syntax:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(embedded(), Layer{Name: "my", FS: tt.files})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

// TestMissingIsError checks that a message missing at lookup time is an
// error naming locale and id, never another locale's text.
func TestMissingIsError(t *testing.T) {
	c := mustLoad(t, embedded())
	_, err := c.T("ja", "no.such.message", nil)
	if err == nil || err.Error() != `locale "ja" has no message "no.such.message"` {
		t.Errorf("err = %v", err)
	}
}

func TestLanguageName(t *testing.T) {
	c := mustLoad(t, embedded())
	if got := c.LanguageName("ja", "en"); got != "英語" {
		t.Errorf("LanguageName(ja, en) = %q", got)
	}
	if got := c.LanguageName("en", "zh-TW"); !strings.Contains(got, "Chinese") {
		t.Errorf("LanguageName(en, zh-TW) = %q", got)
	}
}

// TestInvisibleProtectedMessages checks that the disclaimer, the
// disclosure and the review marks cannot be hidden with invisible
// characters, in the reference locale or another.
func TestInvisibleProtectedMessages(t *testing.T) {
	for _, msg := range []string{"disclaimer: \"\\u200b\"\n", "review:\n  banner: \"\\u2060\\u200d\"\n", "review:\n  subject_prefix: \"\\u200b \"\n",
		"disclosure:\n  text: \"\\u200b\"\n", "disclosure:\n  review: \"\\u2060 \"\n"} {
		for _, file := range []string{"en.yaml", "ja.yaml"} {
			_, err := Load(embedded(), Layer{Name: "my", FS: fstest.MapFS{file: {Data: []byte(msg)}}})
			if err == nil || !strings.Contains(err.Error(), "shows nothing a reader can see") {
				t.Errorf("%s %q: err = %v", file, msg, err)
			}
		}
	}
	// Empty or white space only: refused as every message is.
	for _, msg := range []string{"disclosure:\n  text: \"\"\n", "disclosure:\n  review: \"  \"\n"} {
		_, err := Load(embedded(), Layer{Name: "my", FS: fstest.MapFS{"ja.yaml": {Data: []byte(msg)}}})
		if err == nil || !strings.Contains(err.Error(), "is empty") {
			t.Errorf("%q: err = %v", msg, err)
		}
	}
	if !Visible("⚠️") || !Visible("【未承認】") || Visible("\u200b \u200d") {
		t.Error("Visible")
	}
}

// TestMissingNamesLastFile: a locale's missing message is reported against
// its last-loaded file (the user's, here loc/ja.yaml, not the embedded
// locales/ja.yaml), the same every time. The error once named a file
// picked by iterating a map, so Load runs many times: Go varies map order
// from one iteration to the next.
func TestMissingNamesLastFile(t *testing.T) {
	user := Layer{Name: "loc", FS: fstest.MapFS{
		"en.yaml": {Data: []byte("extra: x\n")},
		"ja.yaml": {Data: []byte("greeting: やあ\n")},
	}}
	const want = `loc/ja.yaml: locale "ja" has no message "extra" (defined at loc/en.yaml:1:8)`
	for i := range 300 {
		_, err := Load(embedded(), user)
		var errs Errors
		if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Error() != want {
			t.Fatalf("run %d: error\n%v\nwant exactly\n%s", i+1, err, want)
		}
	}
}

// TestMarkers: each locale's translation marker comes from its file, a
// locale the catalog lacks gets the reference locale's, and Markers holds
// every marker and every translation.also line once.
func TestMarkers(t *testing.T) {
	c := mustLoad(t, embedded())
	if m := c.Marker("ja"); m != "[要翻訳]" {
		t.Errorf("Marker(ja) = %q", m)
	}
	if m := c.Marker("en"); m != "[TRANSLATE]" {
		t.Errorf("Marker(en) = %q", m)
	}
	if m := c.Marker("de"); m != "[TRANSLATE]" {
		t.Errorf("Marker(de) = %q, want the reference locale's", m)
	}
	want := []string{"[TRANSLATE]", "[要翻訳]", "[untranslated]", "[needs translation]", "[未翻訳]"}
	if got := c.Markers(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Markers() = %q, want %q", got, want)
	}
	o := mustLoad(t, embedded(), Layer{Name: "my", FS: fstest.MapFS{"ja.yaml": {Data: []byte("translation:\n  marker: '[訳して]'\n  also: \"[要翻訳]\\n[未訳]\"\n")}}})
	if m := o.Marker("ja"); m != "[訳して]" {
		t.Errorf("overridden Marker(ja) = %q", m)
	}
	want = []string{"[TRANSLATE]", "[訳して]", "[untranslated]", "[needs translation]", "[要翻訳]", "[未訳]"}
	if got := o.Markers(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("overridden Markers() = %q, want %q", got, want)
	}
	if _, err := Load(embedded(), Layer{Name: "my", FS: fstest.MapFS{"en.yaml": {Data: []byte("translation:\n  marker: \"\\u200b\"\n")}}}); err == nil || !strings.Contains(err.Error(), `message "translation.marker" shows nothing a reader can see`) {
		t.Errorf("an invisible marker: err = %v", err)
	}
}
