package export_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
)

// outside makes a directory outside the output holding one file, and a
// file outside the output, as targets of planted links.
func outside(t *testing.T) (dir, file string) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "elsewhere")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ja.txt"), "not noticegen's\n")
	file = filepath.Join(base, "precious")
	writeFile(t, file, "precious\n")
	return dir, file
}

// untouched checks that the targets hold what outside put there.
func untouched(t *testing.T, dir, file string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil || len(es) != 1 || es[0].Name() != "ja.txt" {
		t.Errorf("the directory outside changed: %v %v", es, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "ja.txt")); string(b) != "not noticegen's\n" {
		t.Errorf("the file in the directory outside changed: %q", b)
	}
	if b, _ := os.ReadFile(file); string(b) != "precious\n" {
		t.Errorf("the file outside changed: %q", b)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func linkMessage(link, target string) string {
	return link + ": is a symbolic link to " + target + "; refusing to write through it"
}

// resultErr returns the error of the record id.
func resultErr(rep *export.Report, id string) error {
	for _, r := range rep.Results {
		if advisory.FileStem(r.File) == id {
			return r.Err
		}
	}
	return nil
}

// TestLinkRecordDir: a link standing as a record's directory, to a
// directory or to a file, is refused with an error naming it; the other
// records are exported.
func TestLinkRecordDir(t *testing.T) {
	for _, to := range []string{"dir", "file"} {
		t.Run(to, func(t *testing.T) {
			dir, file := outside(t)
			target := map[string]string{"dir": dir, "file": file}[to]
			_, files := copyBundled(t)
			out := t.TempDir()
			link := filepath.Join(out, seedID)
			symlink(t, target, link)
			rep := run(t, files, options(t, out))
			if rep.Failed != 1 || rep.Exported != 4 {
				t.Errorf("report %s", describe(rep))
			}
			if err := resultErr(rep, seedID); err == nil || !strings.Contains(err.Error(), linkMessage(link, target)) {
				t.Errorf("err = %v", err)
			}
			untouched(t, dir, file)
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v", err)
			}
			idx, _ := os.ReadFile(filepath.Join(out, "index.md"))
			if strings.Contains(string(idx), seedID) {
				t.Errorf("the index lists the refused record")
			}
		})
	}
}

// TestLinkRecordFile: in an existing record directory, a draft's name
// that is a link (to a file or to a directory) refuses the record before
// any of its files is written.
func TestLinkRecordFile(t *testing.T) {
	for _, to := range []string{"dir", "file"} {
		t.Run(to, func(t *testing.T) {
			dir, file := outside(t)
			target := map[string]string{"dir": dir, "file": file}[to]
			in, files := copyBundled(t)
			out := t.TempDir()
			o := options(t, out)
			run(t, files, o)
			link := filepath.Join(out, seedID, "en.eml")
			os.Remove(link)
			symlink(t, target, link)
			enTxt, _ := os.ReadFile(filepath.Join(out, seedID, "en.txt"))
			editRecord(t, in, seedID, "We are sharing information", "We share information")
			rep := run(t, files, o)
			if rep.Failed != 1 || rep.Unchanged != 4 {
				t.Errorf("report %s", describe(rep))
			}
			if err := resultErr(rep, seedID); err == nil || !strings.Contains(err.Error(), linkMessage(link, target)) {
				t.Errorf("err = %v", err)
			}
			untouched(t, dir, file)
			if b, _ := os.ReadFile(filepath.Join(out, seedID, "en.txt")); string(b) != string(enTxt) {
				t.Errorf("en.txt was rewritten although the record was refused")
			}
			// Force goes through the same check.
			o.Force = true
			rep = run(t, files, o)
			if err := resultErr(rep, seedID); err == nil || !strings.Contains(err.Error(), linkMessage(link, target)) {
				t.Errorf("with force: err = %v", err)
			}
			untouched(t, dir, file)
		})
	}
}

// TestLinkIndexPages: index.html or index.md as a link is refused, named
// in the report's errors; the records are still exported.
func TestLinkIndexPages(t *testing.T) {
	for _, name := range []string{"index.html", "index.md"} {
		for _, to := range []string{"dir", "file"} {
			t.Run(name+"/"+to, func(t *testing.T) {
				dir, file := outside(t)
				target := map[string]string{"dir": dir, "file": file}[to]
				_, files := copyBundled(t)
				out := t.TempDir()
				link := filepath.Join(out, name)
				symlink(t, target, link)
				rep := run(t, files, options(t, out))
				if rep.Exported != 5 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), linkMessage(link, target)) {
					t.Errorf("report %s", describe(rep))
				}
				untouched(t, dir, file)
				// The next run tries the index pages again.
				os.Remove(link)
				if rep := run(t, files, options(t, out)); rep.Written != 2 || len(rep.Errors) != 0 {
					t.Errorf("after the link is gone: %s", describe(rep))
				}
			})
		}
	}
}

