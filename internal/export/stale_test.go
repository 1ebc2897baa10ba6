package export_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

const seedID = "2026-06-09-trend-micro-dsa-linux"

// copyBundled copies the bundled records into a new directory and returns
// it with the record files in it.
func copyBundled(t *testing.T) (string, []string) {
	t.Helper()
	in := t.TempDir()
	for _, f := range bundled(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, errs := export.Discover([]string{in})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return in, files
}

func editRecord(t *testing.T, in, id, old, new string) {
	t.Helper()
	p := filepath.Join(in, id+".yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// recordFiles lists the names in out/<id>.
func recordFiles(t *testing.T, out, id string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(out, id))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

type manifestRecord struct {
	Files   []string
	Created bool
}

type manifestFile struct {
	Records map[string]manifestRecord
	Lines   []string // the records' lines, in order
}

// readManifest reads the manifest's records (see export's manifest.go:
// id, input, flags, files, index entry), checking its header and that
// the lines are sorted by id.
func readManifest(t *testing.T, out string) manifestFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "noticegen-manifest\t3" {
		t.Fatalf("manifest header %q", lines[0])
	}
	m := manifestFile{Records: map[string]manifestRecord{}}
	last := ""
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "#index\t") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 4 || f[0] <= last {
			t.Fatalf("manifest line %q (after %q)", l, last)
		}
		last = f[0]
		var files []string
		if f[3] != "" {
			files = strings.Split(f[3], ",")
		}
		m.Records[f[0]] = manifestRecord{Files: files, Created: strings.Contains(f[2], "c")}
		m.Lines = append(m.Lines, l)
	}
	return m
}

// TestStaleFormats: a re-export with fewer formats and locales removes the
// files of the others that noticegen wrote before, for every record of the
// run, keeps a file the user put there, and the manifest lists only the
// files that are there.
func TestStaleFormats(t *testing.T) {
	in, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	writeFile(t, filepath.Join(out, seedID, "notes.txt"), "mine\n")
	editRecord(t, in, seedID, "We are sharing information", "We share information")
	o.Formats = format.Formats[:1] // txt
	o.Locales = []string{"ja"}
	o.Config = "txt only"
	rep := run(t, files, o)
	if rep.Exported != 5 || rep.Failed != 0 {
		t.Fatalf("report %s", describe(rep))
	}
	// Per record: en in five formats and ja in four are gone.
	if want := 5 * (5 + 4); rep.Removed != want {
		t.Errorf("%d files removed, want %d", rep.Removed, want)
	}
	for _, f := range files {
		id := advisory.FileStem(f)
		want := []string{"index.html", "ja.txt"}
		if id == seedID {
			want = []string{"index.html", "ja.txt", "notes.txt"}
		}
		if got := recordFiles(t, out, id); !slices.Equal(got, want) {
			t.Errorf("%s holds %v, want %v", id, got, want)
		}
		if got := readManifest(t, out).Records[id].Files; !slices.Equal(got, []string{"index.html", "ja.txt"}) {
			t.Errorf("manifest lists %v for %s", got, id)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, seedID, "notes.txt")); string(b) != "mine\n" {
		t.Errorf("the user's file was changed: %q", b)
	}
}

// TestStaleApprovedOnly: with --approved-only, a re-export of a changed
// (and approved) record in fewer formats leaves no .eml of the version
// before beside the approved text.
func TestStaleApprovedOnly(t *testing.T) {
	in, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	o.ApprovedOnly = true
	o.Gate = func(*advisory.Record, []byte, []*render.Draft) (export.Verdict, error) {
		return export.Verdict{Approved: true, Approvals: []render.Approval{{Reviewer: "suzuki", At: time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)}}}, nil
	}
	run(t, files, o)
	editRecord(t, in, seedID, "We are sharing information", "We share information")
	o.Formats = format.Formats[:1] // txt
	o.Config = "txt only"
	run(t, files, o)
	for _, ext := range []string{"eml", "md", "html", "json"} {
		if _, err := os.Lstat(filepath.Join(out, seedID, "en."+ext)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("en.%s of the earlier version is still there (%v)", ext, err)
		}
	}
}

