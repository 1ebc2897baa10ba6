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
	type state int
	const (
		none state = iota
		inSubject
		inLead
		inSection
		inClosing
	)
	var (
		st       = none
		sec      *Section
		itemKind BlockKind // current list kind inside a section, "" for paragraphs
		label    string
		seenSubj bool
	)
	blocks := func() *[]Block {
		switch st {
		case inLead:
			return &d.Lead
		case inClosing:
			return &d.Closing
		case inSection:
			return &sec.Blocks
		}
		return nil
	}
	addText := func(text string) error {
		if strings.ContainsAny(text, markSep+markEnd) {
			return fmt.Errorf("malformed block marker (control characters U+001D–U+001F in the template?)")
		}
		switch st {
		case none:
			if strings.TrimSpace(text) != "" {
				return fmt.Errorf("text %q before the first block ({{subject}}, {{lead}} or {{section}})", clip(text))
			}
		case inSubject:
			s := strings.TrimSpace(text)
			if strings.ContainsAny(s, "\r\n") {
				return fmt.Errorf("the subject must be one line, got %q", clip(s))
			}
			d.Subject += s
		default:
			bs := blocks()
			if itemKind != "" {
				t := strings.TrimSpace(text)
				if len(*bs) == 0 || (*bs)[len(*bs)-1].Kind != itemKind {
					*bs = append(*bs, Block{Kind: itemKind})
				}
				b := &(*bs)[len(*bs)-1]
				b.Items = append(b.Items, Item{Label: label, Text: t})
				itemKind = "" // text after the item's text is a new paragraph unless a marker says otherwise
				label = ""
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
	rest := out
	for {
		i := strings.Index(rest, markStart)
		if i < 0 {
			if err := addText(rest); err != nil {
				return err
			}
			return finish(d, seenSubj)
		}
		if err := addText(rest[:i]); err != nil {
			return err
		}
		j := strings.Index(rest[i:], markEnd)
		if j < 0 {
			return fmt.Errorf("malformed block marker")
		}
		parts := strings.Split(rest[i+1:i+j], markSep)
		if n, ok := markerParts[parts[0]]; !ok || len(parts) != n {
			return fmt.Errorf("malformed block marker (control characters U+001D–U+001F in the template?)")
		}
		rest = rest[i+j+1:]
		switch parts[0] {
		case "subject":
			if seenSubj {
				return fmt.Errorf("{{subject}} used twice")
			}
			seenSubj, st = true, inSubject
		case "lead":
			st = inLead
		case "closing":
			st = inClosing
		case "section":
			if parts[1] == "" {
				return fmt.Errorf("{{section}} needs an id")
			}
			for _, s := range d.Sections {
				if s.ID == parts[1] {
					return fmt.Errorf("section %q used twice", parts[1])
				}
			}
			d.Sections = append(d.Sections, Section{ID: parts[1], Heading: parts[2]})
			sec, st = &d.Sections[len(d.Sections)-1], inSection
		case "url":
			bs := blocks()
			if bs == nil || len(*bs) == 0 || len((*bs)[len(*bs)-1].Items) == 0 {
				return fmt.Errorf("{{url}} must follow an {{item}}, {{step}} or {{field}}")
			}
			b := &(*bs)[len(*bs)-1]
			b.Items[len(b.Items)-1].URL = parts[1]
		case "para", "item", "step", "field":
			if st == none || st == inSubject {
				return fmt.Errorf("{{%s}} outside {{lead}}, {{section}} or {{closing}}", parts[0])
			}
			switch parts[0] {
			case "item":
				itemKind, label = Bullets, parts[1]
			case "step":
				itemKind, label = Steps, ""
			case "field":
				itemKind, label = Fields, parts[1]
			}
		}
	}
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
