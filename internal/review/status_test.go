package review

import (
	"errors"
	"strings"
	"testing"
)

func TestStatusTransitions(t *testing.T) {
	k := stdKit(t)
	data := seedBytes(t)
	_, v1 := k.snap(t, data)
	_, v2 := k.snap(t, edit(t, data, "deadline: as-needed", "deadline: 2026-06-30"))
	l := Open(t.TempDir())
	const author = "secops-digest"
	status := func(s *Snapshot, required int) *Status {
		t.Helper()
		es, err := l.Read(at(100))
		if err != nil {
			t.Fatal(err)
		}
		return Compute(es, seedID, author, s.Hash(), required)
	}
	expect := func(step string, s *Snapshot, required int, want State, summary string) *Status {
		t.Helper()
		st := status(s, required)
		if st.State != want || st.Summary() != summary {
			t.Errorf("%s: %s (%s), want %s (%s)", step, st.State, st.Summary(), want, summary)
		}
		return st
	}

	expect("no entries", v1, 1, Draft, "draft")
	record(t, l, RequestChanges, v1, "suzuki", "deadline?", at(1))
	st := expect("changes requested", v1, 1, ChangesRequested, "changes requested")
	if st.Basis.Reviewer != "suzuki" || st.Basis.Comment != "deadline?" || st.Changed {
		t.Errorf("basis %+v", st.Basis)
	}
	expect("edited after the request", v2, 1, ChangesRequested, "changes requested (edited since)")

	record(t, l, Approve, v2, "suzuki", "fixed", at(2))
	expect("approved", v2, 1, Approved, "approved (1/1)")
	expect("one of two approvals", v2, 2, Draft, "draft (1/2 approvals)")
	expect("the old content is not approved", v1, 1, Stale, "stale")

	// The same reviewer under another case does not count twice.
	if _, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: author, Reviewer: "Suzuki", Snapshot: v2}, at(3)); err == nil {
		t.Error("second approval by the same reviewer accepted")
	}
	record(t, l, Approve, v2, "sato", "", at(3))
	st = expect("two approvals", v2, 2, Approved, "approved (2/2)")
	if len(st.Current) != 2 || st.Basis.Reviewer != "sato" || st.Last.Seq != 3 {
		t.Errorf("status %+v", st)
	}

	// The record changes: stale, with the approvals of the old content as basis.
	st = expect("edited after approval", v1, 1, Stale, "stale")
	if !st.Changed || st.Basis.Content != v2.Hash() {
		t.Errorf("stale basis %+v", st.Basis)
	}

	// A later request for changes puts an approved record back.
	record(t, l, RequestChanges, v2, "kato", "wait", at(4))
	expect("request after approval", v2, 1, ChangesRequested, "changes requested")
	record(t, l, Approve, v2, "kato", "", at(5))
	expect("approved again after the request", v2, 1, Approved, "approved (1/1)")
	expect("approvals before the request no longer count", v2, 2, Draft, "draft (1/2 approvals)")

	// Other records' entries are ignored.
	if st := Compute(mustRead(t, l), "other", author, v2.Hash(), 1); st.State != Draft || st.Last != nil {
		t.Errorf("other record: %+v", st)
	}
	// An approval by someone who is now the record's author does not count.
	if st := Compute(mustRead(t, l), seedID, "kato", v2.Hash(), 1); st.State != ChangesRequested {
		t.Errorf("author's own approval counted: %s", st.Summary())
	}
}

