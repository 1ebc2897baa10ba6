package format_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/render"
)

// inlineDraft is the seed's English draft with its steps replaced.
func inlineDraft(t *testing.T, steps ...string) *render.Draft {
	t.Helper()
	d := seedDrafts(t)[1]
	var items []render.Item
	for _, s := range steps {
		items = append(items, render.Item{Text: s})
	}
	for i, s := range d.Sections {
		if s.ID == "actions" {
			d.Sections[i].Blocks = []render.Block{{Kind: render.Steps, Items: items}}
		}
	}
	return d
}

// outputs are a draft's text, Markdown and HTML body.
func outputs(t *testing.T, d *render.Draft) (txt, md, html string) {
	t.Helper()
	o, err := newHTML(t).Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(o.Text), string(o.Markdown), string(o.HTMLBody)
}

// TestCode: backticks mark code — <code> in HTML, a code span in
// Markdown, plain in text; a run of command lines is a <pre> block and a
// fenced block, unwrapped in text.
func TestCode(t *testing.T) {
	d := inlineDraft(t,
		"Stop the agent with `systemctl stop ds_agent` and wait for the long running process to finish before you go on.",
		"Terminate all existing sessions with these commands:\n`kill aaa session -all`\n`clear lb persistentSessions`\nThen check the sessions again.",
		"Done.")
	txt, md, html := outputs(t, d)
	if strings.Contains(txt, "`") {
		t.Errorf("backticks in the text:\n%s", txt)
	}
	for _, want := range []string{"systemctl stop ds_agent", "commands:\n   kill aaa session -all\n   clear lb persistentSessions\n   Then check"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	for _, want := range []string{"`systemctl stop ds_agent`", "\n\n   ```text\n   kill aaa session -all\n   clear lb persistentSessions\n   ```\n\n   Then check", "\n\n3. Done."} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, want := range []string{`<code class="ng-code" style="font-family: Consolas`, ">systemctl stop ds_agent</code>",
		`<pre class="ng-code" style="`, "><code>kill aaa session -all\nclear lb persistentSessions\n</code></pre>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
}

// TestCodeIsData: a backtick opens nothing but a code span, code is shown
// as written, and a backtick that closes nothing is text.
func TestCodeIsData(t *testing.T) {
	d := inlineDraft(t,
		"Run `<script>alert(1)</script>` and `[x](javascript:alert(1))` and `*a* _b_ \\` then.",
		"A lone ` backtick, `  spaced  ` and `` empty, `C:\\`.",
		"`<img src=x onerror=alert(1)>`")
	txt, _, html := outputs(t, d)
	for _, bad := range []string{"<script", "<img", "<a href=\"javascript", "<em>", "<strong>a"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML has %s:\n%s", bad, html)
		}
	}
	for _, want := range []string{"<code class=\"ng-code\"", "&lt;script&gt;alert(1)&lt;/script&gt;</code>", "[x](javascript:alert(1))</code>",
		"*a* _b_ \\</code>", "A lone ` backtick, `  spaced  ` and `` empty,", "C:\\</code>", "<code>&lt;img src=x onerror=alert(1)&gt;\n</code></pre>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if !strings.Contains(txt, "A lone ` backtick, `  spaced  ` and `` empty, C:\\.") {
		t.Errorf("text:\n%s", txt)
	}
}

// TestURLsInText: a URL in body text is a link, its text the URL, when it
// passes url-invalid's checks; otherwise it is text that no Markdown
// renderer links.
func TestURLsInText(t *testing.T) {
	d := inlineDraft(t,
		"See https://example.com/a_b?c=1&d=2. Or 詳細はhttps://example.jp/xを参照。",
		"Not https://user@example.com/x nor https://support.сitrix.com/ nor www.example.com or admin@example.com.")
	_, md, html := outputs(t, d)
	for _, want := range []string{"<https://example.com/a_b?c=1&d=2>.", "詳細は<https://example.jp/x>を参照。",
		`https\://user\@example.com/x`, `https\://support.сitrix.com/`, `www\.example.com`, `admin\@example.com`} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, want := range []string{`<a href="https://example.com/a_b?c=1&amp;d=2" style="color: #0969da;">https://example.<wbr>com/<wbr>a_b?c=1&amp;d=2</a>.`,
		`詳細は<a href="https://example.jp/x" style="color: #0969da;">https://example.<wbr>jp/<wbr>x</a>を`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, `href="https://user`) || strings.Contains(html, `href="https://support.`) {
		t.Errorf("an address that fails url-invalid is a link:\n%s", html)
	}
}

// TestLastPhraseJoined: the last phrase of Japanese blocks and of the
// banner is joined by word joiners, so no line ends a paragraph with one
// or two characters; English is left alone.
func TestLastPhraseJoined(t *testing.T) {
	d := seedDrafts(t)[0]
	d.Banner = "【未承認】このドラフトはレビューで承認されていません。送信前に承認を受けてください。"
	var b bytes.Buffer
	h := newHTML(t)
	o, err := h.Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	b.Write(o.HTML)
	out := b.String()
	j := "\u2060"
	for _, want := range []string{"受" + j + "け" + j + "て" + j + "く" + j + "だ" + j + "さ" + j + "い" + j + "。</td>",
		"確" + j + "認" + j + "し" + j + "て" + j + "く" + j + "だ" + j + "さ" + j + "い" + j + "。</li>"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	en, err := h.Outputs(seedDrafts(t)[1])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(en.HTML, []byte(j)) {
		t.Error("word joiners in English")
	}
	// The text and Markdown are not touched.
	if strings.Contains(string(o.Text)+string(o.Markdown), j) {
		t.Error("word joiners outside the HTML")
	}
}
