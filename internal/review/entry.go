package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/format"
)

// Action is what a reviewer did.
type Action string

// The actions.
const (
	Approve        Action = "approve"
	RequestChanges Action = "request-changes"
	// Edit: the reviewer saved the record (on the review page). It is no
	// decision, but who edited a version of the record may not approve
	// it: see Compute.
	Edit Action = "edit"
)

// Limits on what a reviewer types.
const (
	MaxNameLength    = 64   // characters in a reviewer name
	MaxCommentLength = 2000 // characters in a comment
)

// Entry is one line of the review log. Fields are written in this order;
// Hash is the SHA-256 (hex) of the entry's line written with Hash empty
// (the "hash" key left out), and Prev is the previous entry's Hash (64
// zeros for the first entry).
type Entry struct {
	Seq        int         `json:"seq"`    // 1, 2, 3 … in file order
	Time       string      `json:"time"`   // RFC 3339, from the injected clock
	Action     Action      `json:"action"` // approve, request-changes or edit
	Record     string      `json:"record"` // the record's id
	Author     string      `json:"author"` // the record's author when the action was taken
	Reviewer   string      `json:"reviewer"`
	Comment    string      `json:"comment"`       // required for request-changes
	Content    string      `json:"content"`       // Snapshot.Hash() of what was reviewed
	RecordHash string      `json:"record_sha256"` // SHA-256 of the record file (Snapshot.Record)
	Drafts     []DraftPart `json:"drafts"`        // Snapshot.Drafts, with the plain text
	// Facts, Revisions and Revised remember the record's facts (see
	// package changes) and its revisions when the action was taken: how
	// many, and the date of the newest. check compares them with the
	// record as it is now (rule revision-missing). Entries written before
	// noticegen kept them have none; the fields are left out of their
	// lines, which read and verify as they were written.
	Facts     *changes.Facts `json:"facts,omitempty"`
	Revisions int            `json:"revisions,omitempty"`
	Revised   string         `json:"revised,omitempty"` // YYYY-MM-DD
	Prev      string         `json:"prev"`
	Hash      string         `json:"hash,omitempty"`
}

// Genesis is the Prev of the first entry.
var Genesis = strings.Repeat("0", 64)

// Snapshot returns the snapshot the entry reviewed.
func (e *Entry) Snapshot() *Snapshot { return &Snapshot{Record: e.RecordHash, Drafts: e.Drafts} }

// When returns the entry's time (zero if it does not parse).
func (e *Entry) When() time.Time {
	t, _ := time.Parse(time.RFC3339, e.Time)
	return t
}

// marshal writes the entry in canonical form: the fields in struct order,
// no insignificant white space, no HTML escaping, no line end.
func (e *Entry) marshal() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		panic(err) // strings, ints and slices of them only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// computeHash returns the SHA-256 of the entry's canonical line without
// its hash.
func (e *Entry) computeHash() string {
	c := *e
	c.Hash = ""
	return sum(c.marshal())
}

// seal sets the entry's Hash and returns its line, with the line feed.
func (e *Entry) seal() []byte {
	e.Hash = e.computeHash()
	return append(e.marshal(), '\n')
}

