package review

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// State is where a record stands in review.
type State string

// The states.
const (
	// Draft: not approved, and no changes requested. Approvals of the
	// current content may exist, fewer than required.
	Draft State = "draft"
	// ChangesRequested: the latest decision is a request for changes
	// (no approval after it).
	ChangesRequested State = "changes requested"
	// Approved: enough distinct reviewers approved the current content
	// since the last request for changes.
	Approved State = "approved"
	// Stale: earlier content was approved, but the record or its drafts
	// have changed since and the current content is not approved.
	Stale State = "stale"
)

// Status is the review status of one record.
type Status struct {
	Record   string
	State    State
	Content  string  // the current content hash
	Required int     // approvals required
	Current  []Entry // approvals of the current content that count, oldest first
	// Basis is the entry the state rests on, for a state other than
	// Draft: the request for changes, or the last approval counted
	// (of the current content when Approved, of older content when Stale).
	Basis *Entry
	// Changed is true when Basis reviewed content other than the current
	// one (always for Stale; for ChangesRequested when the record was
	// edited since).
	Changed bool
	Last    *Entry // the record's latest entry, if any
}

// Counts reports whether an approval entry counts for a record whose
// author is now author: not by that author or the author it was given
// for (four-eyes, also against a record whose author field was changed),
// nor by anyone in editors (who saved the record before it, since the
// latest request for changes: they wrote part of what they approved).
func counts(e *Entry, author string, editors map[string]bool) bool {
	return e.Action == Approve && !SameName(e.Reviewer, author) && !SameName(e.Reviewer, e.Author) && !editors[foldName(e.Reviewer)]
}

// editedBy returns the latest edit entry of record by reviewer since the
// record's latest request for changes, or nil: who edited the record may
// not approve it until someone asks for changes again.
func editedBy(entries []Entry, record, reviewer string) *Entry {
	var found *Entry
	for i := range entries {
		e := &entries[i]
		if e.Record != record {
			continue
		}
		switch {
		case e.Action == RequestChanges:
			found = nil
		case e.Action == Edit && SameName(e.Reviewer, reviewer):
			found = e
		}
	}
	return found
}

// LastApproval returns the record's latest approval since its latest
// request for changes (approvals before one no longer count), or nil.
func LastApproval(entries []Entry, record string) *Entry {
	var last *Entry
	for i := range entries {
		e := &entries[i]
		if e.Record != record {
			continue
		}
		switch e.Action {
		case Approve:
			last = e
		case RequestChanges:
			last = nil
		}
	}
	return last
}

// Compute derives a record's status from the log's entries (all records;
// others are ignored), the record's current content hash and author, and
// the number of approvals required (at least 1).
//
// Only entries after the record's latest request for changes matter for
// approval. The current content is Approved when at least required
// distinct reviewers approved it; otherwise, if some earlier content had
// that many approvals, the record is Stale; otherwise, if the latest
// decision is a request for changes, ChangesRequested; else Draft.
func Compute(entries []Entry, record, author, content string, required int) *Status {
	if required < 1 {
		required = 1
	}
	s := &Status{Record: record, State: Draft, Content: content, Required: required}
	var mine []*Entry
	for i := range entries {
		if entries[i].Record == record {
			mine = append(mine, &entries[i])
		}
	}
	if len(mine) == 0 {
		return s
	}
	start := 0
	var request *Entry
	for i, e := range mine {
		if e.Action == RequestChanges {
			start, request = i+1, e
		}
	}
	// Edits are no decisions: Last is the latest decision. An approval
	// does not count when its reviewer saved the record earlier since the
	// latest request for changes (they wrote part of what they approved).
	counted := map[*Entry]bool{}
	editors := map[string]bool{}
	for _, e := range mine[start:] {
		if e.Action == Edit {
			editors[foldName(e.Reviewer)] = true
		}
		counted[e] = counts(e, author, editors)
	}
	for i := len(mine) - 1; i >= 0 && s.Last == nil; i-- {
		if mine[i].Action != Edit {
			s.Last = mine[i]
		}
	}
	// Distinct approvers per content since the last request for changes.
	type tally struct {
		who  map[string]bool
		list []Entry
	}
	by := map[string]*tally{}
	var stale *Entry // the last approval that completed approval of other content
	for _, e := range mine[start:] {
		if !counted[e] {
			continue
		}
		t := by[e.Content]
		if t == nil {
			t = &tally{who: map[string]bool{}}
			by[e.Content] = t
		}
		key := foldName(e.Reviewer)
		if t.who[key] {
			continue
		}
		t.who[key] = true
		t.list = append(t.list, *e)
		if e.Content != content && len(t.list) >= required {
			stale = e
		}
	}
	if t := by[content]; t != nil {
		s.Current = t.list
	}
	switch {
	case len(s.Current) >= required:
		s.State = Approved
		s.Basis = &s.Current[len(s.Current)-1]
	case stale != nil:
		s.State, s.Basis, s.Changed = Stale, stale, true
	case request != nil && !anyCounted(mine[start:], counted):
		s.State, s.Basis, s.Changed = ChangesRequested, request, request.Content != content
	}
	return s
}

func anyCounted(es []*Entry, counted map[*Entry]bool) bool {
	for _, e := range es {
		if counted[e] {
			return true
		}
	}
	return false
}

// foldName maps names that SameName calls equal to one key: each rune
// becomes the smallest rune of its case-folding orbit.
func foldName(n string) string {
	n = norm.NFKC.String(strings.TrimSpace(n))
	return strings.Map(func(r rune) rune {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		return m
	}, strings.TrimSpace(n))
}

// Summary is the state for people: "approved (2/2)", "draft (1/2
// approvals)", "changes requested", "stale".
func (s *Status) Summary() string {
	switch s.State {
	case Approved:
		return fmt.Sprintf("approved (%d/%d)", len(s.Current), s.Required)
	case Draft:
		if len(s.Current) > 0 {
			return fmt.Sprintf("draft (%d/%d approvals)", len(s.Current), s.Required)
		}
	case ChangesRequested:
		if s.Changed {
			return "changes requested (edited since)"
		}
	}
	return string(s.State)
}
