package format

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/noticegen/noticegen/internal/render"
)

// WriteMarkdown writes d as CommonMark: the subject as the top heading, the
// disclaimer (or the disclosure of a send-ready draft: Draft.Notice) as a
// blockquote under it, sections as second-level headings.
// Record text is escaped so it reads as written and never becomes markup
// (a title with "<script>" or "[x](javascript:…)" stays text).
//
// Paragraphs, list items and the disclaimer are wrapped at Width display
// columns, which also keeps them within markdownlint's 80 characters
// (MD013), and Japanese text is broken between words as Wrap breaks it;
// see mdWrapper for what a break may not do to the Markdown.
// Headings are not wrapped (an ATX heading is one line), nor are <URL>
// lines (a URL is one token, which MD013 allows past the limit).
//
// A soft line break between two Japanese characters is rendered as a space
// by CommonMark renderers ("日本\n語" shows as "日本 語"). The HTML export
// avoids that with goldmark's CJK extension, which drops such breaks, and
// the wrapping breaks between Japanese characters only where that
// extension drops the break (see mdWrapper); other renderers may show the
// spaces.
func WriteMarkdown(w io.Writer, d *render.Draft) error {
	return WriteMarkdownWidth(w, d, Width)
}

// WriteMarkdownWidth is WriteMarkdown with lines wrapped at width display
// columns; a width of 0 or less turns wrapping off.
func WriteMarkdownWidth(w io.Writer, d *render.Draft, width int) error {
	_, err := w.Write(markdown(d, width))
	return err
}

// markdown returns WriteMarkdownWidth's Markdown of d, in a buffer of its
// own.
func markdown(d *render.Draft, width int) []byte {
	m := newMdWriter(mdWrapper(width))
	defer m.free()
	b := &m.b
	b.Grow(draftSize(d))
	b.WriteString("# " + Escape(d.Subject) + "\n\n")
	notice := d.Notice()
	b.WriteString(fragment(fragmentKey{mdNotice, m.wr.width, notice, ""}, func() string {
		q := newMdWriter(m.wr)
		defer q.free()
		for i, line := range strings.Split(notice, "\n") {
			if i > 0 {
				q.b.WriteString(">\n")
			}
			q.text(line, "> ", "> ", "", false)
		}
		return q.b.String()
	}))
	m.blocks(d.Lead)
	for _, s := range d.Sections {
		if s.Heading != "" {
			b.WriteString("\n## " + Escape(s.Heading) + "\n")
		}
		m.blocks(s.Blocks)
	}
	m.blocks(d.Closing)
	out := b.Bytes()
	if d.Marking != "" {
		out = addMarking(out, d.Marking, m.wr)
	}
	if d.Banner != "" {
		out = addBanner(out, d.Banner, m.wr)
	}
	return out
}

// AddMarking returns md, the Markdown of d written without its banner and
// TLP marking (see ForHTML), with the marking added, as WriteMarkdown
// writes d; AddBanner then adds the banner. So one rendering serves both
// the Markdown file and the HTML body, whose layout shows the marking and
// the banner itself.
func AddMarking(md []byte, d *render.Draft) []byte {
	if d.Marking == "" {
		return md
	}
	return addMarking(md, d.Marking, mdWrapper(Width))
}

// addMarking puts the TLP marking, in bold, after the disclaimer: the
// first paragraph of the body, directly before the information it marks.
func addMarking(md []byte, marking string, wr wrapper) []byte {
	para := fragment(fragmentKey{mdMarking, wr.width, marking, ""}, func() string {
		m := newMdWriter(wr)
		defer m.free()
		m.b.WriteString("\n")
		m.text(marking, "**", "", "**", false)
		return m.b.String()
	})
	i := bytes.Index(md, []byte("\n\n")) + 2 // after the heading
	for i < len(md) && md[i] == '>' {
		// The disclaimer's blockquote: every line starts with ">".
		j := bytes.IndexByte(md[i:], '\n')
		if j < 0 {
			i = len(md)
			break
		}
		i += j + 1
	}
	out := make([]byte, 0, len(md)+len(para))
	out = append(out, md[:i]...)
	out = append(out, para...)
	return append(out, md[i:]...)
}

