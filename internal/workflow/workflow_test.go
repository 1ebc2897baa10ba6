package workflow_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

const seedID = "2026-06-09-trend-micro-dsa-linux"

var now = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)

// records copies the seed record (author secops-digest) into a new
// records directory.
func records(t *testing.T) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	data, err := os.ReadFile("../../advisories/" + seedID + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, seedID+".yaml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

func kit(t *testing.T) *workflow.Kit {
	t.Helper()
	k, err := workflow.New(workflow.Settings{Now: now, NowSet: true})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSettingsErrors(t *testing.T) {
	for _, c := range []struct {
		s    workflow.Settings
		flag string
		msg  string
	}{
		{workflow.Settings{Langs: []string{"xx"}}, "--lang", "--lang: "},
		{workflow.Settings{Langs: []string{"all", "ja"}}, "--lang", "--lang all cannot be combined with other locales"},
		{workflow.Settings{Templates: "/nonexistent"}, "--templates", "--templates /nonexistent: not a directory"},
		{workflow.Settings{Locales: "/nonexistent"}, "--locales", "--locales /nonexistent: not a directory"},
	} {
		_, err := workflow.New(c.s)
		var se *workflow.SettingsError
		if !errors.As(err, &se) || se.Flag != c.flag || !strings.HasPrefix(se.Error(), c.msg) {
			t.Errorf("New(%+v) = %v, want a SettingsError for %s starting %q", c.s, err, c.flag, c.msg)
		}
	}
}

func TestLocalesInOrderGiven(t *testing.T) {
	k, err := workflow.New(workflow.Settings{Langs: []string{"ja-JP", "en", "ja"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(k.Locales, ","); got != "ja,en" {
		t.Errorf("locales %s, want ja,en", got)
	}
}

// TestDecideAndStatus walks one record through review: refused for its
// author, approved by another reviewer, stale after an edit (with a diff
// of the drafts), and only then does the gate's verdict change.
func TestDecideAndStatus(t *testing.T) {
	dir, file := records(t)
	k := kit(t)
	logs := workflow.Logs{Dir: dir, Fixed: true}

	_, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: seedID, Reviewer: "secops-digest"})
	var refusal *workflow.Refusal
	if !errors.As(err, &refusal) || !strings.Contains(err.Error(), "four-eyes") {
		t.Fatalf("the author's approval: %v, want a four-eyes refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, review.LogName)); !os.IsNotExist(err) {
		t.Fatalf("a refused decision wrote the log (%v)", err)
	}

	res, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: seedID, Reviewer: "suzuki", Comment: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entry.Seq != 1 || res.Status.State != review.Approved || res.File != file {
		t.Errorf("approved: seq %d, state %s, file %s", res.Entry.Seq, res.Status.State, res.File)
	}
	if _, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: seedID, Reviewer: "Suzuki"}); !errors.As(err, &refusal) {
		t.Errorf("a second approval by the same reviewer: %v, want a refusal", err)
	}

	rows, errs := k.Status([]string{file}, logs, 1)
	if len(errs) > 0 || len(rows) != 1 || rows[0].Status.State != review.Approved {
		t.Fatalf("status after approval: %v %v", rows, errs)
	}
	gate, gerrs := workflow.NewGate(k, logs, []string{file}, 1)
	if len(gerrs) > 0 {
		t.Fatal(gerrs)
	}
	rec, data, err := workflow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := gate.Allow(rec, data, nil); !v.Approved || err != nil ||
		len(v.Approvals) != 1 || v.Approvals[0].Reviewer != "suzuki" || !v.Approvals[0].At.Equal(res.Entry.When()) {
		t.Errorf("gate on the approved record: %+v %v", v, err)
	}

	edited := strings.Replace(string(data), "priority: low", "priority: medium", 1)
	if edited == string(data) {
		t.Fatal("the seed record has no 'priority: low' to edit")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, errs = k.Status([]string{file}, logs, 1)
	if len(errs) > 0 || len(rows) != 1 {
		t.Fatalf("status after the edit: %v %v", rows, errs)
	}
	r := rows[0]
	if r.Status.State != review.Stale || !strings.Contains(r.Diff, "-対応優先度: 低") || !strings.Contains(r.Diff, "+対応優先度: 中") {
		t.Errorf("after an edit: state %s, diff:\n%s", r.Status.State, r.Diff)
	}
	rec, data, _ = workflow.Load(file)
	if v, _ := gate.Allow(rec, data, nil); v.Approved || !strings.HasPrefix(v.Status, "stale") || v.Approvals != nil {
		t.Errorf("gate on the edited record: %+v, want stale", v)
	}

	verified, verrs := workflow.Verify([]string{dir}, now)
	if len(verrs) > 0 || len(verified) != 1 || len(verified[0].Entries) != 1 {
		t.Errorf("verify: %v %v", verified, verrs)
	}
	_, hist, err := workflow.History(dir, seedID, now)
	if err != nil || len(hist) != 1 || hist[0].Reviewer != "suzuki" {
		t.Errorf("history: %v %v", hist, err)
	}
}

// TestBadRecords: a record that does not load is an error of Status,
// Verify and Decide, located at its line, and the other records still get
// their rows. A broken log is reported once for all its records.
func TestBadRecords(t *testing.T) {
	dir, file := records(t)
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: bad\nfoo: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	k := kit(t)
	rows, errs := k.Status([]string{file, bad}, workflow.Logs{}, 1)
	if len(rows) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad.yaml:2:1: unknown field \"foo\"") {
		t.Errorf("status: %d rows, errors %v", len(rows), errs)
	}
	if _, verrs := workflow.Verify([]string{dir}, now); len(verrs) != 1 || !strings.Contains(verrs[0].Error(), "bad.yaml:2:1") {
		t.Errorf("verify: %v", verrs)
	}
	_, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: "bad", Reviewer: "suzuki"})
	var refusal *workflow.Refusal
	if !errors.As(err, &refusal) || refusal.Load == nil || !strings.Contains(refusal.Load.Error(), "bad.yaml:2:1") {
		t.Errorf("approving a bad record: %v", err)
	}
	for _, id := range []string{"../etc/passwd", "nosuch"} {
		if _, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: id, Reviewer: "suzuki"}); err == nil || !strings.Contains(err.Error(), "unknown record id") {
			t.Errorf("approving %q: %v", id, err)
		}
	}

	// A corrupted log: one error, however many records share it.
	other := filepath.Join(dir, "other.yaml")
	data, _ := os.ReadFile(file)
	os.WriteFile(other, []byte(strings.Replace(string(data), "id: "+seedID, "id: other", 1)), 0o644)
	if err := os.WriteFile(filepath.Join(dir, review.LogName), []byte("not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, errs = k.Status([]string{file, other}, workflow.Logs{}, 1)
	if len(rows) != 0 || len(errs) != 1 {
		t.Errorf("corrupted log: %d rows, errors %v", len(rows), errs)
	}
}

// TestLookCache: with a cache, an unchanged record is not rendered again
// but its review status is computed anew; a changed one is rendered again.
func TestLookCache(t *testing.T) {
	dir, file := records(t)
	k := kit(t)
	k.Looks = workflow.NewLookCache(10)
	logs := workflow.Logs{Dir: dir, Fixed: true}
	a := k.Inspect(file, logs, 1)
	b := k.Inspect(file, logs, 1)
	if a.Snapshot == nil || a.Snapshot != b.Snapshot || &a.Drafts[0] != &b.Drafts[0] {
		t.Fatalf("the second inspection rendered again (or nothing was cached)")
	}
	if a.Row.Status.State != review.Draft {
		t.Fatalf("state %s", a.Row.Status.State)
	}
	if _, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: seedID, Reviewer: "suzuki"}); err != nil {
		t.Fatal(err)
	}
	c := k.Inspect(file, logs, 1)
	if c.Row.Status.State != review.Approved || len(c.History) != 1 {
		t.Errorf("after an approval: %s, %d entries", c.Row.Status.State, len(c.History))
	}
	if len(b.History) != 0 {
		t.Errorf("the cached inspection gained history")
	}
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "priority: low", "priority: high", 1)), 0o644)
	d := k.Inspect(file, logs, 1)
	if d.Snapshot == a.Snapshot || d.Record.Priority != "high" || d.Row.Status.State != review.Stale {
		t.Errorf("after an edit: priority %s, state %s", d.Record.Priority, d.Row.Status.State)
	}
}