// check validates an entry's fields on their own (not the chain): what
// a hand-edited or forged line could get wrong even with a correct hash.
func (e *Entry) check() error {
	if _, err := time.Parse(time.RFC3339, e.Time); err != nil {
		return fmt.Errorf("time %q is not an RFC 3339 time", e.Time)
	}
	switch e.Action {
	case Approve, RequestChanges, Edit:
	default:
		return fmt.Errorf("unknown action %q (want approve, request-changes or edit)", e.Action)
	}
	if msg := advisory.ValidID(e.Record); msg != "" {
		return fmt.Errorf("record id %s", msg)
	}
	if strings.TrimSpace(e.Author) == "" {
		return fmt.Errorf("no author")
	}
	if err := CheckName(e.Reviewer); err != nil {
		return err
	}
	if err := CheckComment(e.Action, e.Comment); err != nil {
		return err
	}
	if e.Action == Approve && SameName(e.Reviewer, e.Author) {
		return fmt.Errorf("approval by the record's author %q", e.Author)
	}
	for _, h := range []string{e.Content, e.RecordHash, e.Prev, e.Hash} {
		if !advisory.IsSHA256(h) {
			return fmt.Errorf("%q is not a SHA-256 in lower-case hex", h)
		}
	}
	if len(e.Drafts) == 0 {
		return fmt.Errorf("no drafts")
	}
	if e.Facts != nil {
		if err := e.Facts.Check(); err != nil {
			return fmt.Errorf("facts: %v", err)
		}
	}
	if e.Revisions < 0 || (e.Revisions == 0) != (e.Revised == "") {
		return fmt.Errorf("revisions %d, newest %q: want a count and the date of the newest, or neither", e.Revisions, e.Revised)
	}
	if e.Revised != "" {
		var d advisory.Date
		if err := d.UnmarshalText([]byte(e.Revised)); err != nil {
			return fmt.Errorf("revised: %v", err)
		}
	}
	for i, d := range e.Drafts {
		if !advisory.ValidLocale(d.Locale) || (i > 0 && d.Locale <= e.Drafts[i-1].Locale) {
			return fmt.Errorf("drafts not sorted by locale, or locale %q invalid or repeated", d.Locale)
		}
		hashes := []string{d.Draft, d.Text, d.Markdown, d.HTML, d.JSON}
		for _, ext := range slices.Sorted(maps.Keys(d.More)) {
			h := d.More[ext]
			if f, ok := format.Lookup(ext, format.Hashed()); !ok || f.Ext != ext || d.sumField(ext) != nil {
				return fmt.Errorf("%s: %q is not a format an approval covers", d.Locale, ext)
			}
			hashes = append(hashes, h)
		}
		for _, h := range hashes {
			if !advisory.IsSHA256(h) {
				return fmt.Errorf("%s: %q is not a SHA-256 in lower-case hex", d.Locale, h)
			}
		}
		if sum([]byte(d.Body)) != d.Text {
			return fmt.Errorf("%s: the stored text does not match its hash", d.Locale)
		}
	}
	if got := e.Snapshot().Hash(); got != e.Content {
		return fmt.Errorf("content hash %s does not match the drafts' hashes (%s)", short(e.Content), short(got))
	}
	return nil
}

// CheckName checks a reviewer name: not empty, at most MaxNameLength
// characters, no control or bidirectional control characters, no space
// at either end.
func CheckName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("reviewer name is empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("reviewer name %q is not valid UTF-8", name)
	case utf8.RuneCountInString(name) > MaxNameLength:
		return fmt.Errorf("reviewer name is %d characters long; at most %d", utf8.RuneCountInString(name), MaxNameLength)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("reviewer name %q starts or ends with a space", name)
	}
	for i, r := range name {
		if unicode.IsControl(r) || advisory.IsBidiControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("reviewer name %q has control character %U at character %d", name, r, utf8.RuneCountInString(name[:i])+1)
		}
		// Letters, digits and a few separators only: invisible format
		// characters (zero-width space, joiners) or symbols would let one
		// person pass for two.
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) && !strings.ContainsRune(" .-_@'・", r) {
			return fmt.Errorf("reviewer name %q has character %U at character %d: use letters, digits, spaces and . - _ @ '", name, r, utf8.RuneCountInString(name[:i])+1)
		}
	}
	return nil
}

// CheckComment checks a comment: required (not blank) for request-changes,
// at most MaxCommentLength characters, line feeds and tabs allowed but no
// other control or bidirectional control characters.
func CheckComment(a Action, c string) error {
	if a == RequestChanges && strings.TrimSpace(c) == "" {
		return fmt.Errorf("request-changes needs a comment saying what to change")
	}
	if !utf8.ValidString(c) {
		return fmt.Errorf("comment is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(c); n > MaxCommentLength {
		return fmt.Errorf("comment is %d characters long; at most %d", n, MaxCommentLength)
	}
	for i, r := range c {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || advisory.IsBidiControl(r) {
			return fmt.Errorf("comment has control character %U at character %d", r, utf8.RuneCountInString(c[:i])+1)
		}
	}
	return nil
}

// SameName reports whether two names name the same person: equal after
// compatibility normalisation (NFKC: full-width "ｂｏｂ" is "bob") and Unicode
// case folding ("Suzuki" is "suzuki").
func SameName(a, b string) bool { return foldName(a) == foldName(b) }

// short abbreviates a hash for people: its first 12 hex digits.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// Short abbreviates a hash for display.
func Short(h string) string { return short(h) }
