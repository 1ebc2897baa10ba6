package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// attributeStyler is the reference styledTags is held to: it sets the
// class and style of every element the styles file styles as attributes
// on its node, for goldmark's own rendering to write.
type attributeStyler map[string]any

func (s attributeStyler) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var el string
		switch n := n.(type) {
		case *ast.Text:
			keepSoftBreak(n)
		case *ast.Heading:
			el = headingTags[n.Level-1]
		case *ast.Paragraph:
			el = "p"
		case *ast.Blockquote:
			el = "blockquote"
			n.SetAttributeString("class", []byte("ng-note"))
		case *ast.List:
			el = "ul"
			if n.IsOrdered() {
				el = "ol"
			}
		case *ast.ListItem:
			el = "li"
		case *ast.Link, *ast.AutoLink:
			el = "a"
		case *ast.CodeSpan:
			el = "code"
			n.SetAttributeString("class", codeClass)
		case *ast.Emphasis:
			if n.Level == 2 {
				el = "strong"
			}
		}
		if st, ok := s[el]; ok {
			n.SetAttributeString("style", st)
		}
		return ast.WalkContinue, nil
	})
}

// referenceMarkdown is HTML's goldmark with attributes set on every
// styled node instead of styledTags.
func referenceMarkdown(styles map[string]string) goldmark.Markdown {
	s := attributeStyler{}
	for el, st := range styles {
		if st != "" {
			s[el] = []byte(st)
		}
	}
	return goldmark.New(
		goldmark.WithParser(newParser()),
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.CJK),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(s, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeBlocks(styles), 100))),
	)
}

// styledCases are Markdown of every element styledTags writes, nested
// and alone, loose and tight, with and without styles.
var styledCases = []string{
	"", "plain paragraph\nover two lines", "# one\n## two\n### three\n#### four\n##### five\n###### six",
	"> quoted\n> > nested\n\n> - in a list", "- a\n- b\n\n  loose\n- c", "1. one\n2. two", "3. three\n4. four",
	"0. zero", "- [ ] task\n- [x] done", "* outer\n  1. inner\n  2. inner\n     - deep", "**strong** and *em* and ***both***",
	"`code` and [link](https://example.com/a \"title\") and <https://example.com/b>", "| a | b |\n| --- | --- |\n| **c** | `d` |",
	"```text\ncommand --flag\n```", "~~gone~~ and \\*not em\\*", "日本語の**強調**と\n改行", "1) paren\n2) list",
	"- \n  > quote in item", "> # heading in quote\n> text", "text <b>raw</b> html",
}

// TestStyledTags: styledTags writes exactly what goldmark writes for the
// same styles set as attributes: over the elements alone, every sample
// and synthetic draft, in both locales, with the embedded styles and with
// styles on every element and none.
func TestStyledTags(t *testing.T) {
	h, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	inputs := append([]string(nil), styledCases...)
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../../advisories/*.yaml")
	var recs []*advisory.Record
	for _, p := range paths {
		rec, err := advisory.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for i := range 5 {
		_, data := synth.Record(1, i)
		rec, err := advisory.Decode("synth.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) < 10 {
		t.Fatalf("%d records", len(recs))
	}
	for _, rec := range recs {
		for _, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Fatal(err)
			}
			var md bytes.Buffer
			if err := WriteMarkdown(&md, ForHTML(d)); err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, md.String())
		}
	}
	every := map[string]string{}
	for _, el := range []string{"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "a", "code", "strong", "em", "pre"} {
		every[el] = `color: #123456; font-family: "A&B", <x>`
	}
	for name, styles := range map[string]map[string]string{"embedded": h.styles, "every": every, "none": {}} {
		got, want := newStyledMarkdown(styles), referenceMarkdown(styles)
		for _, in := range inputs {
			sameHTML(t, name, got, want, in)
		}
	}
}

// newStyledMarkdown is NewHTML's goldmark for styles.
func newStyledMarkdown(styles map[string]string) goldmark.Markdown {
	return newMarkdown(styles)
}

func sameHTML(t *testing.T, name string, got, want goldmark.Markdown, in string) {
	t.Helper()
	var g, w bytes.Buffer
	if err := got.Convert([]byte(in), &g); err != nil {
		t.Fatal(err)
	}
	if err := want.Convert([]byte(in), &w); err != nil {
		t.Fatal(err)
	}
	if g.String() != w.String() {
		t.Errorf("%s styles, Markdown %q:\n got %s\nwant %s", name, in, g.String(), w.String())
	}
}

// FuzzStyledTags: the same for any Markdown.
func FuzzStyledTags(f *testing.F) {
	for _, c := range styledCases {
		f.Add(c)
	}
	data, err := os.ReadFile("../../testdata/golden/dsa_ja.md")
	if err == nil {
		f.Add(string(data))
	}
	h, err := NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		f.Fatal(err)
	}
	got, want := newStyledMarkdown(h.styles), referenceMarkdown(h.styles)
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "\n") > 200 {
			return // deep nesting: slow, and nothing new
		}
		if !utf8.ValidString(in) {
			// The Markdown writer's text is valid UTF-8 (Escape makes
			// each invalid byte U+FFFD), and goldmark's CJK line breaks
			// panic on invalid bytes ("\x8c\n00"), either way.
			return
		}
		sameHTML(t, "embedded", got, want, in)
	})
}
