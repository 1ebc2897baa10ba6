package format

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"iter"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/bufpool"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// The template files the HTML writer reads from the template layers.
const (
	HTMLLayoutFile = "email.html.tmpl"
	HTMLStylesFile = "email.styles.yaml"
)

// HTML writes drafts as HTML email documents: the draft's Markdown
// converted by goldmark, with inline styles, inside a table layout that
// mail clients render consistently. It is safe for concurrent use.
type HTML struct {
	md     goldmark.Markdown
	direct *direct // the same conversion for the Markdown the writer writes
	layout *htmltemplate.Template
	styles map[string]string
}

// NewHTML reads the layout and the element styles from the template
// layers (the last layer that has a file wins).
func NewHTML(layers []locale.Layer) (*HTML, error) {
	src, name, err := locale.ReadLayered(layers, HTMLLayoutFile)
	if err != nil {
		return nil, err
	}
	layout, err := htmltemplate.New(name).Option("missingkey=error").Funcs(layoutFuncs).Parse(string(src))
	if err != nil {
		return nil, templateError(err)
	}
	data, name, err := locale.ReadLayered(layers, HTMLStylesFile)
	if err != nil {
		return nil, err
	}
	var styles map[string]string
	if err := yaml.Unmarshal(data, &styles); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for el, st := range styles {
		if err := checkStyle(st); err != nil {
			return nil, fmt.Errorf("%s: %s: %v", name, el, err)
		}
	}
	return &HTML{md: newMarkdown(styles), direct: newDirect(styles), layout: layout, styles: styles}, nil
}

// newMarkdown is the goldmark that converts drafts' Markdown, styled with
// styles.
func newMarkdown(styles map[string]string) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithParser(newParser()),
		// GFM's tables (but not its linkify, which would turn any
		// URL-like text in a record into a live link that check never
		// saw; the writer links reference URLs itself); CJK so that a line break between
		// two Japanese characters (the Markdown writer wraps lines) does
		// not become a space. The typographer stays off: it would turn
		// quotes in commands and product names into curly ones. Raw HTML
		// is not rendered (goldmark's default, html.WithUnsafe not set).
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.CJK),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(newStyler(styles), 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeBlocks(styles), 100),
			util.Prioritized(newStyledTags(styles), 100))),
	)
}

// newParser is goldmark's default parser without its HTML block parser.
// The Markdown writer escapes the text it writes, so no line of it is an
// HTML block, and raw HTML is not rendered anyway; but goldmark tries
// that parser's patterns on every line that starts with "<" (each
// reference's autolink). A line that were one would be a paragraph,
// whose raw HTML is not rendered either.
func newParser() parser.Parser {
	htmlBlock := reflect.TypeOf(parser.NewHTMLBlockParser())
	var blocks []util.PrioritizedValue
	for _, b := range parser.DefaultBlockParsers() {
		if reflect.TypeOf(b.Value) != htmlBlock {
			blocks = append(blocks, b)
		}
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))
}

// layoutFuncs are the functions of the layout template. html/template
// drops the comments of a template, so the conditional comments that only
// Outlook for Windows reads (ghost tables) are written by mso:
//
//	{{mso `<table role="presentation" width="600"><tr><td>`}}
//
// writes <!--[if mso]><table role="presentation" width="600"><tr><td><![endif]-->.
// Its argument is markup from the template itself, as trusted as the
// template's own text; it must not hold "-->", which would end the comment.
var layoutFuncs = htmltemplate.FuncMap{
	"mso": func(markup string) (htmltemplate.HTML, error) {
		if strings.Contains(markup, "--") {
			return "", fmt.Errorf("mso: %q holds \"--\"", markup)
		}
		return htmltemplate.HTML("<!--[if mso]>" + markup + "<![endif]-->"), nil
	},
}

func templateError(err error) error {
	return fmt.Errorf("%s", bytes.TrimPrefix([]byte(err.Error()), []byte("html/template:")))
}

// ForHTML returns d without its banner and TLP marking: the HTML layout
// shows both itself, above the body, so the body must not repeat them.
func ForHTML(d *render.Draft) *render.Draft {
	if d.Banner == "" && d.Marking == "" {
		return d
	}
	c := *d
	c.Banner, c.Marking = "", ""
	return &c
}

// bufWriter lets goldmark's renderer write straight into a bytes.Buffer:
// given a writer that is not a util.BufWriter it puts a bufio.Writer (4 KB,
// and a copy of every byte) in front of it. Nothing is held back, so there
// is nothing to flush.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Flush() error  { return nil }
func (bufWriter) Buffered() int { return 0 }

var _ util.BufWriter = bufWriter{}

