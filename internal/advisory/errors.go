package advisory

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a record file. Line and Col are 1-based; a zero
// Line means the position is unknown (for example a required field that is
// missing entirely is reported at the position of its parent mapping).
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Error is one located problem in a record file.
type Error struct {
	File  string // path as the user gave it
	Pos   Pos
	Field string // dotted field path such as "actions[1]"; may be empty
	Msg   string
}

// Error formats the problem as "file:line:col: field: message", the form
// editors and CI logs understand.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, max(e.Pos.Col, 1))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one or more files, sorted by file and
// position. Loading collects all problems of a file before giving up, so a
// user fixes them in one pass.
type ErrorList []*Error

// Error joins the problems, one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the list by file, line, column and message.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// errs collects located problems while a file is decoded or validated.
type errs struct {
	file   string
	list   ErrorList
	failed map[string]bool // field paths already reported
}

func (e *errs) add(pos Pos, field, format string, args ...any) {
	e.list = append(e.list, &Error{File: e.file, Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
	if e.failed == nil {
		e.failed = map[string]bool{}
	}
	e.failed[field] = true
}