// TestPrune: records not in the run are left alone (and stay in the
// index) unless Prune, which removes their files, their manifest entries
// and the directories noticegen made, but not a file the user put there.
func TestPrune(t *testing.T) {
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	gone := []string{advisory.FileStem(files[0]), advisory.FileStem(files[1])}
	writeFile(t, filepath.Join(out, gone[1], "notes.txt"), "mine\n")
	rest := files[2:]

	rep := run(t, rest, o)
	if rep.Unchanged != 3 || rep.Pruned != 0 {
		t.Errorf("without prune: %s", describe(rep))
	}
	for _, id := range gone {
		if _, err := os.Stat(filepath.Join(out, id, "ja.eml")); err != nil {
			t.Errorf("without prune, %s lost its output: %v", id, err)
		}
	}
	idx, _ := os.ReadFile(filepath.Join(out, "index.md"))
	if !strings.Contains(string(idx), gone[0]) {
		t.Errorf("without prune, the index no longer lists %s", gone[0])
	}

	o.Prune = true
	rep = run(t, rest, o)
	if rep.Pruned != 2 || rep.Unchanged != 3 {
		t.Errorf("with prune: %s", describe(rep))
	}
	if _, err := os.Lstat(filepath.Join(out, gone[0])); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s: its directory is still there (%v)", gone[0], err)
	}
	if got := recordFiles(t, out, gone[1]); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("%s holds %v, want only the user's notes.txt", gone[1], got)
	}
	m := readManifest(t, out)
	idx, _ = os.ReadFile(filepath.Join(out, "index.md"))
	for _, id := range gone {
		if _, ok := m.Records[id]; ok {
			t.Errorf("the manifest still lists %s", id)
		}
		if strings.Contains(string(idx), id) {
			t.Errorf("the index still lists %s", id)
		}
	}
	if rep := run(t, rest, o); rep.Pruned != 0 || rep.Written != 0 {
		t.Errorf("second prune: %s", describe(rep))
	}
}

// TestFailedRecordRetracted: when some records export and one fails, the
// failed one's earlier output is removed (it would be of another version)
// and the index lists only the records exported; a file of the user's
// stays.
func TestFailedRecordRetracted(t *testing.T) {
	in, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	writeFile(t, filepath.Join(out, seedID, "notes.txt"), "mine\n")
	editRecord(t, in, seedID, "priority: ", "priority: urgent #")
	rep := run(t, files, o)
	if rep.Failed != 1 || rep.Unchanged != 4 || rep.Retracted != 1 {
		t.Fatalf("report %s", describe(rep))
	}
	if got := recordFiles(t, out, seedID); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("%s holds %v, want only the user's notes.txt", seedID, got)
	}
	idx, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if strings.Contains(string(idx), seedID) {
		t.Errorf("the index lists the failed record")
	}
	if _, ok := readManifest(t, out).Records[seedID]; ok {
		t.Errorf("the manifest lists the failed record")
	}
}

// TestAllFailedChangesNothing: an export in which every record fails
// writes no index pages and changes nothing an earlier export wrote.
func TestAllFailedChangesNothing(t *testing.T) {
	fresh := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, "id: bad\npriority: urgent\n")
	rep := run(t, []string{bad}, options(t, fresh))
	if rep.Failed != 1 || rep.Written != 0 {
		t.Errorf("report %s", describe(rep))
	}
	if names := tree(t, fresh); len(names) != 0 {
		t.Errorf("a run in which everything failed wrote %v", names)
	}

	in, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	before := snapshot(t, out)
	for _, f := range files {
		editRecord(t, in, advisory.FileStem(f), "priority: ", "priority: urgent #")
	}
	rep = run(t, files, o)
	if rep.Failed != 5 || rep.Written != 0 || rep.Retracted != 0 {
		t.Errorf("report %s", describe(rep))
	}
	sameSnapshot(t, before, snapshot(t, out))

	// A manifest of another version is not replaced by an empty one
	// either: it still names the files noticegen owns.
	p := filepath.Join(out, export.ManifestFile)
	raw, _ := os.ReadFile(p)
	older := strings.Replace(string(raw), "noticegen-manifest\t3\n", "noticegen-manifest\t2\n", 1)
	if older == string(raw) {
		t.Fatalf("manifest has no version 3: %.60s", raw)
	}
	writeFile(t, p, older)
	before = snapshot(t, out)
	run(t, files, o)
	sameSnapshot(t, before, snapshot(t, out))
	if now, _ := os.ReadFile(p); string(now) != older {
		t.Errorf("a run in which everything failed rewrote the manifest")
	}
}

// fileID is what changes when a file is written, replaced or touched.
type fileID struct {
	ino   uint64
	mtime int64
	size  int64
	mode  fs.FileMode
}