func mustRead(t *testing.T, l *Log) []Entry {
	t.Helper()
	es, err := l.Read(at(100))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestFourEyesAndInput(t *testing.T) {
	_, s := stdKit(t).snap(t, seedBytes(t))
	l := Open(t.TempDir())
	req := func(a Action, reviewer, author, comment string) error {
		_, _, err := Record(l, &Request{Action: a, Record: seedID, Author: author, Reviewer: reviewer, Comment: comment, Snapshot: s}, t0)
		return err
	}
	for _, c := range []struct {
		name                      string
		action                    Action
		reviewer, author, comment string
		want                      string
	}{
		{"author approves", Approve, "secops-digest", "secops-digest", "", "secops-digest is the author of " + seedID + " and cannot approve it"},
		{"author in other case", Approve, "SecOps-Digest", "secops-digest", "", "cannot approve it"},
		{"request without comment", RequestChanges, "suzuki", "a", " \n ", "request-changes needs a comment"},
		{"empty name", Approve, "", "a", "", "reviewer name is empty"},
		{"control character", Approve, "suzuki\x1b[31m", "a", "", `control character U+001B at character 7`},
		{"line break", Approve, "suzuki\nsato", "a", "", `control character U+000A`},
		{"bidi override", Approve, "suzuki\u202e", "a", "", `control character U+202E`},
		{"spaces", Approve, " suzuki", "a", "", "starts or ends with a space"},
		{"too long", Approve, strings.Repeat("あ", MaxNameLength+1), "a", "", "at most 64"},
		{"comment with escape", Approve, "suzuki", "a", "ok\x1b]0;x\x07", "comment has control character U+001B"},
		{"comment too long", Approve, "suzuki", "a", strings.Repeat("x", MaxCommentLength+1), "at most 2000"},
	} {
		err := req(c.action, c.reviewer, c.author, c.comment)
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if es := mustRead(t, l); len(es) != 0 {
		t.Fatalf("refused actions were recorded: %d entries", len(es))
	}

	// Someone the log records as the record's author cannot approve it,
	// even after the record names another author.
	if err := req(RequestChanges, "suzuki", "tanaka", "typo"); err != nil {
		t.Fatal(err)
	}
	if err := req(Approve, "tanaka", "mallory", ""); err == nil || !strings.Contains(err.Error(), "tanaka is recorded as the author of "+seedID+" (log entry seq 1)") {
		t.Errorf("error %v", err)
	}
	// Japanese names and comments are fine.
	if err := req(Approve, "鈴木 一郎", "tanaka", "確認しました。\n問題ありません。"); err != nil {
		t.Error(err)
	}
}

// TestEdits: an edit is no decision, but who edited the record since the
// latest request for changes cannot approve it (refused, and an approval
// given before the edit no longer counts); others can; a request for
// changes clears the bar.
func TestEdits(t *testing.T) {
	k := stdKit(t)
	data := seedBytes(t)
	_, v1 := k.snap(t, data)
	_, v2 := k.snap(t, edit(t, data, "deadline: as-needed", "deadline: 2026-06-30"))
	l := Open(t.TempDir())
	const author = "secops-digest"
	status := func(s *Snapshot, required int) *Status {
		t.Helper()
		es, err := l.Read(at(100))
		if err != nil {
			t.Fatal(err)
		}
		return Compute(es, seedID, author, s.Hash(), required)
	}
	record(t, l, Approve, v1, "suzuki", "", at(1))
	record(t, l, Edit, v2, "suzuki", "", at(2))
	if st := status(v2, 1); st.State != Stale || st.Last.Action != Approve {
		t.Errorf("after an edit: %s, last %s", st.State, st.Last.Action)
	}
	_, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: author, Reviewer: "SUZUKI", Snapshot: v2}, at(3))
	var refusal *RefusedError
	if !errors.As(err, &refusal) || !strings.Contains(err.Error(), "edited") {
		t.Fatalf("the editor's approval: %v", err)
	}
	record(t, l, Approve, v2, "sato", "", at(4))
	if st := status(v2, 1); st.State != Approved {
		t.Errorf("another reviewer's approval: %s", st.State)
	}
	// sato edits to v3: sato's approval was of v2, so v3 is stale; and
	// sato can no longer approve.
	_, v3 := k.snap(t, edit(t, data, "deadline: as-needed", "deadline: 2026-07-31"))
	record(t, l, Edit, v3, "sato", "", at(5))
	if st := status(v3, 1); st.State != Stale {
		t.Errorf("after sato's edit: %s", st.Summary())
	}
	if _, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: author, Reviewer: "sato", Snapshot: v3}, at(5)); err == nil {
		t.Error("sato approved after editing")
	}
	record(t, l, RequestChanges, v3, "tanaka", "please check", at(6))
	record(t, l, Approve, v3, "sato", "", at(7))
	if st := status(v3, 1); st.State != Approved {
		t.Errorf("after a request for changes: %s", st.Summary())
	}
}

func TestLastApproval(t *testing.T) {
	es := []Entry{
		{Seq: 1, Record: "a", Action: Approve},
		{Seq: 2, Record: "b", Action: Approve},
		{Seq: 3, Record: "a", Action: Edit},
		{Seq: 4, Record: "a", Action: Approve},
		{Seq: 5, Record: "b", Action: RequestChanges},
		{Seq: 6, Record: "c", Action: Approve},
		{Seq: 7, Record: "c", Action: RequestChanges},
		{Seq: 8, Record: "c", Action: Edit},
	}
	for id, want := range map[string]int{"a": 4, "b": 0, "c": 0, "d": 0} {
		got := 0
		if e := LastApproval(es, id); e != nil {
			got = e.Seq
		}
		if got != want {
			t.Errorf("%s: seq %d, want %d", id, got, want)
		}
	}
}
