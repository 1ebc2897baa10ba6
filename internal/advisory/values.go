package advisory

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
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
	DeadlineDate                         // a fixed date, with or without a time of day
	DeadlineRelative                     // a span of days or business days after publication
	DeadlinePolicy                       // the policy file's SLA for the record's priority
)

// Deadline is when readers must have acted, as the record writes it: a
// date (2026-06-30), a date with a time of day and its zone
// (2026-05-11T17:00+09:00), a span after the publication date (+14d, +2w,
// +5bd), "policy" or "as-needed". What it comes to needs the notice
// policy (the team calendar and the SLA): internal/due resolves it.
type Deadline struct {
	Kind DeadlineKind
	// Date is the day of a DeadlineDate, as written (in the zone written
	// when there is a time).
	Date Date
	// At is the instant of a DeadlineDate written with a time of day, in
	// the zone written (a fixed zone of that offset); zero for a date
	// alone.
	At time.Time
	// Span is the time after publication of a DeadlineRelative.
	Span Span
	Raw  string
}

// The keywords of the deadlines without a date.
const (
	AsNeeded = "as-needed" // no fixed date
	Policy   = "policy"    // the policy file's SLA for the priority
)

var (
	spanRE         = regexp.MustCompile(`^\+([0-9]{1,4})(d|w|bd)$`)
	unsignedSpanRE = regexp.MustCompile(`^([0-9]{1,4})(d|w|bd)$`)
	// clockRE is what follows the date and the T of a deadline with a
	// time: HH:MM, optional :SS, and the zone.
	clockRE = regexp.MustCompile(`^([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?$`)
)

// maxOffset is the largest offset from UTC of any time zone in use
// (UTC+14:00, Kiribati; the most westerly is UTC-12:00).
const maxOffset = 14 * 60

const deadlineForms = "want a date (YYYY-MM-DD), a date and time with its zone (2026-05-11T17:00+09:00), " +
	"a span after publication (+14d, +2w, +5bd), " + Policy + " or " + AsNeeded

func (d *Deadline) parse(s string) error {
	d.Raw = s
	switch s {
	case AsNeeded:
		d.Kind = DeadlineAsNeeded
		return nil
	case Policy:
		d.Kind = DeadlinePolicy
		return nil
	}
	if m := spanRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		sp := Span{Days: n, Business: m[2] == "bd"}
		if m[2] == "w" {
			sp.Days *= 7
		}
		if sp.Days == 0 || sp.Days > MaxSpanDays {
			unit := "d"
			if sp.Business {
				unit = "bd"
			}
			return fmt.Errorf("span %q out of range: want +1%s to +%d%s", s, unit, MaxSpanDays, unit)
		}
		d.Kind, d.Span = DeadlineRelative, sp
		return nil
	}
	if unsignedSpanRE.MatchString(s) {
		return fmt.Errorf("invalid deadline %q: a span after publication starts with +: write +%s", s, s)
	}
	if len(s) > len(dateLayout) && dateShapeRE.MatchString(s[:len(dateLayout)]) {
		return d.parseDateTime(s)
	}
	if err := d.Date.parse(s); err != nil {
		if dateShapeRE.MatchString(s) {
			return err
		}
		return fmt.Errorf("invalid deadline %q: %s", s, deadlineForms)
	}
	d.Kind = DeadlineDate
	return nil
}

// parseDateTime reads a date with a time of day and its zone, as RFC 3339
// writes them, to the minute: 2026-05-11T17:00+09:00, 2026-05-11T08:00Z
// (seconds, when written, must be :00). A time without a zone is refused:
// 17:00 in Tokyo and 17:00 in London are nine hours apart.
func (d *Deadline) parseDateTime(s string) error {
	day, sep, rest := s[:len(dateLayout)], s[len(dateLayout)], s[len(dateLayout)+1:]
	if err := d.Date.parse(day); err != nil {
		return err
	}
	if sep != 'T' {
		if up := strings.ToUpper(rest); (sep == ' ' || sep == 't') && clockRE.MatchString(up) {
			want := day + "T" + up
			if m := clockRE.FindStringSubmatch(up); m[4] == "" {
				return fmt.Errorf("invalid deadline %q: write T between the date and the time, and add the zone: %s+09:00 (Japan) or %sZ (UTC)", s, want, want)
			}
			return fmt.Errorf("invalid deadline %q: write T between the date and the time: %s", s, want)
		}
		return fmt.Errorf("invalid deadline %q: %s", s, deadlineForms)
	}
	m := clockRE.FindStringSubmatch(rest)
	switch {
	case m == nil && clockRE.MatchString(strings.ToUpper(rest)):
		return fmt.Errorf("invalid deadline %q: write the zone in upper case: %sT%s", s, day, strings.ToUpper(rest))
	case m == nil:
		return fmt.Errorf("invalid deadline %q: want the time as HH:MM followed by its zone, as in %sT17:00+09:00 (Japan) or %sT08:00Z (UTC)", s, day, day)
	case m[4] == "":
		return fmt.Errorf("deadline %q has a time but no time zone: add the offset, as in %s+09:00 (Japan) or %sZ (UTC)", s, s, s)
	}
	hour, _ := strconv.Atoi(m[1])
	minute, _ := strconv.Atoi(m[2])
	if hour > 23 || minute > 59 {
		return fmt.Errorf("invalid deadline %q: %s:%s is not a time of day (00:00 to 23:59)", s, m[1], m[2])
	}
	if m[3] != "" && m[3] != "00" {
		return fmt.Errorf("invalid deadline %q: a deadline is given to the minute: leave out the seconds", s)
	}
	offset := 0
	if z := m[4]; z != "Z" {
		oh, _ := strconv.Atoi(z[1:3])
		om, _ := strconv.Atoi(z[4:6])
		offset = oh*60 + om
		if z == "-00:00" {
			return fmt.Errorf("invalid deadline %q: -00:00 says the offset is unknown: write Z for UTC, or the zone's offset", s)
		}
		if om > 59 || offset > maxOffset {
			return fmt.Errorf("invalid deadline %q: %s is not a time zone offset (-12:00 to +14:00)", s, z)
		}
		if z[0] == '-' {
			offset = -offset
		}
	}
	y, mo, dd := d.Date.Date()
	d.Kind = DeadlineDate
	d.At = time.Date(y, mo, dd, hour, minute, 0, 0, time.FixedZone("", offset*60))
	return nil
}

// HasTime reports a DeadlineDate written with a time of day.
func (d Deadline) HasTime() bool { return !d.At.IsZero() }

func (Deadline) schema() map[string]any {
	return map[string]any{"type": "string",
		"pattern":  `^(as-needed|policy|\+[0-9]{1,4}(d|w|bd)|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:00)?(Z|[+-]\d{2}:\d{2}))?)$`,
		"examples": []string{"2026-06-30", "2026-05-11T17:00+09:00", "+14d", "+2w", "+5bd", Policy, AsNeeded}}
}

// String returns the deadline as written in the record.
func (d Deadline) String() string {
	if d.Raw == "" && d.Kind == DeadlineAsNeeded {
		return AsNeeded
	}
	return d.Raw
}

// ParseDeadline reads a deadline as a record writes it (String gives it
// back).
func ParseDeadline(s string) (Deadline, error) {
	var d Deadline
	err := d.parse(s)
	return d, err
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
