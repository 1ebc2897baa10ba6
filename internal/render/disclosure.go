package render

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/locale"
)

// Approval is one reviewer's approval of a draft's content, as the review
// log records it: who, and when (the time keeps the offset it was logged
// with; the disclosure gives its date in that offset).
type Approval struct {
	Reviewer string
	At       time.Time
}

// SendReady returns d as it goes to its recipients once approved: a copy
// with the Disclosure set, which every format shows in place of the
// disclaimer (see Draft.Notice). Nothing else of the draft changes, and
// the Banner is cleared (an approved draft has none). approvals are the
// approvals of the draft's current content, oldest first; there must be at
// least one.
//
// The reviewer approved the draft with the disclaimer, and the approval's
// content hash is of that draft (Draft.Hash and the review snapshot leave
// the Disclosure out). So the caller must decide that the draft is
// approved first, from the draft as rendered, and only then make it send
// ready: the review gate of export does.
func (r *Renderer) SendReady(d *Draft, approvals []Approval) (*Draft, error) {
	s, err := r.Disclosure(d.Locale, approvals)
	if err != nil {
		return nil, err
	}
	c := *d
	c.Banner, c.Disclosure = "", s
	return &c, nil
}

// Disclosure returns the statement for the recipients of an approved
// draft in loc: that the text was machine-generated and reviewed, by whom
// and when. It is the message "disclosure.text" with .Reviews, the
// approvals grouped by date: "disclosure.review" for each date (with
// .Names, its reviewers joined by "list.and", and .Date, the date worded
// by "date.long"), joined by "list.and".
//
// Like the disclaimer it may be reworded through the locale files but
// never dropped: a wording that shows nothing, or that leaves out a
// reviewer or a date (a message that does not use its data), is an error
// naming the message, so no approved draft leaves without saying who
// reviewed it.
func (r *Renderer) Disclosure(loc string, approvals []Approval) (string, error) {
	if len(approvals) == 0 {
		return "", errors.New("a send-ready draft needs at least one approval to name")
	}
	type group struct {
		date  string
		names []string
	}
	var groups []*group
	byDate := map[string]*group{}
	for _, a := range approvals {
		name := strings.TrimSpace(a.Reviewer)
		if name == "" || !locale.Visible(name) {
			return "", fmt.Errorf("approval at %s names no reviewer", a.At.Format(time.RFC3339))
		}
		date, err := r.cat.Date(loc, a.At)
		if err != nil {
			return "", err
		}
		g := byDate[date]
		if g == nil {
			g = &group{date: date}
			byDate[date] = g
			groups = append(groups, g)
		}
		g.names = append(g.names, name)
	}
	var reviews []string
	for _, g := range groups {
		names, err := r.and(loc, g.names)
		if err != nil {
			return "", err
		}
		s, err := r.phrase(loc, "disclosure.review", map[string]string{"Names": names, "Date": g.date}, nil)
		if err != nil {
			return "", err
		}
		reviews = append(reviews, s)
	}
	all, err := r.and(loc, reviews)
	if err != nil {
		return "", err
	}
	s, err := r.phrase(loc, "disclosure.text", map[string]string{"Reviews": all}, nil)
	if err != nil {
		return "", err
	}
	if s = strings.TrimSpace(s); !locale.Visible(s) || strings.IndexFunc(s, unicode.IsLetter) < 0 {
		o, _ := r.cat.Origin(loc, "disclosure.text")
		return "", fmt.Errorf("%s: the disclosure of locale %q shows nothing; it may be reworded but never removed", o, loc)
	}
	return s, nil
}

// and joins items for a sentence: one item as it is, more with the
// message "list.and" (.List the items but the last, joined by
// "list.separator"; .Last the last one; .Count how many there are).
func (r *Renderer) and(loc string, items []string) (string, error) {
	if len(items) == 1 {
		return items[0], nil
	}
	head, err := r.cat.List(loc, items[:len(items)-1], 0)
	if err != nil {
		return "", err
	}
	s, err := r.phrase(loc, "list.and", map[string]string{"List": head, "Last": items[len(items)-1]}, map[string]any{"Count": len(items)})
	if err != nil {
		return "", err
	}
	for _, it := range items {
		if !strings.Contains(s, it) {
			return "", leftOut(r, loc, "list.and", it)
		}
	}
	return s, nil
}

// phrase returns message id of loc executed with data, whose values reach
// the text exactly as given, and other (values a message may test, such
// as a count). A message that leaves out a value of data is an error: who
// reviewed a draft and when must reach the disclosure whatever the
// wording.
//
// Japanese and Chinese are written without spaces between their
// characters, so a space the message puts next to a value (as a message
// does for Latin names: "{{.Names}} が") is dropped where the characters
// on both sides are of those scripts ("山田が", but "suzuki が"). Spaces
// inside a value (a reviewer's name) are kept as they are.
func (r *Renderer) phrase(loc, id string, data map[string]string, other map[string]any) (string, error) {
	// Each value is given to the message as a private-use character,
	// found again in its text, then replaced by the value.
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := map[string]any{}
	for k, v := range other {
		args[k] = v
	}
	values := map[rune]string{}
	for i, k := range keys {
		mark := rune(0xE000 + i)
		args[k] = string(mark)
		values[mark] = data[k]
	}
	s, err := r.cat.T(loc, id, args)
	if err != nil {
		return "", err
	}
	for i, k := range keys {
		if !strings.ContainsRune(s, rune(0xE000+i)) {
			return "", leftOut(r, loc, id, data[k])
		}
	}
	rs := []rune(s)
	// edge returns the character a reader sees at rs[j]: for a value, its
	// first (after a space) or last (before one) character.
	edge := func(j int, first bool) rune {
		v, ok := values[rs[j]]
		if !ok {
			return rs[j]
		}
		if v == "" {
			return ' '
		}
		if first {
			c, _ := utf8.DecodeRuneInString(v)
			return c
		}
		c, _ := utf8.DecodeLastRuneInString(v)
		return c
	}
	var b strings.Builder
	for i, c := range rs {
		if v, ok := values[c]; ok {
			b.WriteString(v)
			continue
		}
		if c == ' ' && i > 0 && i+1 < len(rs) && closeSet(edge(i-1, false)) && closeSet(edge(i+1, true)) {
			continue
		}
		b.WriteRune(c)
	}
	return b.String(), nil
}

func leftOut(r *Renderer, loc, id, what string) error {
	o, _ := r.cat.Origin(loc, id)
	return fmt.Errorf("%s: message %q of locale %q leaves out %q: the disclosure of an approved draft must name every reviewer and date", o, id, loc, what)
}

// closeSet reports a character of the scripts written without spaces
// between characters: kanji, kana, CJK punctuation, full-width forms.
func closeSet(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r == 'ー' || r >= 0x3000 && r <= 0x303f || r >= 0xff01 && r <= 0xff60
}