// AddBanner returns md, the Markdown of d written without its banner (see
// ForHTML and AddMarking), with d's banner added, as WriteMarkdown writes d: so
// that one rendering serves both the Markdown file and the HTML body.
func AddBanner(md []byte, d *render.Draft) []byte {
	if d.Banner == "" {
		return md
	}
	return addBanner(md, d.Banner, mdWrapper(Width))
}

// addBanner puts the banner, in bold, between the subject heading and the
// disclaimer.
func addBanner(md []byte, banner string, wr wrapper) []byte {
	para := fragment(fragmentKey{mdBanner, wr.width, banner, ""}, func() string {
		m := newMdWriter(wr)
		defer m.free()
		m.text(banner, "**", "", "**", false)
		m.b.WriteString("\n")
		return m.b.String()
	})
	i := bytes.Index(md, []byte("\n\n")) + 2 // after the heading
	out := make([]byte, 0, len(md)+len(para))
	out = append(out, md[:i]...)
	out = append(out, para...)
	return append(out, md[i:]...)
}

// mdWrapper returns the wrapper for Markdown: widths are the larger of
// display columns and UTF-16 code units (what markdownlint counts), and a
// break may neither
//
//   - end a line with a backslash: before a line break a backslash is a
//     hard line break, and split from the character it escapes ("\_") it
//     no longer escapes it; nor
//   - start a line with something that can begin a block: # > - + * = | <
//     _ ` ~ [ or a number followed by "." or ")" and a space or a possible
//     break (a heading, quote, list, thematic break, setext underline,
//     table, HTML block, code fence).
//
// Escape already backslash-escapes most of these wherever they are; the
// check keeps the unescaped ones (# - + = and "1.", which Escape escapes
// only at the start of the text) from reaching the start of a line. Breaks
// remove the spaces around them, so a line never starts with 4 spaces of
// extra indentation (an indented code block). Labels ("**Label:**") are
// part of the first line's prefix, which is never broken.
//
// A soft line break also has to render as the text was written. Markdown
// renderers show one as a space, so a break between two Japanese
// characters would add a space ("日本\n語" shows as "日本 語"). The HTML
// export uses goldmark's CJK extension, which drops a soft line break
// between two East Asian wide characters as goldmark's
// util.IsEastAsianWideRune defines them (kana, kanji, CJK punctuation such
// as 、。「」, but not full-width forms such as （）？). So a break without a
// space is taken only between two such characters, and a break at a space
// only where one side is not one: the HTML then reads exactly like the
// unwrapped text. Renderers without such an extension (GitHub, most
// editors' previews) still show a space at every break between Japanese
// characters; only unwrapped Markdown (WriteMarkdownWidth with width 0)
// avoids that everywhere.
func mdWrapper(width int) wrapper {
	return wrapper{
		width:   width,
		measure: markdownWidth,
		allow: func(before, after string, spaced bool) bool {
			if strings.HasSuffix(before, `\`) || mdBlockStart(after) {
				return false
			}
			// Where the renderer puts a space for the line break, the
			// text must have had one.
			a, _ := utf8.DecodeLastRuneInString(before)
			b, _ := utf8.DecodeRuneInString(after)
			return spaced != (eastAsianWide(a) && eastAsianWide(b))
		},
	}
}

// eastAsianWide is goldmark's util.IsEastAsianWideRune, which no ASCII
// character is (TestEastAsianWide), answered at once for them: six
// Unicode table searches otherwise, for every break a line might take.
func eastAsianWide(r rune) bool {
	return r >= utf8.RuneSelf && util.IsEastAsianWideRune(r)
}

// mdBlockStart reports whether a line starting with s might start a block
// other than a paragraph continuation.
func mdBlockStart(s string) bool {
	if s == "" {
		return false
	}
	if hasPrefixFold(s, "<http://") || hasPrefixFold(s, "<https://") {
		return false // an autolink, which cannot start an HTML block
	}
	if strings.ContainsRune("#>-+*=|<_`~[", rune(s[0])) {
		return true
	}
	// An ordered list marker: digits, "." or ")", then a space or the end
	// of the line ("2023. " is one; "14.1-8.50" is not). The line may end
	// after the marker if the next character allows a break ("1.か"), so
	// only an ASCII letter or digit after it makes it safe.
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) || (s[i] != '.' && s[i] != ')') {
		return false
	}
	return i+1 == len(s) || !isASCIIAlnum(s[i+1])
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// mdWriter builds the Markdown of a draft.
type mdWriter struct {
	b  bytes.Buffer
	wr wrapper
	sc *scratch
}

func newMdWriter(wr wrapper) *mdWriter {
	return &mdWriter{wr: wr, sc: scratchPool.Get().(*scratch)}
}

// free returns the writer's buffers; it must not be used after.
func (m *mdWriter) free() {
	scratchPool.Put(m.sc)
	m.sc = nil
}

// text writes text as Markdown: each of its lines escaped and wrapped,
// first before the first line and rest before the others, lines of the
// text joined with a backslash hard break and the last ended with eol (a
// "  " hard break, or nothing). The backslash and eol are kept at the end
// of a line, and the width is reduced to leave room for them. Body text
// (inline, see inline.go) has its code written as code spans and its URLs
// as autolinks; other text is escaped whole.
func (m *mdWriter) text(text, first, rest, eol string, inline bool) {
	prefix := first
	for {
		l, more, found := strings.Cut(text, "\n")
		end := eol
		if found {
			end = `\`
		}
		m.line(l, prefix, rest, end, inline)
		if !found {
			return
		}
		prefix, text = rest, more
	}
}

// lines is text of lines already split.
func (m *mdWriter) lines(lines []string, first, rest, eol string, inline bool) {
	for i, l := range lines {
		prefix, end := rest, `\`
		if i == 0 {
			prefix = first
		}
		if i == len(lines)-1 {
			end = eol
		}
		m.line(l, prefix, rest, end, inline)
	}
}

// line writes one line of text (see text), wrapped, prefix before its
// first line and rest before the others, ended with end.
func (m *mdWriter) line(l, prefix, rest, end string, inline bool) {
	wr := m.wr
	if wr.width > 0 {
		wr.width = max(1, wr.width-len(end)) // 0 would turn wrapping off
	}
	// Leading white space is dropped: Markdown ignores it in a
	// paragraph, except that 4 spaces would start a code block (in the
	// disclaimer, whose lines are paragraphs of their own).
	l = strings.Trim(l, " \t")
	md := Escape(l)
	if inline {
		var code [][2]int
		md, code = inlineMarkdown(l)
		wr.allow = keepCode(wr.allow, md, code)
	}
	if m.sc == nil {
		m.sc = new(scratch)
	}
	out := wr.lines(m.sc, md, prefix, rest)
	for _, o := range out[:len(out)-1] {
		o.writeTo(&m.b)
	}
	// The last line, then end.
	last := out[len(out)-1]
	lead, text := last.prefix, last.text
	if text == "" && (end == "" || len(out) > 1) {
		lead = strings.TrimRight(lead, " \t")
	} // else an empty line: keep the indentation before the break
	tail := text
	if tail == "" {
		tail = lead
	}
	if end == `\` && strings.HasSuffix(tail, `\`) {
		// A backslash break after an escaped backslash ("\\\") is
		// misread by goldmark (v1.8.7), which then joins the lines; a
		// two-space break says the same without the ambiguity. (So is
		// one after a code span's backslash: "`C:\`\".)
		end = "  "
	}
	m.b.WriteString(lead)
	m.b.WriteString(text)
	m.b.WriteString(end)
	m.b.WriteByte('\n')
}

// inlineMarkdown writes one line of body text (see inline.go) as
// Markdown: text escaped, code as code spans and URLs as autolinks. It
// returns the byte ranges of the code spans, backticks included, which a
// line break may not split (keepCode).
func inlineMarkdown(line string) (string, [][2]int) {
	if !strings.ContainsAny(line, "`:") {
		return Escape(line), nil
	}
	var b strings.Builder
	var code [][2]int
	for i, sp := range spans(line) {
		switch sp.kind {
		case spanText:
			b.WriteString(escape(sp.s, i == 0))
		case spanCode:
			// The code has no backtick and no white space at either end,
			// so one backtick on each side delimits it, and CommonMark
			// shows it as written (backslashes included).
			code = append(code, [2]int{b.Len(), b.Len() + len(sp.s) + 2})
			b.WriteString("`" + sp.s + "`")
		case spanURL:
			// An autolink shows the URL as its text. Find stops a URL at
			// white space and < >, the characters an autolink may not
			// hold, but a backslash would show as written and not escape.
			b.WriteString("<" + strings.ReplaceAll(sp.s, `\`, "%5C") + ">")
		}
	}
	return b.String(), code
}

// keepCode returns allow, further refusing a line break inside one of the
// code spans of line (the Markdown line being wrapped): CommonMark shows a
// line break in a code span as one space, so a break is allowed there only
// at a single space.
func keepCode(allow func(before, after string, spaced bool) bool, line string, code [][2]int) func(before, after string, spaced bool) bool {
	if len(code) == 0 {
		return allow
	}
	line = strings.TrimRight(line, " \t") // as wrapLine breaks it
	return func(before, after string, spaced bool) bool {
		end, next := len(before), len(line)-len(after)
		for _, c := range code {
			if c[0] < end && next < c[1] && (!spaced || next-end != 1) {
				return false
			}
		}
		return allow == nil || allow(before, after, spaced)
	}
}

// body writes body text as text does, with each run of command lines (see
// inline.go) as a fenced code block of its own, set apart by blank lines:
// first is put before the first line of the first block, rest before
// every other line. It reports whether it wrote a code block.
func (m *mdWriter) body(text, first, rest, eol string) bool {
	type run struct {
		code  bool
		lines []string
	}
	var runs []run
	for l := range strings.SplitSeq(text, "\n") {
		code, ok := commandLine(l)
		if ok {
			l = code
		}
		if len(runs) == 0 || runs[len(runs)-1].code != ok {
			runs = append(runs, run{code: ok})
		}
		r := &runs[len(runs)-1]
		r.lines = append(r.lines, l)
	}
	if len(runs) == 1 && !runs[0].code {
		m.text(text, first, rest, eol, true)
		return false
	}
	k := 0
	for i, r := range runs {
		if !r.code {
			// Blank lines at the ends of the text between two blocks
			// would end the paragraph early; the blocks are set apart
			// anyway.
			r.lines = trimBlank(r.lines)
			if len(r.lines) == 0 {
				continue
			}
		}
		p := rest
		if k == 0 {
			p = first
		} else {
			m.b.WriteString("\n")
		}
		k++
		if !r.code {
			e := ""
			if i == len(runs)-1 {
				e = eol
			}
			m.lines(r.lines, p, rest, e, true)
			continue
		}
		m.b.WriteString(p)
		m.b.WriteString("```text\n")
		for _, c := range r.lines {
			m.b.WriteString(rest)
			m.b.WriteString(c)
			m.b.WriteByte('\n')
		}
		m.b.WriteString(rest)
		m.b.WriteString("```\n")
	}
	return true
}

// trimBlank returns lines without the blank lines at either end.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// hasCommandLine reports whether body text holds a command line.
func hasCommandLine(text string) bool {
	if !strings.Contains(text, "`") {
		return false
	}
	for l := range strings.SplitSeq(text, "\n") {
		if _, ok := commandLine(l); ok {
			return true
		}
	}
	return false
}

func (m *mdWriter) blocks(bs []render.Block) {
	for _, bl := range bs {
		m.b.WriteString("\n")
		if bl.Kind == render.Paragraph {
			m.body(bl.Text, "", "", "")
			continue
		}
		// A list with a code block in an item has its items set apart by
		// blank lines (a loose list), as the blank lines around the code
		// block would make it anyway; markdownlint wants them (MD031).
		loose := false
		for _, it := range bl.Items {
			loose = loose || bl.Kind != render.Fields && hasCommandLine(it.Text)
		}
		for i, it := range bl.Items {
			mark := listMark(bl.Kind, i)
			if loose && i > 0 {
				m.b.WriteString("\n")
			}
			// Continuation lines are indented to the item's content
			// column; fields are a paragraph, whose lines need none.
			indent := indent(len(mark))
			first := mark
			if it.Label != "" {
				first += "**" + Escape(it.Label) + ":** "
			}
			if bl.Kind == render.Fields {
				// A hard break (two spaces) keeps each field on its own
				// line without making a list; command lines stay code
				// spans on their lines.
				eol := "  "
				if i == len(bl.Items)-1 {
					eol = ""
				}
				m.text(it.Text, first, indent, eol, true)
				continue
			}
			if m.body(it.Text, first, indent, "") && it.URL != "" {
				m.b.WriteString("\n") // the URL is a paragraph after the code block
			}
			if it.URL != "" {
				m.b.WriteString(indent)
				m.b.WriteByte('<')
				m.b.WriteString(linkDest(it.URL))
				m.b.WriteString(">\n")
			}
		}
	}
}

// Escape makes s literal text in CommonMark: characters that start inline
// markup are backslash-escaped everywhere, and characters that start a
// block (#, >, -, +, =, "1.") only at the start of the line, so ordinary
// text stays readable as plain text. Text that GitHub's Markdown (and
// markdownlint's no-bare-urls rule) would take for a link is escaped too:
// the ":" of "://", the "." of a "www." that starts a word and an "@"
// before a letter or digit (an e-mail address). The writers link URLs
// themselves, as autolinks, where they should be links.
func Escape(s string) string {
	return escape(s, true)
}

// escape is Escape for text that starts a line (start) or continues one.
// Text with nothing to escape is returned as it is.
func escape(s string, start bool) string {
	if !utf8.ValidString(s) {
		// Each invalid byte becomes U+FFFD, as reading runes makes it.
		s = strings.Map(func(r rune) rune { return r }, s)
	}
	lead := s
	if start {
		lead = strings.TrimLeft(s, " \t")
	}
	var b strings.Builder
	escaped := false
	from := 0 // lead[from:] is not written yet
	// Every character escaped is ASCII, so the text is read byte by byte.
	for i := 0; i < len(lead); i++ {
		esc := false
		switch lead[i] {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!':
			esc = true
		case '#', '-', '+', '=':
			esc = i == 0 && start
		case '.', ')':
			if isDigits(lead[:i]) && i > 0 && start {
				esc = true
			} else if lead[i] == '.' && i >= 3 && strings.EqualFold(lead[i-3:i], "www") && (i == 3 || !isASCIIAlnum(lead[i-4])) {
				esc = true
			}
		case ':':
			esc = strings.HasPrefix(lead[i+1:], "//")
		case '@':
			esc = i+1 < len(lead) && isASCIIAlnum(lead[i+1])
		}
		if !esc {
			continue
		}
		if !escaped {
			escaped = true
			b.Grow(len(s) + 8)
			b.WriteString(s[:len(s)-len(lead)])
		}
		b.WriteString(lead[from:i])
		b.WriteByte('\\')
		from = i
	}
	if !escaped {
		return s
	}
	b.WriteString(lead[from:])
	return b.String()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// linkDest makes a URL safe inside <…>: characters CommonMark does not
// allow there are percent-encoded.
func linkDest(u string) string {
	if p, err := url.Parse(u); err == nil {
		return linkDestReplacer.Replace(p.String())
	}
	return linkDestReplacer.Replace(u)
}

var linkDestReplacer = strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\\", "%5C")