// TestKEV: a Kit with a KEV catalog (serve --kev, review approve --kev)
// checks records with it, for the page's findings and for an approval, and
// a catalog that does not load stops New.
func TestKEV(t *testing.T) {
	const kevFile = "../../testdata/kev/known_exploited_vulnerabilities.json"
	if _, err := workflow.New(workflow.Settings{KEV: "missing.json"}); err == nil || err.Error() != "missing.json: no such file or directory" {
		t.Errorf("missing catalog: %v", err)
	}
	if _, err := workflow.New(workflow.Settings{KEV: "../../advisories/" + seedID + ".yaml"}); err == nil || !strings.Contains(err.Error(), "not a KEV catalog") {
		t.Errorf("a record as the catalog: %v", err)
	}
	k, err := workflow.New(workflow.Settings{Now: now, NowSet: true, KEV: kevFile})
	if err != nil {
		t.Fatal(err)
	}
	if k.KEV == nil || len(k.KEV.Vulns) != 3 {
		t.Fatalf("catalog not loaded: %+v", k.KEV)
	}
	// The ArcaneDoor sample, its exploited entries left out: a finding
	// per listed CVE, and the approval is refused.
	data, err := os.ReadFile("../../advisories/2024-04-25-cisco-asa-ftd-arcanedoor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, "exploited:"), strings.Index(s, "priority:")
	if i < 0 || j < i {
		t.Fatal("the sample has no exploited field before priority")
	}
	s = s[:i] + s[j:]
	id := "2024-04-25-cisco-asa-ftd-arcanedoor"
	dir := t.TempDir()
	file := filepath.Join(dir, id+".yaml")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	in := k.Inspect(file, workflow.Logs{Dir: dir, Fixed: true}, 1)
	n := 0
	for _, f := range in.Findings {
		if f.Rule == "kev-unmarked" {
			n++
		}
	}
	if n != 2 || in.Errors != 2 {
		t.Errorf("findings with the catalog: %v", in.Findings)
	}
	if plain := kit(t).Inspect(file, workflow.Logs{Dir: dir, Fixed: true}, 1); plain.Errors != 0 {
		t.Errorf("findings without the catalog: %v", plain.Findings)
	}
	_, err = k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: id, Reviewer: "suzuki"})
	var refusal *workflow.Refusal
	if !errors.As(err, &refusal) || len(refusal.Findings) != 2 {
		t.Errorf("approval with the catalog: %v, want a refusal with 2 findings", err)
	}
}