// snapshot records every file and directory below dir, dir included.
func snapshot(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	m := map[string]fileID{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		m[p] = fileID{st.Ino, fi.ModTime().UnixNano(), fi.Size(), fi.Mode()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameSnapshot(t *testing.T, before, after map[string]fileID) {
	t.Helper()
	for p, a := range after {
		if b, ok := before[p]; !ok {
			t.Errorf("%s: created", p)
		} else if a != b {
			t.Errorf("%s: written or touched (%+v, was %+v)", p, a, b)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s: removed", p)
		}
	}
}

// TestUnchangedWritesNothing: a re-export of unchanged input writes
// nothing at all: no file (the manifest included) and no directory entry
// is created, replaced or touched.
func TestUnchangedWritesNothing(t *testing.T) {
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	before := snapshot(t, out)
	rep, err := export.Run(context.Background(), files, o)
	if err != nil || rep.Written != 0 || rep.Unchanged != 5 {
		t.Fatalf("re-export: %s, %v", describe(rep), err)
	}
	sameSnapshot(t, before, snapshot(t, out))
}

// TestFailedWhileWriting: a record that fails part way through writing its
// files (here: a directory of the user's where its ja.txt goes) has what
// it wrote removed again, and the user's directory stays.
func TestFailedWhileWriting(t *testing.T) {
	_, files := copyBundled(t)
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, seedID, "ja.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	rep := run(t, files, options(t, out))
	if rep.Failed != 1 || rep.Exported != 4 || rep.Retracted != 1 || len(rep.Errors) != 0 {
		t.Fatalf("report %s", describe(rep))
	}
	if got := recordFiles(t, out, seedID); !slices.Equal(got, []string{"ja.txt"}) {
		t.Errorf("%s holds %v, want only the user's ja.txt directory", seedID, got)
	}
	if fi, err := os.Stat(filepath.Join(out, seedID, "ja.txt")); err != nil || !fi.IsDir() {
		t.Errorf("the user's directory is gone: %v", err)
	}
	if _, ok := readManifest(t, out).Records[seedID]; ok {
		t.Errorf("the manifest lists the failed record")
	}
}

// TestHostileManifest: the manifest lies in a directory others may write,
// and it decides what is removed. Entries that are not record ids ("."
// would be out/ itself) and file names noticegen never writes (a user's
// notes, a path into another directory) are ignored and reported, and no
// user file goes, with or without --prune; the next manifest holds only
// sound entries. Regression: such entries deleted the files they named.
func TestHostileManifest(t *testing.T) {
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	a, b := advisory.FileStem(files[0]), advisory.FileStem(files[1])
	mine := []string{
		filepath.Join(out, "user-root.txt"),
		filepath.Join(out, a, "notes.txt"),
		filepath.Join(out, a, "sub", "x.txt"),
		filepath.Join(out, b, "keep.txt"),
	}
	if err := os.MkdirAll(filepath.Join(out, a, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range mine {
		writeFile(t, p, "mine\n")
	}
	p := filepath.Join(out, export.ManifestFile)
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	for i, l := range lines {
		if f := strings.Split(l, "\t"); f[0] == a {
			f[3] += ",notes.txt,sub/x.txt,../" + b + "/keep.txt"
			lines[i] = strings.Join(f, "\t")
		}
	}
	// "." and "../b" sort before every record id.
	hostile := []string{".\t\t\tuser-root.txt", "../" + b + "\t\t\tkeep.txt"}
	lines = append(lines[:1], append(hostile, lines[1:]...)...)
	writeFile(t, p, strings.Join(lines, "\n"))

	o.Prune = true
	rep, err := export.Run(context.Background(), files[1:], o)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range rep.Errors {
		msgs = append(msgs, e.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{`entry "." ignored`, `entry "../` + b + `" ignored`, `file "notes.txt" ignored`, `file "sub/x.txt" ignored`, `file "../` + b + `/keep.txt" ignored`} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not say %s:\n%s", want, got)
		}
	}
	for _, p := range mine {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a user file is gone: %v", err)
		}
	}
	if rep.Pruned != 1 {
		t.Errorf("pruned %d, want 1 (%s): %s", rep.Pruned, a, describe(rep))
	}
	if _, err := os.Stat(filepath.Join(out, a, "ja.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s's own drafts were not pruned (%v)", a, err)
	}
	after := readManifest(t, out)
	for id := range after.Records {
		if advisory.ValidID(id) != "" {
			t.Errorf("the new manifest keeps the entry %q", id)
		}
	}
	rep, err = export.Run(context.Background(), files[1:], o)
	if err != nil || len(rep.Errors) != 0 {
		t.Errorf("the next run: %v %s", err, describe(rep))
	}
}
