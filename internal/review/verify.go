package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
)

// MaxClockSkew is how far in the future an entry may be dated before
// Verify calls it an entry from the future: clocks of the machines that
// share a log differ a little.
const MaxClockSkew = 5 * time.Minute

// Head is the content of the head file: the last entry written.
type Head struct {
	Seq  int    `json:"seq"`
	Hash string `json:"hash"`
}

// ChainError is a broken log: Line (1-based, 0 for the log as a whole)
// and Seq (0 if unknown) say which entry broke the chain.
type ChainError struct {
	Path string
	Line int
	Seq  int
	Msg  string
}

func (e *ChainError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Seq > 0 {
		fmt.Fprintf(&b, "entry seq %d: ", e.Seq)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Verify parses a log's bytes and checks every entry and the chain: each
// line is one entry in canonical form; seq counts 1, 2, 3 …; each prev is
// the previous entry's hash; each hash is the entry's own; fields are
// valid; no entry is dated after now (plus MaxClockSkew). head, when not
// nil, must be the last entry or the one before it (a crash between the
// log's write and the head's leaves the head one behind); a head that is
// nil while the log has entries, or that names an entry the log does not
// hold, means entries were cut from the end. path names the log in errors.
func Verify(path string, data []byte, head *Head, now time.Time) ([]Entry, error) {
	var entries []Entry
	fail := func(line, seq int, format string, args ...any) ([]Entry, error) {
		return entries, &ChainError{Path: path, Line: line, Seq: seq, Msg: fmt.Sprintf(format, args...)}
	}
	prev := Genesis
	rest := data
	for line := 1; len(rest) > 0; line++ {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return fail(line, 0, "incomplete last line (no line end): the log was truncated or a write was cut short")
		}
		raw := rest[:i]
		rest = rest[i+1:]
		want := len(entries) + 1
		if len(bytes.TrimSpace(raw)) == 0 {
			return fail(line, 0, "blank line; every line must be an entry")
		}
		var e Entry
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil || dec.More() {
			if err == nil {
				err = fmt.Errorf("text after the entry")
			}
			return fail(line, 0, "not a log entry (corrupted line): %v", err)
		}
		if !bytes.Equal(e.marshal(), raw) {
			return fail(line, e.Seq, "not in the form noticegen writes (the line was edited)")
		}
		if e.Seq != want {
			return fail(line, e.Seq, "out of sequence: want seq %d here; entries were deleted, inserted or reordered", want)
		}
		if e.Prev != prev {
			return fail(line, e.Seq, "prev is %s, but the previous entry's hash is %s: the chain is broken here (an entry before it was changed, deleted or inserted)", short(e.Prev), short(prev))
		}
		if h := e.computeHash(); e.Hash != h {
			return fail(line, e.Seq, "hash is %s, but the entry hashes to %s: the entry was edited after it was written", short(e.Hash), short(h))
		}
		if err := e.check(); err != nil {
			return fail(line, e.Seq, "%v", err)
		}
		if t := e.When(); t.After(now.Add(MaxClockSkew)) {
			return fail(line, e.Seq, "dated %s, after the current time %s: an entry from the future (a wrong clock, or a forged entry)", e.Time, now.Format(time.RFC3339))
		}
		entries = append(entries, e)
		prev = e.Hash
	}
	n := len(entries)
	switch {
	case head == nil && n > 0:
		return fail(0, 0, "the head file %s is missing, so entries cut from the end cannot be ruled out; restore it (e.g. from version control)", HeadName)
	case head == nil:
	case head.Seq > n:
		return fail(0, 0, "the log ends at seq %d but the head file records seq %d: entries were cut from the end (truncated)", n, head.Seq)
	case head.Seq < n-1:
		return fail(0, 0, "the head file records seq %d but the log has %d entries: the head file is stale or the log was extended by hand", head.Seq, n)
	case entries[head.Seq-1].Hash != head.Hash:
		return fail(head.Seq, head.Seq, "hash %s differs from the one the head file records (%s): the log was rewritten", short(entries[head.Seq-1].Hash), short(head.Hash))
	}
	return entries, nil
}

// parseHead parses the head file's bytes.
func parseHead(path string, data []byte) (*Head, error) {
	var h Head
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil || h.Seq < 1 || !advisory.IsSHA256(h.Hash) {
		return nil, &ChainError{Path: path, Msg: "corrupted head file"}
	}
	return &h, nil
}
