package format_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

func newHTML(t *testing.T) *format.HTML {
	t.Helper()
	h, err := format.NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// htmlDoc is d's HTML document, as export writes it.
func htmlDoc(t *testing.T, h *format.HTML, d *render.Draft) []byte {
	t.Helper()
	o, err := h.Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	return o.HTML
}

func TestHTMLGolden(t *testing.T) {
	h := newHTML(t)
	for _, d := range seedDrafts(t) {
		golden.Check(t, fmt.Sprintf("../../testdata/golden/dsa_%s.html", d.Locale), htmlDoc(t, h, d))
	}
}

// TestHTMLEscapes checks that record text never becomes markup: tags are
// shown as text, javascript: links are not produced, and the subject in
// <title> is escaped.
func TestHTMLEscapes(t *testing.T) {
	h := newHTML(t)
	d := seedDrafts(t)[1]
	d.Subject = `<script>alert("s")</script>`
	d.Sections[0].Blocks[0].Text = `<img src=x onerror=alert(1)> [click](javascript:alert(2)) <javascript:alert(3)> &amp; https://www.example.org@evil.example/ www.evil.example`
	d.Sections[2].Blocks[0].Items[0].URL = `javascript:alert(4)`
	d.Banner = `<b>banner</b>`
	out := string(htmlDoc(t, h, d))
	for _, bad := range []string{"<script>", "<img", `href="javascript`, "<b>banner", `href="https://www.example.org@evil`, `href="http://www.evil`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;s&#34;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&amp;amp;", "&lt;b&gt;banner&lt;/b&gt;", "[click](javascript:alert(2))"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestConvertNoRawHTML: Markdown that holds raw HTML (which the Markdown
// writer never writes: it escapes record text) still converts to no
// markup of its own, block or inline, although the parser has no HTML
// block parser.
func TestConvertNoRawHTML(t *testing.T) {
	h := newHTML(t)
	out, err := h.Convert([]byte("<div onclick=\"x()\">\nhi\n</div>\n\n<script>alert(1)</script>\n\n<!-- c -->\n\nText <b>bold</b> <https://example.com/a>\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<div", "<script", "<b>", "<!-- c"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(string(out), `href="https://example.com/a"`) {
		t.Errorf("the autolink is not a link:\n%s", out)
	}
}

// TestHTMLValid runs the Nu HTML Checker over the seed's HTML in both
// locales, and over the same marked TLP:AMBER. .ci/run installs it and sets NOTICEGEN_VNU to the jar; without
// it the test is skipped locally and fails in CI.
func TestHTMLValid(t *testing.T) {
	jar := golden.Tool(t, "NOTICEGEN_VNU")
	h := newHTML(t)
	dir := t.TempDir()
	var files []string
	for i, d := range renderDrafts(t, seedPath, amberPath) {
		d.Banner = "draft — not approved"
		p := filepath.Join(dir, fmt.Sprintf("%d-%s.html", i, d.Locale))
		if err := os.WriteFile(p, htmlDoc(t, h, d), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out, err := exec.Command("java", append([]string{"-jar", jar, "--also-check-css"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("vnu: %v\n%s", err, out)
	}
}

// TestHTMLBannerOnce checks that the layout shows the banner and the body
// does not repeat it.
func TestHTMLBannerOnce(t *testing.T) {
	h := newHTML(t)
	d := seedDrafts(t)[0]
	d.Banner = "BANNER-TEXT"
	if n := strings.Count(string(htmlDoc(t, h, d)), "BANNER-TEXT"); n != 1 {
		t.Errorf("banner shown %d times", n)
	}
}

// TestStylesCannotHide checks that a user's styles file cannot hide the
// disclaimer.
func TestStylesCannotHide(t *testing.T) {
	for _, st := range []string{"display: none", "margin: 0; visibility:hidden", "font-size: 0", "font-size: 1px", "color: transparent", "opacity: 0"} {
		layers := []locale.Layer{render.EmbeddedTemplates,
			{Name: "my", FS: fstest.MapFS{"email.styles.yaml": {Data: []byte("blockquote: \"" + st + "\"\n")}}}}
		if _, err := format.NewHTML(layers); err == nil || !strings.Contains(err.Error(), "my/email.styles.yaml: blockquote:") {
			t.Errorf("%q: err = %v", st, err)
		}
	}
}

// TestHTMLTrailingBackslash checks that a line of record text ending in a
// backslash (a shell continuation) keeps its line break in HTML.
func TestHTMLTrailingBackslash(t *testing.T) {
	h := newHTML(t)
	d := seedDrafts(t)[1]
	d.Sections[2].Blocks[0].Items[0].Text = "Run:\nsudo sysctl -w \\\nfs.file-max=100000"
	o, err := h.Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	body := o.HTMLBody
	if !strings.Contains(string(body), "sudo sysctl -w \\<br>\nfs.file-max=100000") {
		t.Errorf("line break lost:\n%s", body)
	}
}

// TestHTMLMailClients checks what keeps the layout readable where
// Outlook for Windows ignores max-width, margin: auto, @media and body
// styles and Gmail drops <style>: a 600-pixel ghost table in Outlook's
// conditional comments around the card, colours and fonts inline on table
// cells, nothing on <body>, and dark mode only inside the media query.
func TestHTMLMailClients(t *testing.T) {
	h := newHTML(t)
	d := seedDrafts(t)[0]
	d.Banner = "BANNER"
	md := mdWithoutBanner(t, d)
	body, err := h.Convert(md)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := h.Document(&b, d, body); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`<!--[if mso]><table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td width="600"><![endif]-->`,
		`<!--[if mso]></td></tr></table><![endif]-->`,
		"<body>\n",
		`<td class="ng-card" style="padding: 24px 28px; background-color: #ffffff; color: #1f2328; font-family: `,
		`<td class="ng-banner" style="padding: 10px 28px; background-color: #fde2e2; color: #7a1010;`,
		`<td class="ng-page" style="padding: 24px 12px; background-color: #f3f4f6;">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	open, card, h1, end := strings.Index(out, "[if mso]><table"), strings.Index(out, "max-width: 600px"), strings.Index(out, "<h1"), strings.Index(out, "[if mso]></td>")
	if !(open < card && card < h1 && h1 < end) {
		t.Error("the ghost table does not enclose the card")
	}
	// Every rule but color-scheme is in the dark-mode media query.
	style := out[strings.Index(out, "<style>")+len("<style>") : strings.Index(out, "</style>")]
	if before, _, _ := strings.Cut(style, "@media (prefers-color-scheme: dark) {"); strings.TrimSpace(before) != ":root { color-scheme: light dark; }" {
		t.Errorf("<style> has rules outside the dark-mode query:\n%s", style)
	}
	if strings.Contains(out, "word-break") {
		t.Error("word-break in the output: break-all splits host names anywhere, and Mailpit counts any word-break unsupported in 30 % of clients")
	}
}

// TestHTMLURLBreaks checks that a URL in link text may break after "/" and
// "." only (a <wbr> after each, past the scheme), and that its href is
// unchanged.
func TestHTMLURLBreaks(t *testing.T) {
	h := newHTML(t)
	got, err := h.Convert([]byte("See <https://www.example.com/a/b.html?x=1&y=2>.\n\n[label](https://example.org/x/)\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="https://www.example.com/a/b.html?x=1&amp;y=2" style="color: #0969da;">https://www.<wbr>example.<wbr>com/<wbr>a/<wbr>b.<wbr>html?x=1&amp;y=2</a>`,
		`<a href="https://example.org/x/" style="color: #0969da;">label</a>`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
}

// mdWithoutBanner is the Markdown the HTML body is converted from.
func mdWithoutBanner(t *testing.T, d *render.Draft) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := format.WriteMarkdown(&b, format.ForHTML(d)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestConvertInvalidUTF8: Markdown with invalid UTF-8 converts, its
// invalid bytes as U+FFFD, instead of panicking in goldmark's CJK line
// breaks (a fuzzer found "\x8c\n00").
func TestConvertInvalidUTF8(t *testing.T) {
	h := newHTML(t)
	for _, in := range []string{"\x8c\n00", "日本\xff\n語", "a\xe3\x81\nb"} {
		out, err := h.Convert([]byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !strings.Contains(string(out), "\uFFFD") {
			t.Errorf("%q: %s", in, out)
		}
	}
}
