package format_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

const amberPath = "../../testdata/tlp/dsa-amber.yaml"

// TestTLPGolden compares every format of a TLP:AMBER record (the seed,
// marked) in both locales with testdata/golden/tlp_amber_<locale>.<ext>:
// the subject starts with [TLP:AMBER] and the body with the marking line.
func TestTLPGolden(t *testing.T) {
	h := newHTML(t)
	for _, d := range renderDrafts(t, amberPath) {
		o, err := h.Outputs(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range format.Formats {
			if f.Of == nil {
				continue // eml: internal/cli's TestTLPEML
			}
			golden.Check(t, fmt.Sprintf("../../testdata/golden/tlp_amber_%s.%s", d.Locale, f.Ext), f.Of(o))
		}
	}
}

// TestTLPEveryFormat: every format shows a marked draft's label in the
// subject (first) and its marking line once, near the top, for every
// label; with the review banner too, the subject still starts with the
// label.
func TestTLPEveryFormat(t *testing.T) {
	h := newHTML(t)
	for _, d := range renderDrafts(t, amberPath) {
		for _, label := range []string{"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"} {
			c := *d
			c.Banner = "BANNER"
			c.Subject = strings.Replace(c.Subject, "[TLP:AMBER]", "[TLP:"+label+"]", 1)
			c.Marking = strings.Replace(c.Marking, "TLP:AMBER", "TLP:"+label, 1)
			c.TLP = label
			o, err := h.Outputs(&c)
			if err != nil {
				t.Fatal(err)
			}
			mark := "TLP:" + label
			for _, f := range format.Formats {
				if f.Of == nil {
					continue
				}
				out := string(f.Of(o))
				if f.Name == format.JSON {
					out = strings.ReplaceAll(out, `\u0026`, "&")
				}
				if !strings.Contains(out, "[TLP:"+label+"] ") && !strings.Contains(out, `\[TLP:`+label+`\] `) {
					t.Errorf("%s %s %s: no subject mark", d.Locale, label, f.Ext)
				}
				// The marking line once (HTML: the label in a span of its
				// own, and in the <title>).
				body := out
				if f.Name == format.HTMLMail {
					body = out[strings.Index(out, "</head>"):]
				}
				if n := strings.Count(body, mark+"]") + strings.Count(body, mark+`\]`); n != 1 && f.Name != format.JSON {
					t.Errorf("%s %s %s: subject mark %d times", d.Locale, label, f.Ext, n)
				}
				if f.Name != format.JSON && strings.Count(body, mark) != 2 {
					t.Errorf("%s %s %s: %s %d times, want the subject and the marking line", d.Locale, label, f.Ext, mark, strings.Count(body, mark))
				}
			}
			if !strings.Contains(string(o.HTML), `<span class="ng-tlp-label tlp-`+strings.ToLower(strings.ReplaceAll(label, "+", "-"))+`" style="color: #`) {
				t.Errorf("%s %s: the HTML label has no colour:\n%s", d.Locale, label, o.HTML)
			}
			if strings.Count(string(o.HTMLBody), mark) != 1 { // the subject heading
				t.Errorf("%s %s: the HTML body repeats the marking the layout shows", d.Locale, label)
			}
		}
	}
}

// TestTLPMarkingPlace: in text and Markdown the marking is the first
// paragraph of the body, after the disclaimer (text: after the subject
// line too); in HTML a line above the card, after the banner.
func TestTLPMarkingPlace(t *testing.T) {
	h := newHTML(t)
	d := renderDrafts(t, amberPath)[1] // en
	d.Banner = "BANNER"
	o, err := h.Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	text := string(o.Text)
	if i, j, k := strings.Index(text, "Subject: [TLP:AMBER] [Info] "), strings.Index(text, "\nTLP:AMBER — share this only"), strings.Index(text, "Dear team,"); i < 0 || j < i || k < j {
		t.Errorf("text: subject %d, marking %d, greeting %d:\n%s", i, j, k, text)
	}
	md := string(o.Markdown)
	if i, j, k := strings.Index(md, "> ⚠️"), strings.Index(md, "\n\n**TLP:AMBER — share this only"), strings.Index(md, "Dear team,"); i < 0 || j < i || k < j {
		t.Errorf("md: disclaimer %d, marking %d, greeting %d:\n%s", i, j, k, md)
	}
	html := string(o.HTML)
	if i, j, k := strings.Index(html, ">BANNER<"), strings.Index(html, `<td class="ng-tlp"`), strings.Index(html, `<td class="ng-card"`); i < 0 || j < i || k < j {
		t.Errorf("html: banner %d, marking %d, card %d", i, j, k)
	}
	if !bytes.HasPrefix(o.TextBody, []byte("BANNER\n\n⚠️")) || !bytes.Contains(o.TextBody, []byte("\n\nTLP:AMBER — share this only")) {
		t.Errorf("the .eml text body:\n%s", o.TextBody)
	}
}

// TestTLPLayoutMustShow: a layout of the user's that leaves the marking
// out cannot write a marked draft; an unmarked one it still writes.
func TestTLPLayoutMustShow(t *testing.T) {
	layers := []locale.Layer{render.EmbeddedTemplates,
		{Name: "my", FS: fstest.MapFS{"email.html.tmpl": {Data: []byte("<!DOCTYPE html><title>{{.Title}}</title>{{.Banner}}{{.Body}}\n")}}}}
	h, err := format.NewHTML(layers)
	if err != nil {
		t.Fatal(err)
	}
	marked := renderDrafts(t, amberPath)[0]
	if _, err := h.Outputs(marked); err == nil || !strings.Contains(err.Error(), "my/email.html.tmpl: the layout does not show the TLP marking of a TLP:AMBER draft") {
		t.Errorf("marked draft: %v", err)
	}
	// Written into a buffer, the refused document is taken back from it;
	// into another writer, nothing of it is written.
	buf := bytes.NewBufferString("before")
	if err := h.Document(buf, marked, []byte("<p>body</p>")); err == nil || buf.String() != "before" {
		t.Errorf("Document into a buffer: %v, the buffer holds %q", err, buf)
	}
	var sb strings.Builder
	if err := h.Document(&sb, marked, []byte("<p>body</p>")); err == nil || sb.Len() != 0 {
		t.Errorf("Document into a strings.Builder: %v, it holds %q", err, sb.String())
	}
	if _, err := h.Outputs(seedDrafts(t)[0]); err != nil {
		t.Errorf("unmarked draft: %v", err)
	}
}

// TestTLPStylesCannotHide: the marking's styles are checked like every
// other style.
func TestTLPStylesCannotHide(t *testing.T) {
	for _, key := range []string{"tlp", "tlp-amber"} {
		layers := []locale.Layer{render.EmbeddedTemplates,
			{Name: "my", FS: fstest.MapFS{"email.styles.yaml": {Data: []byte(key + ": \"display: none\"\n")}}}}
		if _, err := format.NewHTML(layers); err == nil || !strings.Contains(err.Error(), "my/email.styles.yaml: "+key+":") {
			t.Errorf("%s: err = %v", key, err)
		}
	}
}

// TestTLPColorContrast: in the embedded styles the marking line's text and
// every label's color (FIRST's) have at least 4.5:1 contrast (WCAG AA) on
// the line's background, black.
func TestTLPColorContrast(t *testing.T) {
	data, err := fs.ReadFile(noticegen.Templates(), format.HTMLStylesFile)
	if err != nil {
		t.Fatal(err)
	}
	var styles map[string]string
	if err := yaml.Unmarshal(data, &styles); err != nil {
		t.Fatal(err)
	}
	prop := func(style, name string) string {
		m := regexp.MustCompile(`(?:^|;)\s*` + name + `:\s*(#[0-9a-f]{6})`).FindStringSubmatch(style)
		if m == nil {
			t.Fatalf("no %s in %q", name, style)
		}
		return m[1]
	}
	bg := prop(styles["tlp"], "background-color")
	for _, key := range []string{"tlp", "tlp-clear", "tlp-green", "tlp-amber", "tlp-amber-strict", "tlp-red"} {
		fg := prop(styles[key], "color")
		if r := contrast(t, fg, bg); r < 4.5 {
			t.Errorf("%s: %s on %s is %.2f:1, want at least 4.5:1", key, fg, bg, r)
		}
	}
	for key, want := range map[string]string{"tlp-clear": "#ffffff", "tlp-green": "#33ff00", "tlp-amber": "#ffc000", "tlp-amber-strict": "#ffc000", "tlp-red": "#ff2b2b"} {
		if got := prop(styles[key], "color"); got != want {
			t.Errorf("%s: color %s, want FIRST's %s", key, got, want)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two #rrggbb colors.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	lum := func(hex string) float64 {
		var l float64
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			if err != nil {
				t.Fatal(err)
			}
			c := float64(v) / 255
			if c <= 0.03928 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