// TestLinkManifest: a manifest that is a link stops the export before
// anything is written.
func TestLinkManifest(t *testing.T) {
	for _, to := range []string{"dir", "file"} {
		t.Run(to, func(t *testing.T) {
			dir, file := outside(t)
			target := map[string]string{"dir": dir, "file": file}[to]
			_, files := copyBundled(t)
			out := t.TempDir()
			link := filepath.Join(out, export.ManifestFile)
			symlink(t, target, link)
			_, err := export.Run(context.Background(), files, options(t, out))
			if err == nil || err.Error() != linkMessage(link, target) {
				t.Errorf("err = %v", err)
			}
			untouched(t, dir, file)
			if es, _ := os.ReadDir(out); len(es) != 1 {
				t.Errorf("the output holds %d entries, want only the link", len(es))
			}
		})
	}
}

// TestLinkTempCleanup: removing the left-overs of an interrupted run
// follows no link: a record directory that is a link is not looked into,
// and a left-over name that is a link is removed itself.
func TestLinkTempCleanup(t *testing.T) {
	dir, _ := outside(t)
	writeFile(t, filepath.Join(dir, ".noticegen-tmp-ja.txt-1"), "not noticegen's\n")
	_, files := copyBundled(t)
	out := t.TempDir()
	symlink(t, dir, filepath.Join(out, "somelink"))
	symlink(t, dir, filepath.Join(out, ".noticegen-tmp-x-1"))
	run(t, files, options(t, out))
	if _, err := os.Stat(filepath.Join(dir, ".noticegen-tmp-ja.txt-1")); err != nil {
		t.Errorf("a file behind a link was removed: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(out, ".noticegen-tmp-x-1")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the left-over link is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ja.txt")); err != nil {
		t.Errorf("the left-over link's target lost its file: %v", err)
	}
}

// TestLinkNotRemovedThrough: removing output (a failed record's, a
// pruned one's, an outdated format's) never goes through a link: the
// record directory replaced by a link keeps what it points at.
func TestLinkNotRemovedThrough(t *testing.T) {
	dir, file := outside(t)
	writeFile(t, filepath.Join(dir, "ja.eml"), "not noticegen's\n")
	_, files := copyBundled(t)
	out := t.TempDir()
	o := options(t, out)
	run(t, files, o)
	rec := filepath.Join(out, seedID)
	if err := os.RemoveAll(rec); err != nil {
		t.Fatal(err)
	}
	symlink(t, dir, rec)
	var rest []string
	for _, f := range files {
		if advisory.FileStem(f) != seedID {
			rest = append(rest, f)
		}
	}
	o.Prune = true
	rep := run(t, rest, o)
	if rep.Pruned != 0 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), linkMessage(rec, dir)) {
		t.Errorf("report %s", describe(rep))
	}
	if _, err := os.Stat(filepath.Join(dir, "ja.eml")); err != nil {
		t.Errorf("a file behind the link was removed: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "ja.txt")); string(b) != "not noticegen's\n" {
		t.Errorf("a file behind the link changed: %q", b)
	}
	if b, _ := os.ReadFile(file); string(b) != "precious\n" {
		t.Errorf("the file outside changed: %q", b)
	}
}

// TestLinkLegacyManifestClosesCache: a run refused for a legacy manifest
// that is a link leaves no file open (the stat cache it had opened).
func TestLinkLegacyManifestClosesCache(t *testing.T) {
	export.SetRacyWindow(t, 0)
	dir, file := outside(t)
	_, files := copyBundled(t)
	out := t.TempDir()
	run(t, files, options(t, out))
	if err := os.Remove(filepath.Join(out, export.ManifestFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, export.CacheFile)); err != nil {
		t.Fatal(err)
	}
	symlink(t, file, filepath.Join(out, ".noticegen-manifest.json"))
	before := export.OpenFiles(t)
	if _, err := export.Run(context.Background(), files, options(t, out)); err == nil {
		t.Fatal("a legacy manifest that is a link was not refused")
	}
	if after := export.OpenFiles(t); after != before {
		t.Errorf("%d files open after the run, %d before", after, before)
	}
	untouched(t, dir, file)
}
