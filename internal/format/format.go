// Package format writes drafts in the output formats: plain text, Markdown
// and JSON (HTML and .eml build on these). Each writer reads only the
// Draft; none re-reads the record or re-runs templates.
package format

import (
	"fmt"
	"strings"
)

// Name is an output format.
type Name string

// The formats render prints.
const (
	Text     Name = "text"
	Markdown Name = "md"
	JSON     Name = "json"
)

// Names lists the formats render accepts.
var Names = []Name{Text, Markdown, JSON}

// Parse returns the format named s.
func Parse(s string) (Name, error) {
	if s == "txt" { // export's name for it, the file extension
		return Text, nil
	}
	for _, n := range Names {
		if string(n) == s {
			return n, nil
		}
	}
	var ns []string
	for _, n := range Names {
		ns = append(ns, string(n))
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(ns, ", "))
}
