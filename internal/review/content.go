// Package review is noticegen's pre-send review: approvals bound to the
// exact content that was approved, four-eyes rules, and an append-only,
// hash-chained audit log.
//
// What is approved is a Snapshot: the SHA-256 of the record file's bytes
// and, for every locale, the SHA-256 of the draft (render.Draft.Hash) and
// of each format writer's output (plain text, Markdown, HTML, JSON). Its
// Hash is the content hash an approval names; any change to the record, a
// template or a locale message that changes any output changes it, and the
// approval becomes stale. The drafts are taken as the reviewer reads them,
// headed by the disclaimer (render.Draft.Reviewed): neither the gate's
// "not approved" banner nor the disclosure that replaces the disclaimer on
// approved, send-ready output is part of what is approved (see Take).
//
// Every review action is one line of a JSON Lines file in the records
// directory (LogName), holding the hash of the previous line, and a small
// head file (HeadName) remembers the last entry so that entries cut from
// the end are noticed too. Appends lock the file, re-read and verify it,
// write the line with one write and fsync it; Verify says which line broke
// the chain. Status derives a record's state (draft, changes requested,
// approved, stale) from the entries and the record's current content.
package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// contentVersion starts the text that Snapshot.Hash hashes; a change to
// what the hash covers must change it.
const contentVersion = "noticegen review content v1"

// DraftPart is what was approved of one locale's draft: the SHA-256 (hex)
// of the draft and of the output of each hashed format of format.Formats,
// and the plain text itself so that a later change can be shown as a diff.
//
// The four formats of content v1 have their own fields, named by
// extension in the log's JSON; a hashed format added to the table later
// is kept in More, by extension (left out of the JSON while empty, so the
// lines of existing logs marshal byte for byte as they were written).
type DraftPart struct {
	Locale   string `json:"locale"`
	Draft    string `json:"draft"` // render.Draft.Hash()
	Text     string `json:"txt"`   // Outputs.Text
	Markdown string `json:"md"`    // Outputs.Markdown
	HTML     string `json:"html"`  // Outputs.HTML
	JSON     string `json:"json"`  // Outputs.JSON()
	// Body is the plain-text draft (the bytes Text is the hash of).
	Body string `json:"text"`
	// More holds the SHA-256 of every other hashed format, by extension.
	More map[string]string `json:"more,omitempty"`
}

// sumField returns the field that holds the SHA-256 of the format with
// extension ext, or nil if it has none of its own (it goes in More).
func (d *DraftPart) sumField(ext string) *string {
	switch ext {
	case "txt":
		return &d.Text
	case "md":
		return &d.Markdown
	case "html":
		return &d.HTML
	case "json":
		return &d.JSON
	}
	return nil
}

// Sum returns the SHA-256 of the format with extension ext, or "" if the
// part has none (a format added after the part was approved).
func (d *DraftPart) Sum(ext string) string {
	if f := d.sumField(ext); f != nil {
		return *f
	}
	return d.More[ext]
}

func (d *DraftPart) setSum(ext, v string) {
	if f := d.sumField(ext); f != nil {
		*f = v
		return
	}
	if d.More == nil {
		d.More = map[string]string{}
	}
	d.More[ext] = v
}

// Snapshot is the content of a record as a reviewer sees it: the record
// file and every rendered draft.
type Snapshot struct {
	Record string      // SHA-256 (hex) of the record file's bytes
	Drafts []DraftPart // sorted by locale, one per locale
}

// Take builds the snapshot of a record from its file's bytes and its drafts
// in every configured locale. Each draft is written in every format, by
// format.HTML.Outputs, the same function export writes its files with, as
// the reviewer reads it (render.Draft.Reviewed): headed by the disclaimer,
// without the gate's "not approved" Banner and without the Disclosure that
// replaces the disclaimer once the draft is approved, neither of which is
// content. html writes the HTML form (it reads the template layers).
//
// So the approval of a draft covers every byte of every format but the
// disclaimer's slot, which export fills with the disclosure after the gate
// has checked the approval against this snapshot.
func Take(record []byte, drafts []*render.Draft, html *format.HTML) (*Snapshot, error) {
	outs := make([]*format.Outputs, len(drafts))
	for i, d := range drafts {
		var err error
		if outs[i], err = html.Outputs(d.Reviewed()); err != nil {
			return nil, fmt.Errorf("%s (%s): %w", d.RecordID, d.Locale, err)
		}
	}
	return FromOutputs(record, drafts, outs)
}

