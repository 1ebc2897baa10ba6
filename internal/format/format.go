// Package format writes drafts in the output formats: plain text, Markdown
// and JSON (HTML and .eml build on these). Each writer reads only the
// Draft; none re-reads the record or re-runs templates.
package format

import (
	"io"

	"github.com/noticegen/noticegen/internal/render"
)

// Name is an output format, as render's --format names it.
type Name string

// The formats.
const (
	Text     Name = "text"
	Markdown Name = "md"
	HTMLMail Name = "html"
	EML      Name = "eml"
	JSON     Name = "json"
)

// Format is one output format: a row of Formats.
type Format struct {
	Name  Name   // render's name for it
	Ext   string // the extension of export's files; also accepted as its name
	Label string // for people (the review page's tabs)
	// Of returns a draft's bytes in this format from its Outputs. It is
	// nil for eml, whose message the mail package builds from
	// Outputs.TextBody and Outputs.HTML with the mail settings.
	Of func(*Outputs) []byte
	// Hashed: a review approval covers the format. The content hash has a
	// line "<locale> <Ext> <SHA-256 of Of>" for it (see review.Snapshot).
	// A new hashed format changes every content hash, so approvals given
	// before it existed become stale.
	Hashed bool
	// Printed: render prints it on stdout, each draft's Of bytes after a
	// separator line, or, when All is set, all drafts as one document.
	Printed bool
	All     func(w io.Writer, drafts []*render.Draft) error
}

// Formats is the one table of output formats, in the order export writes
// them and the content hash lists them. render, export, review and the
// review page all read it: a new format is a row here (its writer in
// Outputs) and its goldens.
var Formats = []Format{
	{Name: Text, Ext: "txt", Label: "Plain text", Of: func(o *Outputs) []byte { return o.Text }, Hashed: true, Printed: true},
	{Name: Markdown, Ext: "md", Label: "Markdown", Of: func(o *Outputs) []byte { return o.Markdown }, Hashed: true, Printed: true},
	{Name: HTMLMail, Ext: "html", Label: "HTML mail", Of: func(o *Outputs) []byte { return o.HTML }, Hashed: true},
	{Name: EML, Ext: "eml", Label: ".eml source"},
	{Name: JSON, Ext: "json", Label: "JSON", Of: func(o *Outputs) []byte { return o.JSON() }, Hashed: true, Printed: true, All: WriteJSON},
}

// Lookup returns the format of in named s, by its name or its extension
// ("text" and "txt" are both plain text).
func Lookup(s string, in []Format) (Format, bool) {
	for _, f := range in {
		if string(f.Name) == s || f.Ext == s {
			return f, true
		}
	}
	return Format{}, false
}

// Printed returns the formats render prints, in table order.
func Printed() []Format {
	var out []Format
	for _, f := range Formats {
		if f.Printed {
			out = append(out, f)
		}
	}
	return out
}

// Hashed returns the formats review approvals cover, in table order.
func Hashed() []Format {
	var out []Format
	for _, f := range Formats {
		if f.Hashed {
			out = append(out, f)
		}
	}
	return out
}
