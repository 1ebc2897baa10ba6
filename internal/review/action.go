package review

import (
	"fmt"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/config"
)

// Request is a review action to be recorded.
type Request struct {
	Action   Action
	Record   string // the record's id
	Author   string // the record's author, as the record says now
	Reviewer string
	Comment  string
	Snapshot *Snapshot // the content reviewed
	// Facts, Revisions and Revised are what the entry remembers of the
	// record (see Entry); Remember sets them.
	Facts     *changes.Facts
	Revisions int
	Revised   string
}

// Remember sets what the entry will remember of rec: its facts under the
// notice policy its drafts are rendered with (nil: no policy file), and
// how many revisions it has and the date of the newest.
func (r *Request) Remember(rec *advisory.Record, policy *config.Config) {
	r.Facts, r.Revisions, r.Revised = changes.Of(rec, policy), len(rec.Revisions), ""
	if l := rec.Latest(); l != nil {
		r.Revised = l.Date.String()
	}
}

// RefusedError is an action the rules do not allow (four-eyes, a
// duplicate approval, a missing comment, a bad name); nothing was
// recorded.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

func refused(format string, args ...any) error {
	return &RefusedError{fmt.Sprintf(format, args...)}
}

// Validate checks the request on its own, without the log or the
// content: the reviewer's name, the comment (required for
// request-changes), and four-eyes against the record's author.
func (r *Request) Validate() error {
	if r.Action != Approve && r.Action != RequestChanges && r.Action != Edit {
		return fmt.Errorf("unknown action %q", r.Action)
	}
	if err := CheckName(r.Reviewer); err != nil {
		return refused("%v", err)
	}
	if err := CheckComment(r.Action, r.Comment); err != nil {
		return refused("%v", err)
	}
	if r.Action == Approve && SameName(r.Reviewer, r.Author) {
		return refused("%s is the author of %s and cannot approve it (four-eyes): another reviewer must approve it", r.Reviewer, r.Record)
	}
	return nil
}

// allow checks the request against the log: an approval by anyone the
// log records as the record's author is refused, and so is a second
// approval of the same content by the same reviewer (since the last
// request for changes).
func (r *Request) allow(entries []Entry) error {
	if r.Action != Approve {
		return nil
	}
	content := r.Snapshot.Hash()
	for i := range entries {
		e := &entries[i]
		if e.Record != r.Record {
			continue
		}
		if SameName(e.Author, r.Reviewer) {
			return refused("%s is recorded as the author of %s (log entry seq %d) and cannot approve it (four-eyes)", r.Reviewer, r.Record, e.Seq)
		}
	}
	if e := editedBy(entries, r.Record, r.Reviewer); e != nil {
		return refused("%s edited %s (log entry seq %d, %s) and cannot approve it (four-eyes): another reviewer must approve it", r.Reviewer, r.Record, e.Seq, e.Time)
	}
	s := Compute(entries, r.Record, r.Author, content, 1)
	for _, e := range s.Current {
		if SameName(e.Reviewer, r.Reviewer) {
			return refused("%s already approved this content of %s (seq %d, %s); nothing recorded", r.Reviewer, r.Record, e.Seq, e.Time)
		}
	}
	return nil
}

// Record validates the request and appends it to the log, dated now. It
// returns the entry written and the entries before it.
func Record(l *Log, r *Request, now time.Time) (*Entry, []Entry, error) {
	if err := r.Validate(); err != nil {
		return nil, nil, err
	}
	if r.Snapshot == nil {
		return nil, nil, fmt.Errorf("no content to review")
	}
	var before []Entry
	e := Entry{
		Action: r.Action, Record: r.Record, Author: r.Author, Reviewer: r.Reviewer, Comment: r.Comment,
		Content: r.Snapshot.Hash(), RecordHash: r.Snapshot.Record, Drafts: r.Snapshot.Drafts,
		Facts: r.Facts, Revisions: r.Revisions, Revised: r.Revised,
	}
	written, err := l.Append(e, now, func(es []Entry) error {
		before = es
		return r.allow(es)
	})
	return written, before, err
}
