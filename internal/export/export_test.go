package export_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

func options(t testing.TB, out string) export.Options {
	t.Helper()
	layers := []locale.Layer{render.EmbeddedTemplates}
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	h, err := format.NewHTML(layers)
	if err != nil {
		t.Fatal(err)
	}
	p, err := export.NewPages(r, layers, "ja")
	if err != nil {
		t.Fatal(err)
	}
	return export.Options{Out: out, Locales: []string{"en", "ja"}, Formats: format.Formats, Renderer: r, HTML: h, Pages: p,
		EML: fakeEML, Config: "test"}
}

// fakeEML stands in for the mail package, which has its own tests.
func fakeEML(_ *advisory.Record, d *render.Draft, text, _ []byte) ([]byte, []string, error) {
	return append([]byte("Subject: "+d.Subject+"\n\n"), text...), nil, nil
}

// bundled returns the committed sample records (not whatever else a user
// left in advisories/).
func bundled(t testing.TB) []string { return golden.Samples(t, "../..") }

// describe sums up a report for a failure message: the counts, then each
// record that did not export with its error.
func describe(rep *export.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d exported, %d unchanged, %d left out, %d failed; %d written, %d removed, %d retracted, %d pruned",
		rep.Exported, rep.Unchanged, rep.Skipped, rep.Failed, rep.Written, rep.Removed, rep.Retracted, rep.Pruned)
	for _, r := range rep.Results {
		if r.Err != nil {
			fmt.Fprintf(&b, "\n  %s: %v", r.File, r.Err)
		}
	}
	for _, err := range rep.Errors {
		fmt.Fprintf(&b, "\n  %v", err)
	}
	return b.String()
}

// tree returns every file below dir with its content, but for the stat
// cache: it holds file serial numbers and times, which differ from one
// copy of the output to the next.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(dir, export.CacheFile) {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func run(t testing.TB, files []string, o export.Options) *export.Report {
	t.Helper()
	rep, err := export.Run(context.Background(), files, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestLayout(t *testing.T) {
	out := t.TempDir()
	rep := run(t, bundled(t), options(t, out))
	if rep.Failed != 0 || rep.Exported != 5 {
		t.Fatalf("report %s", describe(rep))
	}
	got := tree(t, out)
	for _, want := range []string{"index.html", "index.md", export.ManifestFile,
		"2026-06-09-trend-micro-dsa-linux/index.html"} {
		if _, ok := got[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	for _, loc := range []string{"ja", "en"} {
		for _, ext := range []string{"txt", "md", "html", "eml", "json"} {
			if _, ok := got["2026-06-09-trend-micro-dsa-linux/"+loc+"."+ext]; !ok {
				t.Errorf("no %s.%s", loc, ext)
			}
		}
	}
	digest := got["2026-06-09-trend-micro-dsa-linux/index.html"]
	for _, want := range []string{"一言でいうと", "該当判定", "上記いずれにも該当しない → <strong lang=\"ja\">静観でOK</strong>",
		"該当時の対応", "メール案を見る (管理者向け)", "【共有】Trend Micro", "[Info] Behavior", "英語ソース", `ランク <span class="badge rank-C">C</span>`, "月内に"} {
		if !strings.Contains(digest, want) {
			t.Errorf("digest page lacks %q", want)
		}
	}
	idx := got["index.html"]
	if a, b := strings.Index(idx, "2026-10-14-helpdesk-phishing"), strings.Index(idx, "2023-09-12-windows-server-2012-eol"); a < 0 || b < 0 || a > b {
		t.Errorf("index is not newest first")
	}
}

// TestDeterministic exports the same input twice and gets the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	run(t, bundled(t), options(t, a))
	run(t, bundled(t), options(t, b))
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files vs %d", len(ta), len(tb))
	}
	for k, v := range ta {
		if tb[k] != v {
			t.Errorf("%s differs between runs", k)
		}
	}
}

// TestIncremental checks that an unchanged re-export writes nothing, that
// a changed record rewrites only its changed files, and --force rewrites
// everything.
func TestIncremental(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	for _, f := range bundled(t) {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(in, filepath.Base(f)), b, 0o644)
	}
	files, _ := export.Discover([]string{in})
	o := options(t, out)
	first := run(t, files, o)
	if rep := run(t, files, o); rep.Written != 0 || rep.Unchanged != 5 || rep.Exported != 0 {
		t.Errorf("unchanged re-export: %s", describe(rep))
	}
	// Change the English lead of one record: its en drafts and its digest
	// page change; the ja drafts, other records and the index do not.
	p := filepath.Join(in, "2026-06-09-trend-micro-dsa-linux.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "We are sharing information", "We share information", 1)), 0o644)
	rep := run(t, files, o)
	if rep.Exported != 1 || rep.Unchanged != 4 {
		t.Errorf("after one change: %s", describe(rep))
	}
	if rep.Written != 6 { // en.txt .md .html .eml .json + index.html of the record
		t.Errorf("after one change %d files written, want 6", rep.Written)
	}
	o.Force = true
	if rep := run(t, files, o); rep.Exported != 5 || rep.Written != first.Written {
		t.Errorf("force wrote %d files (%s), want all %d", rep.Written, describe(rep), first.Written)
	}
}

// TestBadRecord checks that a bad record is reported and skipped while the
// others are exported, and leaves no output behind.
func TestBadRecord(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	seed, _ := os.ReadFile("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	os.WriteFile(filepath.Join(in, "2026-06-09-trend-micro-dsa-linux.yaml"), seed, 0o644)
	os.WriteFile(filepath.Join(in, "bad.yaml"), []byte("id: bad\npriority: urgent\n"), 0o644)
	other := strings.Replace(string(seed), "id: 2026-06-09-trend-micro-dsa-linux", "id: other-id", 1)
	os.WriteFile(filepath.Join(in, "mismatch.yaml"), []byte(other), 0o644)
	sub := filepath.Join(in, "sub")
	os.Mkdir(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "2026-06-09-trend-micro-dsa-linux.yml"), seed, 0o644)
	files, _ := export.Discover([]string{in})
	rep := run(t, files, options(t, out))
	if rep.Exported != 0 || rep.Failed != 4 {
		t.Errorf("report %s", describe(rep))
	}
	var msgs []string
	for _, r := range rep.Results {
		if r.Err != nil {
			msgs = append(msgs, r.Err.Error())
		}
	}
	sort.Strings(msgs)
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		`bad.yaml:2:11: priority: unknown priority "urgent"`,
		`mismatch.yaml:4:5: id: "other-id" differs from the file name`,
		`the same file name as`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "bad")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output written for the bad record")
	}
}

func TestOutIsFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	_, err := export.Run(context.Background(), bundled(t), options(t, f))
	if err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("err = %v", err)
	}
}

// TestInterrupted cancels an export midway: the run reports it, and every
// file it wrote is complete and identical to a full export's.
func TestInterrupted(t *testing.T) {
	in := t.TempDir()
	if err := synth.Write(in, 3, 60); err != nil {
		t.Fatal(err)
	}
	files, _ := export.Discover([]string{in})
	ref := t.TempDir()
	run(t, files, options(t, ref))
	want := tree(t, ref)

	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	o := options(t, out)
	o.Jobs = 1
	o.Progress = func(done, _ int) {
		if done == 10 {
			cancel()
		}
	}
	rep, err := export.Run(ctx, files, o)
	if !errors.Is(err, export.ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if rep.Exported < 10 || rep.Exported >= 60 {
		t.Errorf("exported %d of 60", rep.Exported)
	}
	for rel, data := range tree(t, out) {
		if strings.Contains(rel, "index.") && !strings.Contains(rel, "/") || rel == export.ManifestFile {
			continue // the index and manifest cover the records done so far
		}
		if want[rel] != data {
			t.Errorf("%s differs from a full export's", rel)
		}
	}
	// A second run completes the job.
	if rep := run(t, files, options(t, out)); rep.Unchanged < 10 || rep.Exported+rep.Unchanged != 60 {
		t.Errorf("resumed: %s", describe(rep))
	}
}

// BenchmarkExport exports b.N synthetic records (both locales, every
// format) to a fresh directory, reporting records per second.
func BenchmarkExport(b *testing.B) {
	in := b.TempDir()
	if err := synth.Write(in, 1, b.N); err != nil {
		b.Fatal(err)
	}
	files, _ := export.Discover([]string{in})
	o := options(b, b.TempDir())
	b.ReportAllocs()
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() { // sample the heap in use; its peak is the export's footprint
		var m runtime.MemStats
		var max uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				peak <- max
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				max = maxU(max, m.HeapInuse)
			}
		}
	}()
	b.ResetTimer()
	rep, err := export.Run(context.Background(), files, o)
	b.StopTimer()
	close(stop)
	if err != nil || rep.Failed > 0 {
		b.Fatal(err, rep.Failed)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MB")
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
