package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// directCases are Markdown of every shape direct writes, and of shapes
// next to them that it must leave to goldmark (or write as goldmark
// does): line breaks between Japanese, Latin and escaped characters,
// labels, code spans and autolinks at either end of a line, tight and
// loose lists, code blocks in and out of items, and near misses.
var directCases = []string{
	"# 件名\n\n> 注意です。確認\n> してください。\n>\n> 二段落目\n\nお疲れさまです。\n",
	"# Subject\n\nplain paragraph\nover two lines\n",
	"日本語の文が\n続きます。\n\n日本語の文が）\n続きます。\n\n日本語 \nです\n\n英語 and\n日本語\n",
	"a\\*b\\_c \\[d\\] \\<e\\> \\&amp; \\\\ \\`x\\` 1\\. \\#\n\\- line\n",
	"line one\\\nline two  \nline three \\\nlast\\\\\\\nafter\n",
	"**対象製品:** 製品名\n**条件:** 条件です  \n**CVE:** CVE-2026-1\n",
	"- **対象製品:** Product\n- **条件:** 長い条件の文が\n  続きます。\n- plain item\n",
	"1. one\n2. two\n   continued\n3. three\n4. four\n5. five\n6. six\n7. seven\n8. eight\n9. nine\n10. ten\n    more\n",
	"- item\n  <https://example.com/a>\n- item 2\n  <https://example.com/b?q=1&r=2>\n",
	"text `code` more `a\\b` and <https://example.com/日本> end\n`start` code\nend `code`\nnext\n",
	"日本`コード`\n語\n\n日本\n`コード`です\n\n日本<https://example.com/>\n語\n",
	"```text\nkill aaa session -all\nshow <x> & \"y\"\n```\n\nafter\n",
	"1. step one\n\n   ```text\n   command --flag\n   ```\n\n2. step two\n",
	"- ```text\n  only code\n  ```\n",
	"- a\n- b\n\n- c\n",
	"- a\n\n  loose\n- b\n",
	"- a\n\n1. b\n",
	"1. a\n\n1. b\n",
	"> quote\n\n# h1\n## h2\n### h3\n",
	"**Label:**\n**Next:** v\n",
	"**Label:**\\\nv\n",
	"**Label:**x\n", "** Label:** x\n", "**Label** x\n", "***x:*** y\n",
	"# Issue #\n", "# \n", "## \\#1 heading\n",
	"| a | b |\n|---|---|\n", "foo\n:-:\n", "foo\n---\n", "foo\n===\n", "foo\n- bar\n", "foo\n> bar\n",
	"text _em_ and *em* ~~del~~ [link](x) ![img](y) &amp; &#x41;\n",
	"`multi\nline` code\n", "``two`` ticks\n", "`unclosed\n", "<not a link>\n", "<mailto:a@example.com>\n",
	"<a@example.com>\n", "<javascript:alert(1)>\n", "\tTab\n", "    indented\n", "NUL\x00\n",
	"- \n", "-  two spaces\n", "2. starts at two\n", "1) paren\n", "+ plus\n", "* star\n",
	"- a\nlazy\n", "- a\n\n  - nested\n", "- a\n  > quote in item\n",
	"```text\nunclosed\n", "```text\ncode\n\nmore\n```\n", "````text\nfour\n````\n",
	"a line ending in a backslash \\\\\nnext\n", "\\\nalone\n", "last line\\\n",
	"全角（括弧）\nと続く\n", "「かぎ」\n「かぎ」\n", "ＡＢ\nＣＤ\n", "ｶﾅ\nｶﾅ\n",
	"no trailing newline",
	// A backslash escape that goes on past the end of its line (found
	// in review): goldmark escapes the next line's first character.
	"a\\\\\\\n\\\\`x`\n", "a\\  \n\\\\`x`\n", "a\\\\\\\n\\\\<https://x.com>\n", "a\\  \n\\<\n",
	"a\\\\\\\n\\`\n", "a\\\\\\\n\\[b\\]\n", "- a\\\\\\\n  \\\\`x`\n", "> a\\  \n> \\<b\n",
	"a\\\\\\   \nb\n", "a\\\\\n`x`\n",
}

