package lint

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Severity says whether a finding blocks a record.
type Severity string

// The severities.
const (
	Error   Severity = "error"   // the record must not be sent as it is
	Warning Severity = "warning" // worth a look; fails only in strict mode
)

// Finding is one problem found in a record or its drafts.
type Finding struct {
	File     string
	Pos      advisory.Pos // zero Line: about the file or a draft as a whole
	Severity Severity
	Rule     string
	Msg      string
}

// String formats the finding as "path:line:col: severity: message [rule]",
// the form editors and CI logs understand; without a line it is
// "path: severity: message [rule]".
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", f.Pos.Line, max(f.Pos.Col, 1))
	}
	fmt.Fprintf(&b, ": %s: %s [%s]", f.Severity, f.Msg, f.Rule)
	return b.String()
}

// jsonFinding is the JSON form of a Finding: flat, with the fields named
// as noticegen check --format json documents them.
type jsonFinding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// MarshalJSON writes the finding as {"file", "line", "col", "severity",
// "rule", "message"}; line and col are 0 when the finding has no position.
func (f Finding) MarshalJSON() ([]byte, error) {
	col := f.Pos.Col
	if f.Pos.Line > 0 {
		col = max(col, 1)
	}
	return json.Marshal(jsonFinding{f.File, f.Pos.Line, col, f.Severity, f.Rule, f.Msg})
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var j jsonFinding
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Finding{File: j.File, Pos: advisory.Pos{Line: j.Line, Col: j.Col}, Severity: j.Severity, Rule: j.Rule, Msg: j.Message}
	return nil
}

// HasErrors reports whether fs holds an error, or, when strict, any
// finding at all.
func HasErrors(fs []Finding, strict bool) bool {
	for _, f := range fs {
		if f.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Sort orders findings by file, line, column, rule and message, the order
// CheckFile and CheckRecord return them in; use it on the findings of
// several files.
func Sort(fs []Finding) { sortFindings(fs) }

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Pos.Line != b.Pos.Line:
			return a.Pos.Line < b.Pos.Line
		case a.Pos.Col != b.Pos.Col:
			return a.Pos.Col < b.Pos.Col
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Msg < b.Msg
	})
}

// dedupe removes repeated findings from a sorted list.
func dedupe(fs []Finding) []Finding {
	out := fs[:0]
	for i, f := range fs {
		if i == 0 || f != fs[i-1] {
			out = append(out, f)
		}
	}
	return out
}
