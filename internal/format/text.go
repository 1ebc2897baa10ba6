package format

import (
	"fmt"
	"io"
	"strings"

	"github.com/noticegen/noticegen/internal/render"
)

// HeadingMark starts a section heading in plain text, as in the digest's
// emails ("■ 概要").
const HeadingMark = "■ "

// WriteText writes d as the plain-text email a person pastes into a mail
// client: the disclaimer, a subject line, then the body.
func WriteText(w io.Writer, d *render.Draft) error {
	var b strings.Builder
	b.WriteString(d.Disclaimer)
	b.WriteString("\n")
	fmt.Fprintf(&b, "%s: %s\n", d.SubjectLabel, d.Subject)
	writeTextBody(&b, d)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTextBody writes the lead, sections and closing, each preceded by a
// blank line.
func writeTextBody(b *strings.Builder, d *render.Draft) {
	textBlocks(b, d.Lead)
	for _, s := range d.Sections {
		b.WriteString("\n")
		if s.Heading != "" {
			b.WriteString(HeadingMark + s.Heading + "\n")
		}
		for i, bl := range s.Blocks {
			if i > 0 {
				b.WriteString("\n")
			}
			textBlock(b, bl)
		}
	}
	textBlocks(b, d.Closing)
}

func textBlocks(b *strings.Builder, bs []render.Block) {
	for _, bl := range bs {
		b.WriteString("\n")
		textBlock(b, bl)
	}
}

func textBlock(b *strings.Builder, bl render.Block) {
	if bl.Kind == render.Paragraph {
		b.WriteString(bl.Text + "\n")
		return
	}
	for i, it := range bl.Items {
		var mark string
		switch bl.Kind {
		case render.Bullets:
			mark = "- "
		case render.Steps:
			mark = fmt.Sprintf("%d. ", i+1)
		}
		text := it.Text
		if it.Label != "" {
			text = it.Label + ": " + text
		}
		indent := strings.Repeat(" ", len(mark))
		b.WriteString(mark + strings.ReplaceAll(text, "\n", "\n"+indent) + "\n")
		if it.URL != "" {
			b.WriteString(indent + it.URL + "\n")
		}
	}
}