// Convert converts a draft's Markdown (as WriteMarkdown writes it for
// ForHTML(d)) to an HTML fragment, goldmark's output with the inline
// styles applied. Invalid UTF-8 (which the Markdown writer never writes)
// becomes U+FFFD first: goldmark's CJK line breaks panic on it.
func (h *HTML) Convert(md []byte) ([]byte, error) {
	if !utf8.Valid(md) {
		md = bytes.ToValidUTF8(md, []byte("\uFFFD"))
	}
	// The HTML of a draft's Markdown is about twice as long: sized
	// for that, the buffer seldom grows. Each step's buffer is
	// bufpool's, and the one before is given back once the next has
	// copied it.
	out := bytes.NewBuffer(bufpool.Get(2*len(md) + 512))
	// The Markdown writer's own shapes without goldmark (see direct),
	// which breaks URLs and joins phrases as it writes them; anything
	// else with goldmark, and the two steps after it.
	if h.direct.convert(out, md) {
		return out.Bytes(), nil
	}
	out.Reset()
	if err := h.md.Convert(md, bufWriter{out}); err != nil {
		return nil, err
	}
	html := out.Bytes()
	for _, step := range []func([]byte) []byte{breakURLs, keepLastPhrases} {
		if next := step(html); !bufpool.Same(next, html) {
			bufpool.Put(html)
			html = next
		}
	}
	return html, nil
}

// breakURLs lets a long URL in link text break after "/" and "." only, by
// a <wbr> after each (but the last character) past the scheme: a 600-pixel
// mail, or a phone, is narrower than many reference URLs, and the CSS
// alternatives either split host names anywhere (word-break: break-all) or
// are unsupported in Gmail and Outlook (overflow-wrap). A client without
// <wbr> shows the URL unbroken, as before. The href is not touched.
//
// The links are those whose text is a URL, as goldmark writes an
// autolink (the text is escaped, so it holds no '<'): what the expression
// (<a [^>]*>)(https?://)([^<]+)(</a>) matches, found by urlLinks.
func breakURLs(html []byte) []byte {
	var out []byte
	last := 0
	for m := range urlLinks(html) {
		if out == nil {
			out = bufpool.Get(len(html) + len(html)/8)
		}
		out = append(out, html[last:m[0]]...)
		out = appendURLBreaks(out, html[m[0]:m[1]])
		last = m[1]
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// appendURLBreaks appends rest, a link's text after its scheme, with a
// <wbr> after each "/" and "." but the last character.
func appendURLBreaks(out, rest []byte) []byte {
	for i, c := range rest {
		out = append(out, c)
		if (c == '/' || c == '.') && i < len(rest)-1 {
			out = append(out, "<wbr>"...)
		}
	}
	return out
}

// urlLinks yields the byte range of each link text of html after its
// scheme, for every match of (<a [^>]*>)(https?://)([^<]+)(</a>), leftmost
// first and not overlapping, as regexp would find them.
func urlLinks(html []byte) iter.Seq[[2]int] {
	return func(yield func([2]int) bool) {
		for i := 0; ; {
			k := bytes.Index(html[i:], []byte("<a "))
			if k < 0 {
				return
			}
			start := i + k
			i = start + 1 // where to look next if there is no match here
			gt := bytes.IndexByte(html[start:], '>')
			if gt < 0 {
				return // no tag ends: nothing further matches
			}
			text := start + gt + 1
			var scheme int
			switch {
			case bytes.HasPrefix(html[text:], []byte("http://")):
				scheme = len("http://")
			case bytes.HasPrefix(html[text:], []byte("https://")):
				scheme = len("https://")
			default:
				continue
			}
			from := text + scheme
			lt := bytes.IndexByte(html[from:], '<')
			if lt <= 0 || !bytes.HasPrefix(html[from+lt:], []byte("</a>")) {
				continue
			}
			if !yield([2]int{from, from + lt}) {
				return
			}
			i = from + lt + len("</a>")
		}
	}
}

// Document writes the HTML document of d around body, a fragment from
// Convert, with d.Banner (the review gate's "not approved" notice), if
// any, above the body.
func (h *HTML) Document(w io.Writer, d *render.Draft, body []byte) error {
	marking := h.Marking(d)
	// Into w itself when it is a buffer (Outputs sizes it for the
	// document), else into one of its own; what was written is checked,
	// and taken back from w on an error.
	b, direct := w.(*bytes.Buffer)
	if !direct {
		b = new(bytes.Buffer)
	}
	start := b.Len()
	err := h.layout.Execute(b, map[string]any{
		"Lang":  d.Locale,
		"Title": d.Subject,
		// The banner's last phrase is joined (see phrase.go).
		"Banner": htmltemplate.HTML(fragment(fragmentKey{kind: htmlBanner, a: d.Banner}, func() string {
			return keepLastPhrase(htmltemplate.HTMLEscapeString(d.Banner))
		})),
		// The TLP marking, escaped, its label in the label's colour; the
		// style of the line it stands on (both from the styles file,
		// whose declarations checkStyle allowed).
		"Marking":      marking,
		"MarkingStyle": htmltemplate.CSS(h.styles["tlp"]),
		// Trusted: goldmark output of Markdown whose text the Markdown
		// writer escaped, with raw HTML disabled and unsafe link
		// destinations (javascript: and the like) dropped by goldmark.
		"Body": htmltemplate.HTML(body),
	})
	if err == nil && marking != "" && !bytes.Contains(b.Bytes()[start:], []byte(marking)) {
		// A layout of the user's that leaves the marking out would send
		// a marked notice unmarked.
		err = fmt.Errorf("%s: the layout does not show the TLP marking of a %s draft: write {{.Marking}} in it", h.layout.Name(), "TLP:"+d.TLP)
	}
	switch {
	case err != nil && direct:
		b.Truncate(start)
	case err == nil && !direct:
		_, err = w.Write(b.Bytes())
	}
	return err
}

// Marking returns d's TLP marking line as HTML: escaped, the label in a
// span with the styles file's style for it ("tlp-amber", "tlp-amber-strict"
// …: FIRST's colour for the label), the last phrase joined as in the body.
// It is "" for an unmarked draft. The layout and the digest page show it.
func (h *HTML) Marking(d *render.Draft) htmltemplate.HTML {
	if d.Marking == "" {
		return ""
	}
	label := "TLP:" + d.TLP
	before, after, found := strings.Cut(d.Marking, label)
	if !found { // the renderer makes sure it is there
		return htmltemplate.HTML(keepLastPhrase(htmltemplate.HTMLEscapeString(d.Marking)))
	}
	key := "tlp-" + strings.ToLower(strings.ReplaceAll(d.TLP, "+", "-"))
	span := `<span class="ng-tlp-label ` + key + `"`
	if st := h.styles[key]; st != "" {
		span += ` style="` + htmltemplate.HTMLEscapeString(st) + `"`
	}
	span += ">" + htmltemplate.HTMLEscapeString(label) + "</span>"
	return htmltemplate.HTML(htmltemplate.HTMLEscapeString(before) + span + keepLastPhrase(htmltemplate.HTMLEscapeString(after)))
}

// styler adds inline styles (and classes for the dark-mode rules) to the
// links and code spans goldmark will render: the styles by element, as
// attribute values ([]byte), without the empty ones. The block elements
// and strong emphasis get theirs from styledTags instead.
type styler map[string]any

func newStyler(styles map[string]string) styler {
	s := styler{}
	for el, st := range styles {
		if st != "" {
			s[el] = []byte(st)
		}
	}
	return s
}

func (s styler) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var el string
		switch n := n.(type) {
		case *ast.Text:
			keepSoftBreak(n)
		case *ast.Link, *ast.AutoLink:
			el = "a"
		case *ast.CodeSpan:
			el = "code"
			n.SetAttributeString("class", codeClass)
		}
		if st, ok := s[el]; ok {
			n.SetAttributeString("style", st)
		}
		return ast.WalkContinue, nil
	})
}

