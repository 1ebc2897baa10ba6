package format

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/noticegen/noticegen/internal/render"
)

// WriteMarkdown writes d as CommonMark: the subject as the top heading, the
// disclaimer as a blockquote under it, sections as second-level headings.
// Record text is escaped so it reads as written and never becomes markup
// (a title with "<script>" or "[x](javascript:…)" stays text).
func WriteMarkdown(w io.Writer, d *render.Draft) error {
	var b strings.Builder
	b.WriteString("# " + Escape(d.Subject) + "\n\n")
	for i, line := range strings.Split(d.Disclaimer, "\n") {
		if i > 0 {
			b.WriteString(">\n")
		}
		b.WriteString("> " + Escape(line) + "\n")
	}
	mdBlocks(&b, d.Lead)
	for _, s := range d.Sections {
		if s.Heading != "" {
			b.WriteString("\n## " + Escape(s.Heading) + "\n")
		}
		mdBlocks(&b, s.Blocks)
	}
	mdBlocks(&b, d.Closing)
	_, err := io.WriteString(w, b.String())
	return err
}

func mdBlocks(b *strings.Builder, bs []render.Block) {
	for _, bl := range bs {
		b.WriteString("\n")
		if bl.Kind == render.Paragraph {
			b.WriteString(escapeLines(bl.Text, "") + "\n")
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
			indent := strings.Repeat(" ", len(mark))
			text := escapeLines(it.Text, indent)
			if it.Label != "" {
				text = "**" + Escape(it.Label) + ":** " + text
			}
			if bl.Kind == render.Fields {
				// A hard break (two spaces) keeps each field on its own
				// line without making a list.
				eol := "  \n"
				if i == len(bl.Items)-1 {
					eol = "\n"
				}
				b.WriteString(text + eol)
				continue
			}
			b.WriteString(mark + text + "\n")
			if it.URL != "" {
				b.WriteString(indent + "<" + linkDest(it.URL) + ">\n")
			}
		}
	}
}

// escapeLines escapes each line of text and joins them with hard line
// breaks, indenting continuation lines by indent (inside list items).
func escapeLines(text, indent string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = Escape(strings.TrimRight(l, " \t"))
	}
	return strings.Join(lines, "\\\n"+indent)
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