// TestInspectRevisionMissing: the review page's inspection reports facts
// changed since the last approval (revision-missing), from the log, also
// when the record's look comes from the cache, and counts the warning;
// the cached look does not keep it.
func TestInspectRevisionMissing(t *testing.T) {
	dir, file := records(t)
	k := kit(t)
	k.Looks = workflow.NewLookCache(10)
	logs := workflow.Logs{Dir: dir, Fixed: true}
	if _, err := k.Decide(workflow.Decision{Action: review.Approve, Dir: dir, ID: seedID, Reviewer: "suzuki"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "priority: low", "priority: high", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	find := func(in *workflow.Inspection) int {
		n := 0
		for _, f := range in.Findings {
			if f.Rule == "revision-missing" {
				n++
				if !strings.HasPrefix(f.Msg, "priority: low → high since the approval by suzuki (log seq 1") || f.Pos.Line == 0 {
					t.Errorf("finding %v", f)
				}
			}
		}
		return n
	}
	for i := range 2 { // the second look is the cached one
		in := k.Inspect(file, logs, 1)
		if n := find(in); n != 1 {
			t.Errorf("inspection %d: %d revision-missing findings, want 1: %v", i, n, in.Findings)
		}
		if in.Warnings < 1 {
			t.Errorf("inspection %d: %d warnings", i, in.Warnings)
		}
	}
	if n := find(k.Preview(file, []byte(strings.Replace(string(data), "priority: low", "priority: high", 1)))); n != 0 {
		t.Errorf("a preview (no log) has %d revision-missing findings", n)
	}
}