// The attribute values, made once: goldmark only reads them.
var codeClass any = []byte("ng-code")

// styledTags writes the tags of the block elements and of strong
// emphasis with their style attribute (and the class of a block quote),
// byte for byte as goldmark writes them for attributes set on each node,
// but without setting them: goldmark makes room for ten attributes on
// every node given one, and escapes each value again for every element.
// Here each element's attribute is escaped once. Everything else is
// goldmark's own rendering (links and code spans keep their attributes:
// see styler). TestStyledTags holds it to the attributes' rendering.
type styledTags map[string]string

func newStyledTags(styles map[string]string) styledTags {
	t := styledTags{}
	for el, st := range styles {
		if st != "" {
			t[el] = ` style="` + string(util.EscapeHTML([]byte(st))) + `"`
		}
	}
	return t
}

func (t styledTags) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindParagraph, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			t.open(w, "p", "", "")
		} else {
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindHeading, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		h := headingTags[n.(*ast.Heading).Level-1]
		if entering {
			t.open(w, h, "", "")
		} else {
			closeTag(w, h, "\n")
		}
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindBlockquote, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			// With attributes, goldmark ends the tag without a newline.
			t.open(w, "blockquote", ` class="ng-note"`, "")
		} else {
			_, _ = w.WriteString("</blockquote>\n")
		}
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindList, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.List)
		tag := "ul"
		if n.IsOrdered() {
			tag = "ol"
		}
		if !entering {
			closeTag(w, tag, "\n")
			return ast.WalkContinue, nil
		}
		start := ""
		if n.IsOrdered() && n.Start != 1 {
			start = ` start="` + strconv.Itoa(n.Start) + `"`
		}
		t.open(w, tag, start, "\n")
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindListItem, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</li>\n")
			return ast.WalkContinue, nil
		}
		t.open(w, "li", "", "")
		if fc := n.FirstChild(); fc != nil {
			if _, ok := fc.(*ast.TextBlock); !ok {
				_ = w.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	r.Register(ast.KindEmphasis, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		tag := "em"
		if node.(*ast.Emphasis).Level == 2 {
			tag = "strong"
		}
		if !entering {
			closeTag(w, tag, "")
			return ast.WalkContinue, nil
		}
		if tag == "em" {
			_, _ = w.WriteString("<em>") // not styled
		} else {
			t.open(w, tag, "", "")
		}
		return ast.WalkContinue, nil
	})
}

