package format

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/noticegen/noticegen/internal/render"
)

// WriteMarkdown writes d as CommonMark: the subject as the top heading, the
// disclaimer as a blockquote under it, sections as second-level headings.
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
	m := mdWriter{wr: mdWrapper(width)}
	b := &m.b
	b.WriteString("# " + Escape(d.Subject) + "\n\n")
	for i, line := range strings.Split(d.Disclaimer, "\n") {
		if i > 0 {
			b.WriteString(">\n")
		}
		m.text(line, "> ", "> ", "")
	}
	m.blocks(d.Lead)
	for _, s := range d.Sections {
		if s.Heading != "" {
			b.WriteString("\n## " + Escape(s.Heading) + "\n")
		}
		m.blocks(s.Blocks)
	}
	m.blocks(d.Closing)
	out := []byte(b.String())
	if d.Banner != "" {
		out = addBanner(out, d.Banner, m.wr)
	}
	_, err := w.Write(out)
	return err
}

// AddBanner returns md, the Markdown of d written without its banner (see
// WithoutBanner), with d's banner added, as WriteMarkdown writes d: so
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
	m := mdWriter{wr: wr}
	m.text(banner, "**", "", "**")
	m.b.WriteString("\n")
	i := bytes.Index(md, []byte("\n\n")) + 2 // after the heading
	out := make([]byte, 0, len(md)+m.b.Len())
	out = append(out, md[:i]...)
	out = append(out, m.b.String()...)
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
			return spaced != (util.IsEastAsianWideRune(a) && util.IsEastAsianWideRune(b))
		},
	}
}

// mdBlockStart reports whether a line starting with s might start a block
// other than a paragraph continuation.
func mdBlockStart(s string) bool {
	if s == "" {
		return false
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
	b  strings.Builder
	wr wrapper
}

// text writes record text as Markdown: each of its lines escaped and
// wrapped, first before the first line and rest before the others, lines
// of the text joined with a backslash hard break and the last ended with
// eol (a "  " hard break, or nothing). The backslash and eol are kept at the
// end of a line, and the width is reduced to leave room for them.
func (m *mdWriter) text(text, first, rest, eol string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		prefix, end := rest, `\`
		if i == 0 {
			prefix = first
		}
		if i == len(lines)-1 {
			end = eol
		}
		wr := m.wr
		if wr.width > 0 {
			wr.width = max(1, wr.width-len(end)) // 0 would turn wrapping off
		}
		// Leading white space is dropped: Markdown ignores it in a
		// paragraph, except that 4 spaces would start a code block (in the
		// disclaimer, whose lines are paragraphs of their own).
		out := wr.wrapLine(nil, Escape(strings.Trim(l, " \t")), prefix, rest)
		if end != "" && len(out) == 1 && out[0] == strings.TrimRight(prefix, " \t") {
			out[0] = prefix // an empty line: keep the indentation before the break
		}
		if end == `\` && strings.HasSuffix(out[len(out)-1], `\`) {
			// A backslash break after an escaped backslash ("\\\") is
			// misread by goldmark (v1.8.7), which then joins the lines; a
			// two-space break says the same without the ambiguity.
			end = "  "
		}
		out[len(out)-1] += end
		for _, o := range out {
			m.b.WriteString(o + "\n")
		}
	}
}

func (m *mdWriter) blocks(bs []render.Block) {
	for _, bl := range bs {
		m.b.WriteString("\n")
		if bl.Kind == render.Paragraph {
			m.text(bl.Text, "", "", "")
			continue
		}
		for i, it := range bl.Items {
			var mark string
			switch bl.Kind {
			case render.Bullets:
				mark = "- "
			case render.Steps:
				mark = fmt.Sprintf("%d. ", i+1)
			}
			// Continuation lines are indented to the item's content
			// column; fields are a paragraph, whose lines need none.
			indent := strings.Repeat(" ", len(mark))
			first := mark
			if it.Label != "" {
				first += "**" + Escape(it.Label) + ":** "
			}
			if bl.Kind == render.Fields {
				// A hard break (two spaces) keeps each field on its own
				// line without making a list.
				eol := "  "
				if i == len(bl.Items)-1 {
					eol = ""
				}
				m.text(it.Text, first, indent, eol)
				continue
			}
			m.text(it.Text, first, indent, "")
			if it.URL != "" {
				m.b.WriteString(indent + "<" + linkDest(it.URL) + ">\n")
			}
		}
	}
}

// Escape makes s literal text in CommonMark: characters that start inline
// markup are backslash-escaped everywhere, and characters that start a
// block (#, >, -, +, =, "1.") only at the start of the line, so ordinary
// text stays readable as plain text.
func Escape(s string) string {
	var b strings.Builder
	lead := strings.TrimLeft(s, " \t")
	b.WriteString(s[:len(s)-len(lead)])
	for i, r := range lead {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!':
			b.WriteByte('\\')
		case '#', '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if isDigits(lead[:i]) && i > 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
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
	r := strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\\", "%5C")
	if p, err := url.Parse(u); err == nil {
		return r.Replace(p.String())
	}
	return r.Replace(u)
}
