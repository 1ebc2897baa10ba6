package render

import (
	"fmt"
	"regexp"
	"strings"
)

// Templates build a Draft by calling block functions ({{subject}},
// {{section "scope" (t "heading.scope")}}, {{item}} …) that emit markers
// into the template output; the text between markers is the content. A
// marker starts with U+001E and ends with U+001D, control characters that
// the record loader and the locale loader refuse, so no record text or
// message can forge one.
const (
	markStart = "\x1e"
	markSep   = "\x1f"
	markEnd   = "\x1d"
)

func marker(kind string, args ...string) string {
	return markStart + strings.Join(append([]string{kind}, args...), markSep) + markEnd
}

// blockFuncs are the template functions that shape a draft.
var blockFuncs = map[string]any{
	"subject": func() string { return marker("subject") },
	"lead":    func() string { return marker("lead") },
	"closing": func() string { return marker("closing") },
	"section": func(id string, heading ...string) (string, error) {
		if len(heading) > 1 {
			return "", fmt.Errorf("section %q: want at most one heading", id)
		}
		return marker("section", id, strings.Join(heading, "")), nil
	},
	"para": func() string { return marker("para") },
	"item": func(label ...string) string { return marker("item", strings.Join(label, " ")) },
	"step": func() string { return marker("step") },
	"field": func(label string) string {
		return marker("field", label)
	},
	"url": func(u string) string { return marker("url", u) },
}

// markerParts is the number of parts of each marker, its kind included.
var markerParts = map[string]int{
	"subject": 1, "lead": 1, "closing": 1, "para": 1, "step": 1,
	"item": 2, "field": 2, "url": 2, "section": 3,
}

var paraSplit = regexp.MustCompile(`\n[ \t]*\n\s*`)

// build parses template output into a draft's subject, lead, sections and
// closing.
func build(out string, d *Draft) error {
	b := &builder{d: d}
	rest := out
	for {
		i := strings.Index(rest, markStart)
		if i < 0 {
			if err := b.text(rest); err != nil {
				return err
			}
			return finish(d, b.seenSubj)
		}
		if err := b.text(rest[:i]); err != nil {
			return err
		}
		j := strings.Index(rest[i:], markEnd)
		if j < 0 {
			return errMalformed
		}
		parts := strings.Split(rest[i+1:i+j], markSep)
		if n, ok := markerParts[parts[0]]; !ok || len(parts) != n {
			return errMalformed
		}
		rest = rest[i+j+1:]
		if err := b.marker(parts); err != nil {
			return err
		}
	}
}

var errMalformed = fmt.Errorf("malformed block marker (control characters U+001D–U+001F in the template?)")

// where a builder is in the draft.
type where int

const (
	inNothing where = iota
	inSubject
	inLead
	inSection
	inClosing
)

// builder assembles a Draft from the text and markers of template output.
type builder struct {
	d        *Draft
	at       where
	sec      *Section
	itemKind BlockKind // the list the next text is an item of; "" for paragraphs
	label    string
	seenSubj bool
}

// blocks returns the blocks the builder is adding to, or nil.
func (b *builder) blocks() *[]Block {
	switch b.at {
	case inLead:
		return &b.d.Lead
	case inClosing:
		return &b.d.Closing
	case inSection:
		return &b.sec.Blocks
	}
	return nil
}

// text adds the text between two markers where the builder is.
func (b *builder) text(text string) error {
	if strings.ContainsAny(text, markSep+markEnd) {
		return errMalformed
	}
	switch b.at {
	case inNothing:
		if strings.TrimSpace(text) != "" {
			return fmt.Errorf("text %q before the first block ({{subject}}, {{lead}} or {{section}})", clip(text))
		}
	case inSubject:
		s := strings.TrimSpace(text)
		if strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("the subject must be one line, got %q", clip(s))
		}
		b.d.Subject += s
	default:
		bs := b.blocks()
		if b.itemKind != "" {
			if len(*bs) == 0 || (*bs)[len(*bs)-1].Kind != b.itemKind {
				*bs = append(*bs, Block{Kind: b.itemKind})
			}
			last := &(*bs)[len(*bs)-1]
			last.Items = append(last.Items, Item{Label: b.label, Text: strings.TrimSpace(text)})
			// Text after an item's text is a new paragraph unless a marker
			// says otherwise.
			b.itemKind, b.label = "", ""
			return nil
		}
		for _, p := range paraSplit.Split(strings.TrimSpace(text), -1) {
			if p = strings.TrimSpace(p); p != "" {
				*bs = append(*bs, Block{Kind: Paragraph, Text: p})
			}
		}
	}
	return nil
}

// marker acts on one block marker, split into its parts.
func (b *builder) marker(parts []string) error {
	switch parts[0] {
	case "subject":
		if b.seenSubj {
			return fmt.Errorf("{{subject}} used twice")
		}
		b.seenSubj, b.at = true, inSubject
	case "lead":
		b.at = inLead
	case "closing":
		b.at = inClosing
	case "section":
		return b.section(parts[1], parts[2])
	case "url":
		bs := b.blocks()
		if bs == nil || len(*bs) == 0 || len((*bs)[len(*bs)-1].Items) == 0 {
			return fmt.Errorf("{{url}} must follow an {{item}}, {{step}} or {{field}}")
		}
		last := &(*bs)[len(*bs)-1]
		last.Items[len(last.Items)-1].URL = parts[1]
	default: // para, item, step, field
		if b.at == inNothing || b.at == inSubject {
			return fmt.Errorf("{{%s}} outside {{lead}}, {{section}} or {{closing}}", parts[0])
		}
		switch parts[0] {
		case "item":
			b.itemKind, b.label = Bullets, parts[1]
		case "step":
			b.itemKind, b.label = Steps, ""
		case "field":
			b.itemKind, b.label = Fields, parts[1]
		}
	}
	return nil
}

// section starts a section; ids are unique within a draft.
func (b *builder) section(id, heading string) error {
	if id == "" {
		return fmt.Errorf("{{section}} needs an id")
	}
	for _, s := range b.d.Sections {
		if s.ID == id {
			return fmt.Errorf("section %q used twice", id)
		}
	}
	b.d.Sections = append(b.d.Sections, Section{ID: id, Heading: heading})
	b.sec, b.at = &b.d.Sections[len(b.d.Sections)-1], inSection
	return nil
}

func finish(d *Draft, seenSubj bool) error {
	if !seenSubj || d.Subject == "" {
		return fmt.Errorf("the template gives no subject ({{subject}} followed by text)")
	}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			for _, it := range b.Items {
				if it.Text == "" {
					return fmt.Errorf("section %q has an empty list item", s.ID)
				}
			}
		}
	}
	return nil
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