// directInputs returns the Markdown of the sample records' drafts and of
// synthetic ones, in both locales, as Outputs converts it (ForHTML).
func directInputs(tb testing.TB, synthetic int) []string {
	tb.Helper()
	r, err := render.Default()
	if err != nil {
		tb.Fatal(err)
	}
	var paths []string
	for _, g := range []string{"../../advisories/*.yaml", "../../testdata/*/*.yaml"} {
		m, _ := filepath.Glob(g)
		paths = append(paths, m...)
	}
	var recs []*advisory.Record
	for _, p := range paths {
		rec, err := advisory.Load(p)
		if err != nil {
			continue // the lint and hostile test records
		}
		recs = append(recs, rec)
	}
	for i := range synthetic {
		_, data := synth.Record(7, i)
		rec, err := advisory.Decode("synth.yaml", data)
		if err != nil {
			tb.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) < 10+synthetic {
		tb.Fatalf("%d records", len(recs))
	}
	var out []string
	for _, rec := range recs {
		for _, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec, loc)
			if err != nil {
				continue // a record without this locale
			}
			var md bytes.Buffer
			if err := WriteMarkdown(&md, ForHTML(d)); err != nil {
				tb.Fatal(err)
			}
			out = append(out, md.String())
		}
	}
	return out
}

