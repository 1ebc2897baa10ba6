package format

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
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
	t := newTextWriter(width)
	defer t.free()
	t.b.Grow(draftSize(d))
	t.head(d)
	// The subject line is never wrapped: it is a header, copied as a whole
	// into the mail client's Subject field, where a line break would either
	// end up in the subject or cut it short. The mail client folds the
	// header itself when it sends the message (RFC 5322, 2.2.3).
	fmt.Fprintf(&t.b, "%s: %s\n", d.SubjectLabel, d.Subject)
	t.body(d)
	_, err := w.Write(t.b.Bytes())
	return err
}

// TextAndBody returns the draft as WriteText writes it, and the plain-text
// body of an email message: the same text without the subject line, which
// the message carries in its header. The text is wrapped once for both.
func TextAndBody(d *render.Draft) (text, body []byte) {
	t := newTextWriter(Width)
	defer t.free()
	t.b.Grow(draftSize(d))
	t.head(d)
	head := t.b.Len()
	fmt.Fprintf(&t.b, "%s: %s\n", d.SubjectLabel, d.Subject)
	rest := t.b.Len()
	t.body(d)
	// The text is the writer's own buffer; the body is copied from it.
	text = t.b.Bytes()
	body = make([]byte, 0, head+len(text)-rest)
	body = append(body, text[:head]...)
	return text, append(body, text[rest:]...)
}

// BodyWidth returns the plain-text body of an email message (TextAndBody's
// body) wrapped at width display columns instead of Width: an ISO-2022-JP
// message whose lines would not fit in 78 octets is wrapped narrower.
func BodyWidth(d *render.Draft, width int) []byte {
	t := newTextWriter(width)
	defer t.free()
	t.b.Grow(draftSize(d))
	t.head(d)
	t.body(d)
	return t.b.Bytes()
}

// head writes what comes before the subject line: the review gate's
// banner, if any, above everything else, then the disclaimer or the
// disclosure. The drafts of a locale mostly share it: it is wrapped once
// (see fragments).
func (t *textWriter) head(d *render.Draft) {
	notice := d.Notice()
	t.b.WriteString(fragment(fragmentKey{textHead, t.wr.width, d.Banner, notice}, func() string {
		h := newTextWriter(t.wr.width)
		defer h.free()
		if d.Banner != "" {
			h.wrap(d.Banner, "", "")
			h.b.WriteString("\n")
		}
		h.wrap(notice, "", "")
		return h.b.String()
	}))
}

// draftSize is about the size of d in any of the text formats: its text
// and a quarter more for line breaks, indentation and markup.
func draftSize(d *render.Draft) int {
	n := len(d.Banner) + len(d.Disclaimer) + len(d.SubjectLabel) + len(d.Subject)
	blocks := func(bs []render.Block) {
		for _, b := range bs {
			n += len(b.Text)
			for _, it := range b.Items {
				n += len(it.Label) + len(it.Text) + len(it.URL) + 8
			}
		}
	}
	blocks(d.Lead)
	for _, s := range d.Sections {
		n += len(s.Heading) + 8
		blocks(s.Blocks)
	}
	blocks(d.Closing)
	return n + n/4
}

// headingIndent continues a heading that wraps, under its text.
var headingIndent = strings.Repeat(" ", DisplayWidth(HeadingMark))

// indent returns n spaces.
func indent(n int) string {
	const spaces = "            "
	if n <= len(spaces) {
		return spaces[:n]
	}
	return strings.Repeat(" ", n)
}

// listMark is the mark of item i (from 0) of a list of kind k.
func listMark(k render.BlockKind, i int) string {
	switch k {
	case render.Bullets:
		return "- "
	case render.Steps:
		if i < len(stepMarks) {
			return stepMarks[i]
		}
		return strconv.Itoa(i+1) + ". "
	}
	return ""
}

var stepMarks = func() []string {
	m := make([]string, 20)
	for i := range m {
		m[i] = strconv.Itoa(i+1) + ". "
	}
	return m
}()

// textWriter builds the plain text of a draft.
type textWriter struct {
	b  bytes.Buffer
	wr wrapper
	sc *scratch
}

func newTextWriter(width int) *textWriter {
	return &textWriter{wr: wrapper{width: width, measure: clusterWidth}, sc: scratchPool.Get().(*scratch)}
}

// free returns the writer's buffers; it must not be used after.
func (t *textWriter) free() {
	scratchPool.Put(t.sc)
	t.sc = nil
}

// wrap writes text wrapped, first before its first line and rest before
// the others (as Wrap breaks it).
func (t *textWriter) wrap(text, first, rest string) {
	p := first
	for line := range strings.SplitSeq(text, "\n") {
		t.wrapLine(line, p, rest)
		p = rest
	}
}

// wrapLine writes one hard line wrapped.
func (t *textWriter) wrapLine(line, first, rest string) {
	for _, l := range t.wr.lines(t.sc, line, first, rest) {
		l.writeTo(&t.b)
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
			t.wrap(s.Heading, HeadingMark, headingIndent)
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
	p := first
	for l := range strings.SplitSeq(text, "\n") {
		if code, ok := commandLine(l); ok {
			t.b.WriteString(strings.TrimRight(p+code, " \t"))
			t.b.WriteByte('\n')
		} else {
			t.wrapLine(plainLine(l), p, rest)
		}
		p = rest
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
		mark := listMark(bl.Kind, i)
		indent := indent(len(mark))
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
			t.b.WriteString(strings.TrimRight(indent+it.URL, " \t"))
			t.b.WriteByte('\n')
		}
	}
}
