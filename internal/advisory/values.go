package advisory

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Text is text written once per locale, keyed by locale tag ("ja", "en").
type Text map[string]string

// Locales returns the locales the text is written in, sorted.
func (t Text) Locales() []string {
	ls := make([]string, 0, len(t))
	for l := range t {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	return ls
}

// scalar is implemented by record types written as one YAML scalar. parse
// receives the scalar's text and reports what is wrong with it.
type scalar interface {
	parse(s string) error
	schema() map[string]any
}

// Date is a calendar date without time of day or zone.
type Date struct {
	time.Time
}

const dateLayout = "2006-01-02"

var dateShapeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func (d *Date) parse(s string) error {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		if dateShapeRE.MatchString(s) {
			return fmt.Errorf("invalid date %q: not a calendar date", s)
		}
		return fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	d.Time = t
	return nil
}

func (Date) schema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "pattern": `^\d{4}-\d{2}-\d{2}$`}
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return d.Format(dateLayout) }

// MarshalText writes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Priority is how urgently readers must act.
type Priority string

// The priorities, lowest first.
const (
	PriorityLow      Priority = "low"
	PriorityMedium   Priority = "medium"
	PriorityHigh     Priority = "high"
	PriorityCritical Priority = "critical"
)

// Priorities lists every priority, lowest first.
var Priorities = []Priority{PriorityLow, PriorityMedium, PriorityHigh, PriorityCritical}

func (p *Priority) parse(s string) error {
	for _, v := range Priorities {
		if string(v) == s {
			*p = v
			return nil
		}
	}
	return fmt.Errorf("unknown priority %q: want one of %s", s, quoteList(Priorities))
}

func (Priority) schema() map[string]any {
	return map[string]any{"type": "string", "enum": Priorities}
}

// Category is the kind of notice.
type Category string

// The categories.
const (
	CategoryVulnerability Category = "vulnerability"
	CategoryIncident      Category = "incident"
	CategoryMaintenance   Category = "maintenance"
	CategoryEOL           Category = "eol"
	CategoryInfo          Category = "info"
)

// Categories lists every category.
var Categories = []Category{CategoryVulnerability, CategoryIncident, CategoryMaintenance, CategoryEOL, CategoryInfo}

func (c *Category) parse(s string) error {
	for _, v := range Categories {
		if string(v) == s {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("unknown category %q: want one of %s", s, quoteList(Categories))
}

func (Category) schema() map[string]any {
	return map[string]any{"type": "string", "enum": Categories}
}

// RevisionKind is what a revision of a notice is.
type RevisionKind string

// The kinds of revision.
const (
	RevisionUpdate     RevisionKind = "update"     // new information
	RevisionCorrection RevisionKind = "correction" // something the notice said was wrong
)

// RevisionKinds lists every kind of revision.
var RevisionKinds = []RevisionKind{RevisionUpdate, RevisionCorrection}

func (k *RevisionKind) parse(s string) error {
	for _, v := range RevisionKinds {
		if string(v) == s {
			*k = v
			return nil
		}
	}
	return fmt.Errorf("unknown revision kind %q: want one of %s", s, quoteList(RevisionKinds))
}

func (RevisionKind) schema() map[string]any {
	return map[string]any{"type": "string", "enum": RevisionKinds}
}

// DeadlineKind says how a deadline is written.
type DeadlineKind int

// The kinds of deadline.
const (
	DeadlineAsNeeded DeadlineKind = iota // no fixed date: act as needed
	DeadlineDate                         // a fixed date
	DeadlineRelative                     // a number of days after publication
)

// Deadline is when readers must have acted: a date, a span after the
// publication date, or "as-needed".
type Deadline struct {
	Kind DeadlineKind
	Date Date // for DeadlineDate
	Days int  // for DeadlineRelative
	Raw  string
}

// AsNeeded is the keyword for a deadline without a date.
const AsNeeded = "as-needed"

var spanRE = regexp.MustCompile(`^\+([0-9]{1,4})([dw])$`)

func (d *Deadline) parse(s string) error {
	d.Raw = s
	if s == AsNeeded {
		d.Kind = DeadlineAsNeeded
		return nil
	}
	if m := spanRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if m[2] == "w" {
			n *= 7
		}
		if n == 0 || n > 3660 {
			return fmt.Errorf("span %q out of range: want +1d to +3660d", s)
		}
		d.Kind, d.Days = DeadlineRelative, n
		return nil
	}
	if err := d.Date.parse(s); err != nil {
		if dateShapeRE.MatchString(s) {
			return err
		}
		return fmt.Errorf("invalid deadline %q: want a date (YYYY-MM-DD), a span (+14d, +2w) or %s", s, AsNeeded)
	}
	d.Kind = DeadlineDate
	return nil
}

func (Deadline) schema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^(as-needed|\+[0-9]{1,4}[dw]|\d{4}-\d{2}-\d{2})$`,
		"examples": []string{"2026-06-30", "+14d", "+2w", AsNeeded}}
}

// Due returns the deadline's date given the publication date, and false for
// an as-needed deadline.
func (d Deadline) Due(published Date) (Date, bool) {
	switch d.Kind {
	case DeadlineDate:
		return d.Date, true
	case DeadlineRelative:
		return Date{published.AddDate(0, 0, d.Days)}, true
	}
	return Date{}, false
}

// String returns the deadline as written in the record.
func (d Deadline) String() string {
	if d.Raw == "" && d.Kind == DeadlineAsNeeded {
		return AsNeeded
	}
	return d.Raw
}

// MarshalText writes the deadline as written in the record.
func (d Deadline) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func quoteList[T ~string](vs []T) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(string(v))
	}
	return s
}

// UnmarshalText reads a date written as YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error { return d.parse(string(b)) }
