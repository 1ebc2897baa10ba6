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
// client: the disclaimer (or, on a send-ready draft, the disclosure that
// replaces it: Draft.Notice), a subject line, then the body, with every line
// but the subject line wrapped at Width display columns (see Wrap).
func WriteText(w io.Writer, d *render.Draft) error {
	return WriteTextWidth(w, d, Width)
}

// WriteTextWidth is WriteText with lines wrapped at width display columns;
// a width of 0 or less writes every paragraph and list item on one line
// (hard line breaks in the text are still kept).
func WriteTextWidth(w io.Writer, d *render.Draft, width int) error {
	t := textWriter{width: width}
	t.banner(d)
	t.wrap(d.Notice(), "", "")
	// The subject line is never wrapped: it is a header, copied as a whole
	// into the mail client's Subject field, where a line break would either
	// end up in the subject or cut it short. The mail client folds the
	// header itself when it sends the message (RFC 5322, 2.2.3).
	fmt.Fprintf(&t.b, "%s: %s\n", d.SubjectLabel, d.Subject)
	t.body(d)
	_, err := io.WriteString(w, t.b.String())
	return err
}

// TextAndBody returns the draft as WriteText writes it, and the plain-text
// body of an email message: the same text without the subject line, which
// the message carries in its header. The text is wrapped once for both.
func TextAndBody(d *render.Draft) (text, body []byte) {
	h, r := textParts(d, Width)
	text = []byte(h + d.SubjectLabel + ": " + d.Subject + "\n" + r)
	return text, []byte(h + r)
}

// BodyWidth returns the plain-text body of an email message (TextAndBody's
// body) wrapped at width display columns instead of Width: an ISO-2022-JP
// message whose lines would not fit in 78 octets is wrapped narrower.
func BodyWidth(d *render.Draft, width int) []byte {
	h, r := textParts(d, width)
	return []byte(h + r)
}

// textParts wraps what comes before the subject line (banner, disclaimer
// or disclosure) and after it (the body).
func textParts(d *render.Draft, width int) (head, rest string) {
	hw := textWriter{width: width}
	hw.banner(d)
	hw.wrap(d.Notice(), "", "")
	rw := textWriter{width: width}
	rw.body(d)
	return hw.b.String(), rw.b.String()
}

// banner writes the review gate's notice, if any, above everything else.
func (t *textWriter) banner(d *render.Draft) {
	if d.Banner != "" {
		t.wrap(d.Banner, "", "")
		t.b.WriteString("\n")
	}
}

// textWriter builds the plain text of a draft.
type textWriter struct {
	b     strings.Builder
	width int
}

// wrap writes text wrapped, first before its first line and rest before
// the others.
func (t *textWriter) wrap(text, first, rest string) {
	for _, l := range Wrap(text, t.width, first, rest) {
		t.b.WriteString(l + "\n")
	}
}

// body writes the TLP marking, the lead, sections and closing, each
// preceded by a blank line. The marking is the first line of the body,
// directly before the information it marks (and after the subject line,
// so that it is part of what is pasted into a mail).
func (t *textWriter) body(d *render.Draft) {
	if d.Marking != "" {
		t.b.WriteString("\n")
		t.wrap(d.Marking, "", "")
	}
	t.blocks(d.Lead)
	for _, s := range d.Sections {
		t.b.WriteString("\n")
		if s.Heading != "" {
			t.wrap(s.Heading, HeadingMark, strings.Repeat(" ", DisplayWidth(HeadingMark)))
		}
		for i, bl := range s.Blocks {
			if i > 0 {
				t.b.WriteString("\n")
			}
			t.block(bl)
		}
	}
	t.blocks(d.Closing)
}

func (t *textWriter) blocks(bs []render.Block) {
	for _, bl := range bs {
		t.b.WriteString("\n")
		t.block(bl)
	}
}

// bodyText writes body text wrapped, as wrap does, with its code shown
// without the backticks and each command line written as it is: a command
// is not broken across lines.
func (t *textWriter) bodyText(text, first, rest string) {
	if !strings.Contains(text, "`") {
		t.wrap(text, first, rest)
		return
	}
	wr := wrapper{width: t.width, measure: clusterWidth}
	var out []string
	for i, l := range strings.Split(text, "\n") {
		p := rest
		if i == 0 {
			p = first
		}
		if code, ok := commandLine(l); ok {
			out = append(out, strings.TrimRight(p+code, " \t"))
			continue
		}
		out = wr.wrapLine(out, plainLine(l), p, rest)
	}
	for _, l := range out {
		t.b.WriteString(l + "\n")
	}
}

// block writes a paragraph or a list. List items hang: continuation lines
// are indented to the item's text ("1. " → 3 spaces, "- " → 2); a field
// ("対応優先度: 低") continues 2 spaces in. A label stays on the item's
// first line with the start of its text.
func (t *textWriter) block(bl render.Block) {
	if bl.Kind == render.Paragraph {
		t.bodyText(bl.Text, "", "")
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
		indent := strings.Repeat(" ", len(mark))
		if bl.Kind == render.Fields {
			indent = "  "
		}
		first := mark
		if it.Label != "" {
			first += it.Label + ": "
		}
		t.bodyText(it.Text, first, indent)
		if it.URL != "" {
			// A URL is one unbreakable token, so it is written as is.
			t.b.WriteString(strings.TrimRight(indent+it.URL, " \t") + "\n")
		}
	}
}
