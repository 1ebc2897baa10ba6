// Package render turns an advisory record into a Draft per locale by
// running text/template templates with go-i18n messages. A Draft is plain
// data — subject, ordered sections, disclaimer — that the output formats
// write without re-reading the record or re-running templates. The
// disclaimer is added here, from the locale's messages, whatever the
// template does; so is the disclosure that replaces it on approved,
// send-ready drafts (SendReady).
package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// Draft is one email draft in one locale.
type Draft struct {
	RecordID     string `json:"record_id"`
	Locale       string `json:"locale"`
	Subject      string `json:"subject"`
	SubjectLabel string `json:"subject_label"` // "Subject" / "件名", for plain-text headers
	Disclaimer   string `json:"disclaimer"`
	// TLP is the record's Traffic Light Protocol label as TLP 2.0 writes
	// it ("AMBER+STRICT"), and Marking the line every format shows at the
	// top of the body ("TLP:AMBER — share only …"); both empty for an
	// unmarked record. The subject then starts with the label
	// ("[TLP:AMBER] "), before any other prefix.
	TLP      string    `json:"tlp,omitempty"`
	Marking  string    `json:"marking,omitempty"`
	Lead     []Block   `json:"lead"`
	Sections []Section `json:"sections"`
	Closing  []Block   `json:"closing"`
	// Banner, when set, is a notice every format shows above the draft:
	// the review gate's "not approved" marker. It is not part of the
	// content a reviewer approves, so Hash leaves it out.
	Banner string `json:"banner,omitempty"`
	// Disclosure, when set, is what every format shows in the
	// disclaimer's place: on an approved, send-ready draft, the statement
	// for its recipients that the text was machine-generated and who
	// reviewed it when (see SendReady). The reviewer approved the draft
	// with the disclaimer, so Hash leaves the disclosure out too.
	Disclosure string `json:"disclosure,omitempty"`
}

// Notice returns what the draft is headed by: the disclosure of a
// send-ready draft, else the disclaimer. Every format writes it in the
// same place, and nothing else of the draft depends on which it is.
func (d *Draft) Notice() string {
	if d.Disclosure != "" {
		return d.Disclosure
	}
	return d.Disclaimer
}

// Reviewed returns the draft as a reviewer reads and approves it: without
// the review gate's Banner and without a Disclosure, so headed by the
// disclaimer. d itself is not changed.
func (d *Draft) Reviewed() *Draft {
	if d.Banner == "" && d.Disclosure == "" {
		return d
	}
	c := *d
	c.Banner, c.Disclosure = "", ""
	return &c
}

// Section is a part of the body under a heading. Sections without a
// heading (the priority and deadline lines) are set apart by a blank line.
type Section struct {
	ID      string  `json:"id"`
	Heading string  `json:"heading,omitempty"`
	Blocks  []Block `json:"blocks"`
}

// BlockKind is the kind of a Block.
type BlockKind string

// The kinds of block.
const (
	Paragraph BlockKind = "paragraph" // Text; single line breaks inside are kept
	Bullets   BlockKind = "bullets"   // Items, unordered ("- ")
	Steps     BlockKind = "steps"     // Items, numbered from 1
	Fields    BlockKind = "fields"    // Items, each "Label: Text" on its own line
)

// Block is a paragraph or a list.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Text  string    `json:"text,omitempty"`
	Items []Item    `json:"items,omitempty"`
}

// Item is one entry of a list. Label, when set, is shown before the text
// ("Product: …").
type Item struct {
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
	URL   string `json:"url,omitempty"` // the address the item refers to
}

// SubjectMark returns what the subject starts with for the draft's TLP
// label, "[TLP:AMBER]", or "" for an unmarked draft. Other prefixes (the
// review gate's "not approved") go after it: see SplitSubject.
func (d *Draft) SubjectMark() string {
	if d.TLP == "" {
		return ""
	}
	return "[TLP:" + d.TLP + "]"
}

// SplitSubject returns the subject's TLP mark with the space after it
// ("[TLP:AMBER] ", or "" when unmarked) and the rest of the subject, so
// that a prefix can be put between them: the TLP label comes first in
// every subject.
func (d *Draft) SplitSubject() (mark, rest string) {
	m := d.SubjectMark()
	if m != "" && strings.HasPrefix(d.Subject, m+" ") {
		return m + " ", d.Subject[len(m)+1:]
	}
	return "", d.Subject
}

// Hash returns the SHA-256 of the draft's canonical JSON form, in hex: of
// the draft as reviewed (Reviewed), so without the Banner and Disclosure
// the review gate sets. Any other change to what a reader would see
// changes it.
func (d *Draft) Hash() string {
	b, err := json.Marshal(d.Reviewed())
	if err != nil {
		panic(err) // strings and slices only
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
