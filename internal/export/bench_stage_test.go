package export

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// The export's own stages, each measured alone (the rendering stages
// have theirs in internal/render, internal/format and internal/mail;
// BenchmarkExport in export_test.go measures the whole).

// stageInput renders a synthetic record in both locales, as produce
// does, for the stage benchmarks.
func stageInput(b *testing.B) (*Pages, *advisory.Record, []*render.Draft, map[string]*render.View, map[string][]byte, []outFile) {
	b.Helper()
	layers := []locale.Layer{render.EmbeddedTemplates}
	r, err := render.Default()
	if err != nil {
		b.Fatal(err)
	}
	h, err := format.NewHTML(layers)
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPages(r, layers, "ja")
	if err != nil {
		b.Fatal(err)
	}
	id, data := synth.Record(1, 7)
	rec, err := advisory.Decode(id+".yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	views := map[string]*render.View{}
	bodies := map[string][]byte{}
	var drafts []*render.Draft
	var out []outFile
	for _, loc := range []string{"en", "ja"} {
		d, v, err := r.RenderView(rec, loc)
		if err != nil {
			b.Fatal(err)
		}
		o, err := h.Outputs(d)
		if err != nil {
			b.Fatal(err)
		}
		drafts, views[loc], bodies[loc] = append(drafts, d), v, o.HTMLBody
		for _, ft := range format.Formats {
			if ft.Of != nil {
				out = append(out, outFile{name: loc + "." + ft.Ext, data: ft.Of(o)})
			}
		}
	}
	return p, rec, drafts, views, bodies, out
}

// BenchmarkDigest renders a record's digest page (both drafts).
func BenchmarkDigest(b *testing.B) {
	p, rec, drafts, views, bodies, _ := stageInput(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.digest(rec, drafts, views, bodies, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteRecord writes a new record directory with the files of
// both drafts (every format but .eml), as the first export of a record
// does: the file system's part of an export (run it with TMPDIR on the
// file system to measure).
func BenchmarkWriteRecord(b *testing.B) {
	_, _, _, _, _, out := stageInput(b)
	d, err := confine.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	size := 0
	for _, f := range out {
		size += len(f.data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := writeRecord(d, fmt.Sprintf("r%07d", i), out, nil, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnchanged is the re-export of a record that did not change:
// the stat cache's check of its record file and its files.
func BenchmarkUnchanged(b *testing.B) {
	_, _, _, _, _, out := stageInput(b)
	dir := b.TempDir()
	d, err := confine.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := writeRecord(d, "r", out, nil, false); err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, f := range out {
		names = append(names, f.name)
	}
	sum, ok := outStat(d, "r", names)
	if !ok {
		b.Fatal("outStat")
	}
	// The record file: old enough for its stat key to be trusted.
	racy := racyWindow
	racyWindow = 0
	defer func() { racyWindow = racy }()
	id, data := synth.Record(1, 7)
	file := filepath.Join(b.TempDir(), id+".yaml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		b.Fatal(err)
	}
	key := recordKey(file, "tag")
	prev := manifestRecord{ID: "r", Input: "x", Files: names, Entry: &IndexEntry{ID: "r"}, Cache: key, OutStat: sum}
	b.ReportAllocs()
	for b.Loop() {
		if r := exportOne(file, prev, d, Options{}, "tag"); r.Status != Unchanged {
			b.Fatal(r.Status, r.Err)
		}
	}
}

// BenchmarkIndexPages writes the two index pages (index.html and
// index.md, at the same time) of 1,000 synthetic records' entries, as the
// end of an export does; per entry, what a re-export after one change
// pays for every record in the output directory.
func BenchmarkIndexPages(b *testing.B) {
	p, _, _, _, _, _ := stageInput(b)
	r, err := render.Default()
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	d, err := confine.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	s := &entrySorter{d: d}
	for i := range n {
		id, data := synth.Record(1, i)
		rec, err := advisory.Decode(id+".yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		s.add(newIndexEntry(rec, r.Policy()))
	}
	slices.SortFunc(s.mem, newerFirst)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.writeIndexes(d, s, []string{"ja", "en"}, true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/entry")
}