// directSame converts in with direct and with goldmark (styled as in
// HTML, then breakURLs and keepLastPhrases) and reports whether direct
// wrote it, failing t if what it wrote differs.
func directSame(t *testing.T, name string, h *HTML, in string) bool {
	t.Helper()
	var got, want bytes.Buffer
	ok := h.direct.convert(&got, []byte(in))
	if !ok {
		return false
	}
	if err := h.md.Convert([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	// direct breaks URLs and joins phrases as it writes.
	if w := string(keepLastPhrases(breakURLs(want.Bytes()))); got.String() != w {
		t.Errorf("%s styles, Markdown %q:\n got %q\nwant %q", name, in, got.String(), w)
	}
	return true
}

// TestDirectHTML: what direct writes is goldmark's HTML byte for byte,
// for the shapes above and every sample and synthetic draft, with the
// embedded styles, styles on every element, and none; and it writes
// every draft of the writer's, so that Convert seldom needs goldmark.
func TestDirectHTML(t *testing.T) {
	embedded, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	every := map[string]string{}
	for _, el := range []string{"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "a", "code", "strong", "em", "pre"} {
		every[el] = `color: #123456; font-family: "A&B", <x>`
	}
	drafts := directInputs(t, 200)
	for name, styles := range map[string]map[string]string{"embedded": embedded.styles, "every": every, "none": {}} {
		h := &HTML{md: newMarkdown(styles), direct: newDirect(styles), styles: styles}
		wrote := 0
		for _, in := range directCases {
			if directSame(t, name, h, in) {
				wrote++
			}
		}
		// Most of the shapes are the writer's; the near misses are not.
		if wrote < 20 {
			t.Errorf("%s styles: direct wrote %d of %d cases", name, wrote, len(directCases))
		}
		for _, in := range drafts {
			if !directSame(t, name, h, in) {
				t.Errorf("%s styles: direct left a draft to goldmark:\n%s", name, in)
			}
		}
	}
}

// TestDirectConvert: Convert, which tries direct first, gives the golden
// HTML bodies their goldmark bytes (the goldens themselves are checked
// elsewhere); a draft direct leaves to goldmark converts as before.
func TestDirectConvert(t *testing.T) {
	h, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range append(directInputs(t, 20), "| a | b |\n|---|---|\n| c | d |\n") {
		got, err := h.Convert([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		if err := h.md.Convert([]byte(in), &raw); err != nil {
			t.Fatal(err)
		}
		want := keepLastPhrases(breakURLs(raw.Bytes()))
		if !bytes.Equal(got, want) {
			t.Errorf("Markdown %q:\n got %q\nwant %q", in, got, want)
		}
	}
}

// FuzzDirectHTML: for any Markdown direct writes, it writes goldmark's
// HTML.
func FuzzDirectHTML(f *testing.F) {
	for _, c := range directCases {
		f.Add(c)
	}
	for _, in := range directInputs(f, 5) {
		f.Add(in)
	}
	if data, err := os.ReadFile("../../testdata/golden/dsa_ja.md"); err == nil {
		f.Add(string(data))
	}
	h, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "\n") > 200 || !utf8.ValidString(in) {
			return // see FuzzStyledTags; Convert makes text valid first
		}
		directSame(t, "embedded", h, in)
	})
}

// FuzzDirectDraft: the same for drafts of any text, shaped as the
// renderer shapes them (a subject, the disclaimer, paragraphs, bullets,
// steps and fields, with labels and URLs), through the Markdown writer
// at a fuzzed width: the shapes direct writes, with whatever text.
func FuzzDirectDraft(f *testing.F) {
	f.Add("件名", "日本語の文が続きます。`kill aaa session -all` と https://example.com/a を参照。", "対象製品", "製品名\n`show version`\n次の行", "https://example.com/b", uint8(72))
	f.Add("Subject #1", "Text with *stars*, _unders_, [brackets], <tags> & 1. numbers\n- dashes", "Label", "`a``b` and \\ backslash \\", "http://例え.jp/パス?q=1&r=<2>", uint8(20))
	f.Add("", "", "", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, subject, para, label, text, url string, width uint8) {
		if !utf8.ValidString(subject + para + label + text + url) {
			return
		}
		// Record text has no control characters but line feeds
		// (advisory.checkText); direct leaves those to goldmark.
		noControl := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\n' {
					return ' '
				}
				return r
			}, s)
		}
		subject, para, label, text, url = noControl(subject), noControl(para), noControl(label), noControl(text), noControl(url)
		blocks := func(kind render.BlockKind) render.Block {
			b := render.Block{Kind: kind}
			if kind == render.Paragraph {
				b.Text = para
				return b
			}
			b.Items = []render.Item{{Label: label, Text: text, URL: url}, {Text: para}, {Label: label, Text: para + text}}
			return b
		}
		d := &render.Draft{Locale: "ja", Subject: subject, Disclaimer: para + "\n" + text,
			Lead:    []render.Block{blocks(render.Paragraph), blocks(render.Fields)},
			Closing: []render.Block{blocks(render.Paragraph)},
		}
		for _, k := range []render.BlockKind{render.Bullets, render.Steps, render.Fields, render.Paragraph} {
			d.Sections = append(d.Sections, render.Section{ID: string(k), Heading: label, Blocks: []render.Block{blocks(k), blocks(render.Steps)}})
		}
		var md bytes.Buffer
		if err := WriteMarkdownWidth(&md, d, int(width)); err != nil {
			t.Fatal(err)
		}
		directSame(t, "embedded", directHTML, md.String())
	})
}

// directHTML is the HTML of the embedded templates, for fuzzers.
var directHTML = func() *HTML {
	h, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		panic(err)
	}
	return h
}()

// TestEastAsianWide: eastAsianWide is goldmark's test for every rune.
func TestEastAsianWide(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if eastAsianWide(r) != util.IsEastAsianWideRune(r) {
			t.Fatalf("U+%04X: eastAsianWide %v", r, eastAsianWide(r))
		}
	}
}

// TestDangerous: dangerous is html.IsDangerousURL.
func TestDangerous(t *testing.T) {
	for _, u := range []string{"", "javascript:alert(1)", "JaVaScRiPt:x", "vbscript:x", "VBSCRIPT:x", "file:///etc/passwd",
		"FILE:x", "data:text/html,x", "data:image/png;base64,x", "DATA:image/svg+xml,x", "https://example.com/", "http://x",
		"mailto:a@example.com", "ｊavascript:x", "\u212Aavascript:x", "d", "j", "%6Aavascript:x"} {
		if got, want := dangerous([]byte(u)), html.IsDangerousURL([]byte(u)); got != want {
			t.Errorf("%q: dangerous %v, IsDangerousURL %v", u, got, want)
		}
	}
}
