package format_test

import (
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

// TestHTMLValid runs the Nu HTML Checker over the seed's HTML in both
// locales. .ci/run installs it and sets NOTICEGEN_VNU to the jar; without
// it the test is skipped locally and fails in CI.
func TestHTMLValid(t *testing.T) {
	jar := os.Getenv("NOTICEGEN_VNU")
	if jar == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("NOTICEGEN_VNU is not set: .ci/run must install vnu-jar")
		}
		t.Skip("NOTICEGEN_VNU not set (bash .ci/run installs the Nu HTML Checker)")
	}
	h := newHTML(t)
	dir := t.TempDir()
	var files []string
	for _, d := range seedDrafts(t) {
		d.Banner = "draft — not approved"
		p := filepath.Join(dir, d.Locale+".html")
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