// FromOutputs is Take for drafts already written in every format: outs[i]
// must be format.HTML.Outputs of drafts[i].Reviewed(). A caller that shows
// the outputs (the review page) renders them once for both.
func FromOutputs(record []byte, drafts []*render.Draft, outs []*format.Outputs) (*Snapshot, error) {
	if len(drafts) == 0 {
		return nil, fmt.Errorf("no drafts to snapshot")
	}
	if len(outs) != len(drafts) {
		return nil, fmt.Errorf("%d drafts but %d outputs", len(drafts), len(outs))
	}
	s := &Snapshot{Record: sum(record)}
	seen := map[string]bool{}
	for i, d := range drafts {
		if !advisory.ValidLocale(d.Locale) {
			return nil, fmt.Errorf("draft locale %q is not a language tag", d.Locale)
		}
		if seen[d.Locale] {
			return nil, fmt.Errorf("two drafts in locale %q", d.Locale)
		}
		seen[d.Locale] = true
		o := outs[i]
		p := DraftPart{Locale: d.Locale, Draft: d.Hash(), Body: string(o.Text)}
		for _, f := range format.Hashed() {
			p.setSum(f.Ext, sum(f.Of(o)))
		}
		s.Drafts = append(s.Drafts, p)
	}
	sort.Slice(s.Drafts, func(i, j int) bool { return s.Drafts[i].Locale < s.Drafts[j].Locale })
	return s, nil
}

// Hash returns the content hash, the SHA-256 (lower-case hex) of the text
//
//	noticegen review content v1
//	record <SHA-256 of the record file>
//	<locale> draft <render.Draft.Hash()>
//	<locale> txt <SHA-256 of the plain text>
//	<locale> md <SHA-256 of the Markdown>
//	<locale> html <SHA-256 of the HTML document>
//	<locale> json <SHA-256 of the JSON>
//
// with the lines per locale repeated for each locale in sorted order,
// every line ending in a line feed: after the draft line, one line
// "<locale> <extension> <SHA-256>" for each hashed format of
// format.Formats, in table order, that the part has a hash of (a part
// approved before a format was added has none, and its hash is what it
// was). The plain text itself (Body) is not hashed again: its hash is. An
// .eml message is not covered as such: its bodies are the plain text and
// HTML forms, and its headers come from the mail settings and the clock,
// not from the record.
func (s *Snapshot) Hash() string {
	var b strings.Builder
	b.WriteString(contentVersion + "\n")
	fmt.Fprintf(&b, "record %s\n", s.Record)
	for _, d := range s.Drafts {
		fmt.Fprintf(&b, "%s draft %s\n", d.Locale, d.Draft)
		for _, f := range format.Hashed() {
			if h := d.Sum(f.Ext); h != "" {
				fmt.Fprintf(&b, "%s %s %s\n", d.Locale, f.Ext, h)
			}
		}
	}
	return sum([]byte(b.String()))
}

// Changes lists what differs between an earlier snapshot and s: "record"
// for the record file, "<locale>.<format>" for an output, "<locale>" for a
// locale added or removed. It is empty when the content hashes are equal.
func (s *Snapshot) Changes(old *Snapshot) []string {
	var out []string
	if old.Record != s.Record {
		out = append(out, "record file")
	}
	olds := map[string]DraftPart{}
	for _, d := range old.Drafts {
		olds[d.Locale] = d
	}
	for _, d := range s.Drafts {
		o, ok := olds[d.Locale]
		delete(olds, d.Locale)
		if !ok {
			out = append(out, d.Locale+" (new locale)")
			continue
		}
		for _, f := range format.Hashed() {
			if o.Sum(f.Ext) != d.Sum(f.Ext) {
				out = append(out, d.Locale+"."+f.Ext)
			}
		}
	}
	var gone []string
	for l := range olds {
		gone = append(gone, l+" (locale removed)")
	}
	sort.Strings(gone)
	return append(out, gone...)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
