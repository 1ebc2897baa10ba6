package advisory

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Positions in record files, and YAML syntax errors turned into located
// errors.

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the problems yaml.v3 reports from its parser (as
// opposed to its scanner). For these it gives the 0-based line of the
// construct being parsed, or no line for the first line; scanner problems
// come with a 1-based line (yaml.v3 decode.go, parser.fail).
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":    true,
	"did not find expected ',' or '}'":    true,
	"did not find expected '-' indicator": true,
	"did not find expected key":           true,
	"did not find expected node content":  true,
	"found undefined tag handle":          true,
}

// isEmptyDoc reports whether a document has no content, as after a
// trailing "---".
func isEmptyDoc(n *yaml.Node) bool {
	return len(n.Content) == 0 || (n.Content[0].Kind == yaml.ScalarNode && n.Content[0].ShortTag() == "!!null" && n.Content[0].Value == "")
}

func yamlError(file string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	// yaml.v3 locates a tab in the indentation at the enclosing block, or
	// not at all: find the tab itself.
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		if p, ok := indentTab(data); ok {
			return &Error{File: file, Pos: p, Msg: "YAML syntax: tab character in the indentation; YAML indents with spaces only"}
		}
	}
	line := 0
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserProblems[msg] {
		line++
	}
	if line == 0 {
		return &Error{File: file, Msg: "YAML syntax: " + msg}
	}
	// yaml.v3 gives no column.
	return &Error{File: file, Pos: Pos{Line: line, Col: 1}, Msg: "YAML syntax: " + msg}
}

// InvalidUTF8 returns the offset of the first byte of b that is not
// valid UTF-8 (0 when b is valid; check with utf8.Valid first).
func InvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// OffsetPos converts a byte offset in b to a line and a column counted in
// characters, as editors count them. Offsets out of range are clamped.
func OffsetPos(b []byte, off int) Pos {
	off = min(max(off, 0), len(b))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	return Pos{Line: line, Col: 1 + utf8.RuneCount(b[start:off])}
}

// indentTab finds the first tab in the leading white space of a line.
func indentTab(data []byte) (Pos, bool) {
	for i, line := range bytes.Split(data, []byte("\n")) {
		for j, c := range line {
			if c == '\t' {
				return Pos{Line: i + 1, Col: j + 1}, true
			}
			if c != ' ' {
				break
			}
		}
	}
	return Pos{}, false
}
