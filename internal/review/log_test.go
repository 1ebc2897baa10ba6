package review

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/unprivileged"
)

var t0 = time.Date(2026, 6, 10, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

// record appends an entry about the seed record, remembering its facts
// (and two revisions, as a follow-up would have).
func record(t testing.TB, l *Log, a Action, s *Snapshot, reviewer, comment string, now time.Time) *Entry {
	t.Helper()
	req := &Request{Action: a, Record: seedID, Author: "secops-digest", Reviewer: reviewer, Comment: comment, Snapshot: s}
	rec, err := advisory.Decode("seed.yaml", seedBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	req.Remember(rec, nil)
	req.Revisions, req.Revised = 2, "2026-06-10"
	e, _, err := Record(l, req, now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// threeEntries writes a log of three entries and returns its directory.
func threeEntries(t *testing.T) (*Log, *Snapshot) {
	_, s := stdKit(t).snap(t, seedBytes(t))
	l := Open(t.TempDir())
	record(t, l, Approve, s, "suzuki", "ok", at(0))
	record(t, l, RequestChanges, s, "sato", "deadline?", at(1))
	record(t, l, Approve, s, "sato", "", at(2))
	return l, s
}

func readLog(t *testing.T, l *Log) ([]byte, *Head) {
	data, err := os.ReadFile(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	h, err := l.readHead()
	if err != nil {
		t.Fatal(err)
	}
	return data, h
}

// lines splits a log into its lines, each with its line feed.
func lines(data []byte) [][]byte {
	ls := bytes.SplitAfter(data, []byte("\n"))
	return ls[:len(ls)-1]
}

func TestAppendAndRead(t *testing.T) {
	l, s := threeEntries(t)
	es, err := l.Read(at(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 {
		t.Fatalf("%d entries", len(es))
	}
	if es[0].Prev != Genesis || es[1].Prev != es[0].Hash || es[2].Prev != es[1].Hash {
		t.Error("chain not linked")
	}
	if es[0].Time != "2026-06-10T09:00:00+09:00" || es[2].Seq != 3 || es[1].Comment != "deadline?" || es[0].Content != s.Hash() {
		t.Errorf("entries %+v", es)
	}
	data, h := readLog(t, l)
	if h.Seq != 3 || h.Hash != es[2].Hash {
		t.Errorf("head %+v", h)
	}
	if n := bytes.Count(data, []byte("\n")); n != 3 {
		t.Errorf("%d lines", n)
	}
	// No temporary files left behind.
	ents, _ := os.ReadDir(l.Dir)
	if len(ents) != 2 {
		t.Errorf("files %v", ents)
	}
	// A log that does not exist has no entries.
	if es, err := Open(t.TempDir()).Read(t0); err != nil || len(es) != 0 {
		t.Errorf("missing log: %v, %v", es, err)
	}
}

// mutations change one field of an entry to another valid-looking value;
// the test checks there is one for every field.
var mutations = map[string]func(e *Entry){
	"seq":  func(e *Entry) { e.Seq++ },
	"time": func(e *Entry) { e.Time = "2026-06-10T08:00:00+09:00" },
	"action": func(e *Entry) {
		e.Action = map[Action]Action{Approve: RequestChanges, RequestChanges: Approve}[e.Action]
	},
	"record":        func(e *Entry) { e.Record = "2026-06-09-other" },
	"author":        func(e *Entry) { e.Author = "mallory" },
	"reviewer":      func(e *Entry) { e.Reviewer = "mallory" },
	"comment":       func(e *Entry) { e.Comment = "looks fine" },
	"content":       func(e *Entry) { e.Content = strings.Repeat("1", 64) },
	"record_sha256": func(e *Entry) { e.RecordHash = strings.Repeat("2", 64) },
	"prev":          func(e *Entry) { e.Prev = strings.Repeat("3", 64) },
	"hash":          func(e *Entry) { e.Hash = strings.Repeat("4", 64) },
	"drafts":        func(e *Entry) { e.Drafts = e.Drafts[:1] },
	"drafts.locale": func(e *Entry) { e.Drafts[0].Locale = "de" },
	"drafts.draft":  func(e *Entry) { e.Drafts[0].Draft = strings.Repeat("5", 64) },
	"drafts.txt":    func(e *Entry) { e.Drafts[0].Text = strings.Repeat("6", 64) },
	"drafts.md":     func(e *Entry) { e.Drafts[0].Markdown = strings.Repeat("7", 64) },
	"drafts.html":   func(e *Entry) { e.Drafts[0].HTML = strings.Repeat("8", 64) },
	"drafts.json":   func(e *Entry) { e.Drafts[0].JSON = strings.Repeat("9", 64) },
	"drafts.text":   func(e *Entry) { e.Drafts[0].Body = strings.Replace(e.Drafts[0].Body, "Linux", "Windows", 1) },
	// A hash of a format the table does not hash, or of one with a field
	// of its own, is refused even when the content hash is recomputed.
	"drafts.more": func(e *Entry) { e.Drafts[0].More = map[string]string{"eml": strings.Repeat("a", 64)} },
	"facts": func(e *Entry) {
		f := *e.Facts
		f.Deadline = "2026-06-30"
		e.Facts = &f
	},
	"revisions": func(e *Entry) { e.Revisions-- },
	"revised":   func(e *Entry) { e.Revised = "2026-06-09" },
}

func jsonNames(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out = append(out, prefix+name)
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			out = append(out, jsonNames(f.Type.Elem(), prefix+name+".")...)
		}
	}
	return out
}

func TestTamperEachField(t *testing.T) {
	for _, name := range jsonNames(reflect.TypeFor[Entry](), "") {
		if mutations[name] == nil {
			t.Errorf("no tampering case for field %q", name)
		}
	}
	l, _ := threeEntries(t)
	orig, head := readLog(t, l)
	for name, mutate := range mutations {
		for _, c := range []struct {
			line   int  // the line tampered with (1-based)
			reseal bool // the forger also recomputed the entry's hash
		}{{2, false}, {2, true}, {3, true}} {
			t.Run(fmt.Sprintf("%s/line%d/reseal=%v", name, c.line, c.reseal), func(t *testing.T) {
				ls := lines(orig)
				var e Entry
				es, err := Verify("log", orig, head, at(10))
				if err != nil {
					t.Fatal(err)
				}
				e = es[c.line-1]
				e.Drafts = append([]DraftPart(nil), e.Drafts...)
				mutate(&e)
				if c.reseal && name != "hash" {
					e.Hash = e.computeHash()
				}
				ls[c.line-1] = append(e.marshal(), '\n')
				_, err = Verify("log", bytes.Join(ls, nil), head, at(10))
				var ce *ChainError
				if !errors.As(err, &ce) {
					t.Fatalf("tampered log verified: %v", err)
				}
				// The break is found at the entry, at the next one (whose
				// prev no longer matches), or by the head file (last entry).
				if ce.Line != c.line && ce.Line != c.line+1 {
					t.Errorf("error at line %d: %v", ce.Line, err)
				}
				t.Log(err)
			})
		}
	}
}

func TestVerifyErrors(t *testing.T) {
	l, _ := threeEntries(t)
	orig, head := readLog(t, l)
	ls := lines(orig)
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	future, _ := Verify("log", orig, head, at(3))
	fut := future[2]
	fut.Time = "2099-01-01T00:00:00Z"
	fut.Hash = fut.computeHash()
	futHead := &Head{Seq: 3, Hash: fut.Hash}
	for _, c := range []struct {
		name string
		data []byte
		head *Head
		now  time.Time
		want string
	}{
		{"corrupted line", join(ls[0], []byte("{\"seq\":2,garbage\n"), ls[2]), head, at(3), `log:2: not a log entry \(corrupted line\)`},
		{"not JSON", join(ls[0], []byte("hello\n")), head, at(3), `log:2: not a log entry`},
		{"unknown field", join(ls[0], []byte(`{"seq":2,"extra":1}`+"\n")), head, at(3), `log:2: not a log entry .*unknown field`},
		{"reformatted", join(ls[0], bytes.Replace(ls[1], []byte(`,"time"`), []byte(`, "time"`), 1), ls[2]), head, at(3), `log:2: entry seq 2: not in the form noticegen writes`},
		{"deleted", join(ls[0], ls[2]), head, at(3), `log:2: entry seq 3: out of sequence: want seq 2`},
		{"reordered", join(ls[0], ls[2], ls[1]), head, at(3), `log:2: entry seq 3: out of sequence: want seq 2`},
		{"inserted", join(ls[0], ls[1], ls[1], ls[2]), head, at(3), `log:3: entry seq 2: out of sequence: want seq 3`},
		{"truncated", join(ls[0], ls[1]), head, at(3), `log: the log ends at seq 2 but the head file records seq 3: entries were cut from the end`},
		{"emptied", nil, head, at(3), `log: the log ends at seq 0 but the head file records seq 3`},
		{"cut mid-line", join(ls[0], ls[1], ls[2][:40]), head, at(3), `log:3: incomplete last line`},
		{"blank line", join(ls[0], []byte("\n"), ls[1]), head, at(3), `log:2: blank line`},
		{"head missing", orig, nil, at(3), `log: the head file .noticegen-review.head is missing`},
		{"head rewritten", orig, &Head{Seq: 3, Hash: strings.Repeat("0", 64)}, at(3), `log:3: entry seq 3: hash \w+ differs from the one the head file records`},
		{"log doubled", join(orig, orig), head, at(3), `log:4: entry seq 1: out of sequence`},
		{"head stale", orig, &Head{Seq: 1, Hash: future[0].Hash}, at(3), `log: the head file records seq 1 but the log has 3 entries`},
		{"from the future", join(ls[0], ls[1], append(fut.marshal(), '\n')), futHead, at(3), `log:3: entry seq 3: dated 2099-01-01T00:00:00Z, after the current time 2026-06-10T09:03:00\+09:00: an entry from the future`},
		{"clock behind", orig, head, at(-60), `log:1: entry seq 1: dated 2026-06-10T09:00:00\+09:00, after the current time 2026-06-10T08:00:00\+09:00`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify("log", c.data, c.head, c.now)
			if err == nil {
				t.Fatal("no error")
			}
			if !matches(c.want, err.Error()) {
				t.Errorf("error %q\nwant %q", err, c.want)
			}
		})
	}
	// A head one entry behind is a crash between the log's write and the
	// head's: the log is fine.
	if _, err := Verify("log", orig, &Head{Seq: 2, Hash: future[1].Hash}, at(3)); err != nil {
		t.Error(err)
	}
	// Within the allowed clock skew, an entry a little ahead is fine.
	if _, err := Verify("log", orig, head, at(2).Add(-MaxClockSkew+time.Second)); err != nil {
		t.Error(err)
	}
}

// TestAppendRefusesBrokenLog: a broken log is never appended to, and
// its bytes stay as they were.
func TestAppendRefusesBrokenLog(t *testing.T) {
	l, s := threeEntries(t)
	orig, _ := readLog(t, l)
	broken := append(append([]byte(nil), orig...), "not json\n"...)
	if err := os.WriteFile(l.Path(), broken, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: "a", Reviewer: "kato", Snapshot: s}, at(5))
	if err == nil || !strings.Contains(err.Error(), ":4: not a log entry") || !strings.Contains(err.Error(), "nothing was recorded") {
		t.Fatalf("error %v", err)
	}
	if got, _ := os.ReadFile(l.Path()); !bytes.Equal(got, broken) {
		t.Error("broken log was changed")
	}
}

func TestAppendReadOnlyDir(t *testing.T) {
	// Root ignores permissions: as root, the test runs again as nobody.
	if unprivileged.AsNobody(t) {
		return
	}
	l, s := threeEntries(t)
	orig, _ := readLog(t, l)
	if err := os.Chmod(l.Dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(l.Dir, 0o755)
	_, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: "a", Reviewer: "kato", Snapshot: s}, at(5))
	if err == nil || !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "nothing was recorded") {
		t.Fatalf("error %v", err)
	}
	if got, _ := os.ReadFile(l.Path()); !bytes.Equal(got, orig) {
		t.Error("log changed")
	}
}

// TestConcurrentAppends approves from many goroutines at once, each with
// its own open file (flock locks are per open file, as between processes),
// then checks that the chain is whole.
func TestConcurrentAppends(t *testing.T) {
	_, s := stdKit(t).snap(t, seedBytes(t))
	l := Open(t.TempDir())
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		for _, who := range []string{fmt.Sprintf("reviewer%02d", i), "same"} {
			wg.Go(func() {
				_, _, err := Record(Open(l.Dir), &Request{Action: Approve, Record: seedID, Author: "secops-digest", Reviewer: who, Snapshot: s}, t0)
				if err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	refusals := 0
	for err := range errs {
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "same already approved") {
			t.Errorf("unexpected error: %v", err)
		}
		refusals++
	}
	if refusals != n-1 {
		t.Errorf("%d duplicate approvals refused, want %d", refusals, n-1)
	}
	es, err := l.Read(t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != n+1 {
		t.Fatalf("%d entries, want %d", len(es), n+1)
	}
	st := Compute(es, seedID, "secops-digest", s.Hash(), n+1)
	if st.State != Approved || len(st.Current) != n+1 {
		t.Errorf("status %s", st.Summary())
	}
}

func matches(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }
