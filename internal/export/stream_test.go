package export_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// legacyRecord is a record of the version 2 JSON manifest.
type legacyRecord struct {
	Input   string              `json:"input"`
	Files   []string            `json:"files"`
	Entry   *export.IndexEntry  `json:"entry,omitempty"`
	Created bool                `json:"created,omitempty"`
	Extra   map[string]struct{} `json:"-"`
}

// writeLegacy replaces the manifest of out (and the stat cache) by the
// version 2 JSON manifest an earlier noticegen would have written for it.
func writeLegacy(t *testing.T, out string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string]legacyRecord{}
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
		f := strings.Split(l, "\t")
		if f[0] == "#index" {
			continue
		}
		r := legacyRecord{Input: f[1], Files: strings.Split(f[3], ","), Created: strings.Contains(f[2], "c")}
		if strings.Contains(f[2], "e") {
			e := &export.IndexEntry{ID: f[0], Published: f[4], Category: f[5], Rank: f[6], Priority: f[7], Deadline: f[8], TLP: f[9], Titles: map[string]string{}}
			for i := 10; i+1 < len(f); i += 2 {
				e.Titles[f[i]] = f[i+1]
			}
			r.Entry = e
		}
		recs[f[0]] = r
	}
	data, err := json.Marshal(map[string]any{"version": 2, "records": recs, "index": "older"})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, ".noticegen-manifest.json"), string(data))
	for _, name := range []string{export.ManifestFile, export.CacheFile} {
		if err := os.Remove(filepath.Join(out, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLegacyManifest: the JSON manifest of an earlier version is read
// and converted: the output it lists stays current (nothing is rendered
// again or written), the files it names are still noticegen's (pruned),
// a file of the user's stays, and the JSON manifest is gone afterwards.
func TestLegacyManifest(t *testing.T) {
	export.SetRacyWindow(t, 0)
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	want := tree(t, out)

	writeLegacy(t, out)
	reads := export.RecordReads()
	rep := run(t, files, o)
	if rep.Unchanged != 5 || rep.Written != 0 || len(rep.Errors) != 0 {
		t.Errorf("converted: %s", describe(rep))
	}
	if n := export.RecordReads() - reads; n != 5 {
		t.Errorf("%d record files read, want 5 (the JSON manifest has no stat cache)", n)
	}
	got := tree(t, out)
	for rel, data := range want {
		if got[rel] != data {
			t.Errorf("%s differs after the conversion", rel)
		}
	}
	if _, ok := got[".noticegen-manifest.json"]; ok {
		t.Errorf("the JSON manifest is still there")
	}

	writeLegacy(t, out)
	gone := advisory.FileStem(files[0])
	writeFile(t, filepath.Join(out, gone, "notes.txt"), "mine\n")
	o.Prune = true
	rep = run(t, files[1:], o)
	if rep.Unchanged != 4 || rep.Pruned != 1 || len(rep.Errors) != 0 {
		t.Errorf("converted, pruned: %s", describe(rep))
	}
	if names := recordFiles(t, out, gone); !slices.Equal(names, []string{"notes.txt"}) {
		t.Errorf("%s holds %v, want only the user's notes.txt", gone, names)
	}
	if m := readManifest(t, out); len(m.Records) != 4 {
		t.Errorf("the manifest lists %d records, want 4", len(m.Records))
	}

	// A JSON manifest of no records is converted (and removed) too.
	fresh := t.TempDir()
	writeFile(t, filepath.Join(fresh, ".noticegen-manifest.json"), `{"version": 2, "records": {}, "index": ""}`)
	o.Out, o.Prune = fresh, false
	if rep := run(t, files, o); rep.Exported != 5 || len(rep.Errors) != 0 {
		t.Errorf("converted from an empty JSON manifest: %s", describe(rep))
	}
	if _, err := os.Lstat(filepath.Join(fresh, ".noticegen-manifest.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the empty JSON manifest is still there: %v", err)
	}
}

// TestDamagedManifest: lines of the manifest that do not parse, are out
// of order or repeat an id are ignored and reported with their line, and
// a line that names a directory of the user's with a file noticegen never
// writes removes nothing, also with Prune; the next manifest is sound.
func TestDamagedManifest(t *testing.T) {
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	mine := filepath.Join(out, "user-dir", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, mine, "mine\n")
	p := filepath.Join(out, export.ManifestFile)
	raw, _ := os.ReadFile(p)
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	n := len(lines)
	damaged := []string{lines[0],
		`x\q` + "\t\t\t",    // 2: an unknown escape
		"too\tfew",          // 3: too few fields
		lines[1],            // 4
		lines[1],            // 5: the same id again
		"zz\t\tq\tja.txt",   // 6: unknown flags
		"a\t\t\tja.txt\tno", // 7: fields after the files of a line without an entry
	}
	damaged = append(damaged, lines[2:n-1]...)
	damaged = append(damaged, "user-dir\t\tc\tnotes.txt,ja.txt", lines[n-1])
	writeFile(t, p, strings.Join(damaged, "\n")+"\n")

	o.Prune = true
	rep, err := export.Run(context.Background(), files, o)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range rep.Errors {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		p + `:2: line ignored: unknown escape \q`,
		p + ":3: line ignored: 2 fields, want at least 4",
		p + `:5: entry "` + advisory.FileStem(files[0]) + `" ignored: not after`,
		p + `:6: line ignored: unknown flags "q"`,
		p + ":7: line ignored: 1 fields after the files",
		`entry "user-dir": file "notes.txt" ignored: not a name noticegen writes`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the problems do not say %s:\n%s", want, all)
		}
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the user's file is gone: %v", err)
	}
	if rep.Unchanged != 5 || rep.Pruned != 1 {
		t.Errorf("report %s", describe(rep))
	}
	rep = run(t, files, o)
	if len(rep.Errors) != 0 || rep.Unchanged != 5 {
		t.Errorf("the next run: %s", describe(rep))
	}
	if _, ok := readManifest(t, out).Records["user-dir"]; ok {
		t.Errorf("the manifest still lists user-dir")
	}
}

// readsOf returns how many record files f's runs read.
func readsOf(f func()) int64 {
	n := export.RecordReads()
	f()
	return export.RecordReads() - n
}

// TestStatCache: an unchanged re-export reads no record file; any change
// of a record (even of the same size, its modification time set back),
// of one of its files (touched, or edited and its time set back), or of
// the configuration makes it read and rendered again; a record changed
// too recently to trust its times is read every time.
func TestStatCache(t *testing.T) {
	export.SetRacyWindow(t, 0)
	in, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	unchanged := func(what string, wantReads int64) {
		t.Helper()
		var rep *export.Report
		if n := readsOf(func() { rep = run(t, files, o) }); n != wantReads {
			t.Errorf("%s: %d record files read, want %d", what, n, wantReads)
		}
		if rep.Unchanged != 5 || rep.Written != 0 {
			t.Errorf("%s: %s", what, describe(rep))
		}
	}
	unchanged("unchanged", 0)

	// The same size and modification time: the status change time tells.
	p := filepath.Join(in, seedID+".yaml")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	editRecord(t, in, seedID, "We are sharing information", "We are sharing informatioN")
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.Stat(p); now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime()) {
		t.Fatalf("the edit changed the size or time")
	}
	var rep *export.Report
	if n := readsOf(func() { rep = run(t, files, o) }); n != 1 || rep.Exported != 1 {
		t.Errorf("same size and time: %d read, %s", n, describe(rep))
	}
	if b, _ := os.ReadFile(filepath.Join(out, seedID, "en.txt")); !strings.Contains(string(b), "informatioN") {
		t.Errorf("en.txt was not rendered again")
	}
	unchanged("after the edit", 0)

	// A file of the output touched: rendered again, nothing to write.
	draft := filepath.Join(out, seedID, "ja.txt")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(draft, later, later); err != nil {
		t.Fatal(err)
	}
	unchanged("touched", 1)
	unchanged("after the touch", 0)

	// Edited, same size, its time set back: rendered and written again.
	fi, _ = os.Stat(draft)
	good, _ := os.ReadFile(draft)
	bad := slices.Clone(good)
	bad[0] ^= 1
	writeFile(t, draft, string(bad))
	if err := os.Chtimes(draft, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if n := readsOf(func() { rep = run(t, files, o) }); n != 1 || rep.Written != 1 {
		t.Errorf("edited draft: %d read, %s", n, describe(rep))
	}
	if now, _ := os.ReadFile(draft); string(now) != string(good) {
		t.Errorf("the edited draft was not written again")
	}

	// Another configuration: every record is read (and rendered).
	o.Config = "another"
	if n := readsOf(func() { rep = run(t, files, o) }); n != 5 || rep.Unchanged != 5 {
		t.Errorf("another configuration: %d read, %s", n, describe(rep))
	}
	unchanged("the other configuration again", 0)

	// Records changed just now: their times are not trusted.
	export.SetRacyWindow(t, time.Hour)
	unchanged("racy", 5)
}

// TestStatCacheRefused: a record whose .eml was refused is not current:
// with the stat cache on, every run still reads, renders and refuses it.
func TestStatCacheRefused(t *testing.T) {
	export.SetRacyWindow(t, 0)
	dir, out := t.TempDir(), t.TempDir()
	file := marked(t, dir, "strict-one", "amber+strict")
	o := options(t, out)
	calls := 0
	o.EML = func(*advisory.Record, *render.Draft, []byte, []byte) ([]byte, []string, error) {
		calls++
		return nil, nil, &export.Refusal{Err: errors.New("not for these recipients")}
	}
	for i := range 3 {
		calls = 0
		var rep *export.Report
		if n := readsOf(func() { rep = run(t, []string{file}, o) }); n != 1 || calls != 2 || rep.Refused != 2 {
			t.Errorf("run %d: %d read, %d calls, %s", i, n, calls, describe(rep))
		}
	}
}

// TestIndexRuns: index pages of more entries than are sorted in memory at
// a time (here 2: what 4,096 are in an export of 50,000 records) are
// the same as those sorted in memory, and no run file is left.
func TestIndexRuns(t *testing.T) {
	in := t.TempDir()
	if err := synth.Write(in, 5, 41); err != nil {
		t.Fatal(err)
	}
	files, _ := export.Discover([]string{in})
	ref := t.TempDir()
	run(t, files, options(t, ref))
	want := tree(t, ref)

	export.SetIndexRunSize(t, 2)
	out := t.TempDir()
	o := options(t, out)
	o.Jobs = 1 // the queue's window (20 items) is less than the records
	run(t, files, o)
	got := tree(t, out)
	for _, name := range []string{"index.html", "index.md", export.ManifestFile} {
		if got[name] != want[name] {
			t.Errorf("%s differs from the one sorted in memory", name)
		}
	}
	for rel := range got {
		if strings.Contains(rel, ".noticegen-tmp-") {
			t.Errorf("left: %s", rel)
		}
	}
	// A title changed: the pages are rebuilt from the runs.
	p := files[len(files)/2]
	b, _ := os.ReadFile(p)
	s := strings.Replace(string(b), "title:\n  ja: ", "title:\n  ja: 改題 ", 1)
	if s == string(b) {
		t.Fatalf("%s: no ja title", p)
	}
	writeFile(t, p, s)
	if rep := run(t, files, o); rep.Exported != 1 || rep.Written < 3 {
		t.Errorf("changed title: %s", describe(rep))
	}
	if idx, _ := os.ReadFile(filepath.Join(out, "index.md")); !strings.Contains(string(idx), "改題") {
		t.Errorf("the index does not show the new title")
	}
}

// TestResultsStream: with Options.Result each record's result is given
// as it completes, in id order whatever the order of the files, and the
// report holds none of them.
func TestResultsStream(t *testing.T) {
	_, files := copyBundled(t)
	files = append(files, filepath.Join(t.TempDir(), "missing.yaml"))
	slices.Reverse(files)
	o := options(t, t.TempDir())
	var ids []string
	o.Result = func(r export.Result) { ids = append(ids, advisory.FileStem(r.File)) }
	rep := run(t, files, o)
	if rep.Results != nil || rep.Exported != 5 || rep.Failed != 1 {
		t.Errorf("report %s, %d results held", describe(rep), len(rep.Results))
	}
	if len(ids) != 6 || !slices.IsSorted(ids) {
		t.Errorf("results in the order %v", ids)
	}
}

// TestInterruptedKeepsManifest: an export interrupted over earlier output
// keeps every record of the manifest: those not reached keep their
// output and their lines, and the next run finishes the job.
func TestInterruptedKeepsManifest(t *testing.T) {
	in := t.TempDir()
	if err := synth.Write(in, 3, 40); err != nil {
		t.Fatal(err)
	}
	files, _ := export.Discover([]string{in})
	out := t.TempDir()
	run(t, files, options(t, out))

	o := options(t, out)
	o.Config = "another"
	o.Jobs = 1
	o.Prune = true
	ctx, cancel := context.WithCancel(context.Background())
	o.Progress = func(done, _ int) {
		if done == 5 {
			cancel()
		}
	}
	rep, err := export.Run(ctx, files[:30], o) // Prune would remove the last 10
	if !errors.Is(err, export.ErrInterrupted) || rep.Pruned != 0 {
		t.Fatalf("%v: %s", err, describe(rep))
	}
	if m := readManifest(t, out); len(m.Records) != 40 {
		t.Errorf("the manifest lists %d records, want 40", len(m.Records))
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(out, advisory.FileStem(f), "ja.txt")); err != nil {
			t.Errorf("output gone: %v", err)
		}
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".noticegen-tmp-") {
			t.Errorf("left: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	o.Progress = nil
	if rep := run(t, files, o); rep.Exported+rep.Unchanged != 40 {
		t.Errorf("resumed: %s", describe(rep))
	}
}
