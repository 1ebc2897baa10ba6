package advisory

import (
	"fmt"
	"regexp"
	"strconv"
)

// The value types of the notice policy (noticegen.yaml, internal/config):
// spans of days or business days, and periods of days. They live here so
// that the policy file is decoded by the same strict decoder as records.

// Span is a length of time counted from a day: a number of calendar days
// (14d, or weeks: 2w = 14d) or of business days (5bd). Written with or
// without a leading "+".
type Span struct {
	// Days is the number of days (weeks already multiplied out).
	Days int
	// Business says Days counts business days, not calendar days.
	Business bool
}

var spanValueRE = regexp.MustCompile(`^\+?([0-9]{1,4})(d|w|bd)$`)

// MaxSpanDays is the longest span accepted, in days: ten years.
const MaxSpanDays = 3660

// ParseSpan reads a span: 14d, +14d, 2w, 5bd.
func ParseSpan(s string) (Span, error) {
	m := spanValueRE.FindStringSubmatch(s)
	if m == nil {
		return Span{}, fmt.Errorf("invalid span %q: want a number of days (14d), weeks (2w) or business days (5bd)", s)
	}
	n, _ := strconv.Atoi(m[1])
	sp := Span{Days: n, Business: m[2] == "bd"}
	if m[2] == "w" {
		sp.Days *= 7
	}
	if sp.Days == 0 || sp.Days > MaxSpanDays {
		return Span{}, fmt.Errorf("span %q out of range: want 1 to %d days", s, MaxSpanDays)
	}
	return sp, nil
}

func (s *Span) parse(v string) error {
	sp, err := ParseSpan(v)
	if err != nil {
		return err
	}
	*s = sp
	return nil
}

func (Span) schema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^\+?[0-9]{1,4}(d|w|bd)$`, "examples": []string{"2bd", "5bd", "14d", "2w"}}
}

// IsZero reports a span that was not given.
func (s Span) IsZero() bool { return s.Days == 0 }

// String writes the span in days or business days: 14d, 5bd.
func (s Span) String() string {
	if s.Business {
		return strconv.Itoa(s.Days) + "bd"
	}
	return strconv.Itoa(s.Days) + "d"
}

// MarshalText writes the span as String does.
func (s Span) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Period is a run of days, both ends included: written as a single date
// (2026-05-01) or as a mapping with from, to and an optional name
// ({from: 2026-12-29, to: 2027-01-03, name: 年末年始休業}).
type Period struct {
	From Date   `yaml:"from" req:"true" doc:"The first day (YYYY-MM-DD)."`
	To   Date   `yaml:"to" req:"true" doc:"The last day, included (YYYY-MM-DD)."`
	Name string `yaml:"name" check:"line" doc:"What the period is (shown in warnings)."`
}

// parseShort reads the one-date form.
func (p *Period) parseShort(s string) error {
	var d Date
	if err := d.parse(s); err != nil {
		return fmt.Errorf("%v (or a mapping with from and to)", err)
	}
	p.From, p.To = d, d
	return nil
}

// shorthand is implemented by struct types that may also be written as one
// scalar (Period: a single date).
type shorthand interface {
	parseShort(s string) error
}