// open writes the opening tag of el: the attributes goldmark writes ahead
// of a node's own (before), el's style if it has one, the ">", and what
// goldmark writes after it (after).
func (t styledTags) open(w util.BufWriter, el, before, after string) {
	_ = w.WriteByte('<')
	_, _ = w.WriteString(el)
	_, _ = w.WriteString(before)
	_, _ = w.WriteString(t[el])
	_ = w.WriteByte('>')
	_, _ = w.WriteString(after)
}

// closeTag writes the closing tag of el and what goldmark writes after it.
func closeTag(w util.BufWriter, el, after string) {
	_, _ = w.WriteString("</")
	_, _ = w.WriteString(el)
	_ = w.WriteByte('>')
	_, _ = w.WriteString(after)
}

var headingTags = [...]string{"h1", "h2", "h3", "h4", "h5", "h6"}

// codeBlocks renders fenced code blocks (runs of command lines) as
// <pre> with the styles file's "pre" style (and the class of the dark-mode
// rule): goldmark's own renderer
// writes no attributes on them. The code is escaped as goldmark escapes
// it; the info string ("text") is not written.
type codeBlocks map[string]string

func (c codeBlocks) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</code></pre>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<pre class="ng-code"`)
		if st := c["pre"]; st != "" {
			_, _ = w.WriteString(` style="`)
			html.DefaultWriter.RawWrite(w, []byte(st))
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString("><code>")
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			html.DefaultWriter.RawWrite(w, seg.Value(source))
		}
		return ast.WalkContinue, nil
	})
}

// keepSoftBreak works around goldmark's CJK line-break handling (v1.8.7,
// renderer/html renderText): with East Asian line breaks on, a soft line
// break followed by anything but a text node (an autolink, say) is
// dropped instead of written, gluing "settings." to the next "<a>". The
// break is moved into a string node of its own, which renders as written.
func keepSoftBreak(n *ast.Text) {
	next := n.NextSibling()
	if !n.SoftLineBreak() || next == nil || next.Kind() == ast.KindText {
		return
	}
	n.SetSoftLineBreak(false)
	n.Parent().InsertAfter(n.Parent(), n, ast.NewString([]byte("\n")))
}

// hiding are CSS properties that can make text disappear. The styles file
// is the user's, but the disclaimer, or on a send-ready draft the
// disclosure in its place (both the blockquote under the subject), the
// review banner and the TLP marking must stay visible whatever it says, so
// these are refused
// outright.
var hiding = map[string]bool{
	"display": true, "visibility": true, "opacity": true, "position": true, "clip": true,
	"clip-path": true, "height": true, "max-height": true, "overflow": true, "transform": true,
	"text-indent": true, "content": true, "filter": true, "mask": true,
}

var tinyFont = regexp.MustCompile(`^(0|[0-7](\.[0-9]+)?)(px|pt)?$|^0(\.[0-9]+)?(em|rem|%)$`)

// checkStyle refuses declarations in an element style that could hide text.
func checkStyle(style string) error {
	for _, decl := range strings.Split(style, ";") {
		prop, val, _ := strings.Cut(decl, ":")
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.ToLower(strings.TrimSpace(val))
		switch {
		case prop == "":
		case hiding[prop]:
			return fmt.Errorf("%q is not allowed: it could hide the disclaimer or the disclosure", prop)
		case prop == "font-size" && tinyFont.MatchString(val), prop == "line-height" && val == "0":
			return fmt.Errorf("%s: %s is too small to read", prop, val)
		case strings.Contains(val, "transparent"):
			return fmt.Errorf("%s: transparent colours are not allowed: they could hide the disclaimer or the disclosure", prop)
		}
	}
	return nil
}
