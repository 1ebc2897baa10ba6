package confine_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/noticegen/noticegen/internal/confine"
)

// osStat is what os.Lstat says of path, as a confine.Stat.
func osStat(t *testing.T, path string) confine.Stat {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := confine.Stat{Mode: fi.Mode(), Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.Ino = uint64(sys.Ino)
	}
	st.CTime = confine.StatOf(fi).CTime // see TestStatCTime
	return st
}

// TestStat: Stat describes a file, a link and a directory as os.Lstat
// does, and a missing name as not there.
func TestStat(t *testing.T) {
	d, _ := setup(t)
	must(t, d.Mkdir("dir", 0o750))
	for _, name := range []string{"file", "filelink", "dirlink", "dir"} {
		st, ok, err := d.Stat(name)
		if err != nil || !ok {
			t.Fatalf("Stat(%s) = %v, %v", name, ok, err)
		}
		if want := osStat(t, d.Path(name)); st != want {
			t.Errorf("Stat(%s) = %+v, want %+v", name, st, want)
		}
	}
	if _, ok, err := d.Stat("missing"); ok || err != nil {
		t.Errorf("Stat(missing) = %v, %v", ok, err)
	}
}

// TestWriteNewStatReplace: the Stat the writers return is the file's,
// Replace replaces a file and a link (never writing through it), and
// leaves no temporary file in either directory.
func TestWriteNewStatReplace(t *testing.T) {
	d, outside := setup(t)
	must(t, d.Mkdir("sub", 0o755))
	sub, err := d.Sub("sub")
	must(t, err)
	defer sub.Close()
	st, err := sub.WriteNewStat("a", []byte("first"), 0o644)
	must(t, err)
	if want := osStat(t, sub.Path("a")); st != want {
		t.Errorf("WriteNewStat = %+v, want %+v", st, want)
	}
	if _, err := sub.WriteNewStat("a", []byte("again"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteNewStat over a file: %v", err)
	}
	st, err = sub.Replace("a", []byte("second"), 0o644, d, ".tmp-*")
	must(t, err)
	if b, _ := os.ReadFile(sub.Path("a")); string(b) != "second" {
		t.Errorf("a holds %q", b)
	}
	if want := osStat(t, sub.Path("a")); st.CTime != 0 || st.Ino != want.Ino || st.MTime != want.MTime || st.Size != want.Size || st.Mode != want.Mode {
		t.Errorf("Replace = %+v, want %+v (CTime 0)", st, want)
	}
	st, err = d.Replace("filelink", []byte("replaced"), 0o644, d, ".tmp-*")
	must(t, err)
	if st.Mode.Type() != 0 {
		t.Errorf("filelink is %v after Replace", st.Mode)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "target")); string(b) != "outside\n" {
		t.Errorf("Replace wrote through the link: the target holds %q", b)
	}
	// A directory where the file goes: an error, and nothing left over.
	must(t, sub.Mkdir("d", 0o755))
	if _, err := sub.Replace("d", []byte("x"), 0o644, d, ".tmp-*"); err == nil {
		t.Errorf("Replace over a directory succeeded")
	}
	for _, dir := range []*confine.Dir{d, sub} {
		names, err := dir.Names()
		must(t, err)
		for _, n := range names {
			if len(n) > 5 && n[:5] == ".tmp-" {
				t.Errorf("%s: temporary file left", dir.Path(n))
			}
		}
	}
	names, _ := sub.Names()
	slices.Sort(names)
	if !slices.Equal(names, []string{"a", "d"}) {
		t.Errorf("sub holds %v", names)
	}
}

// TestSame: Same is true only for a regular file with exactly the bytes.
func TestSame(t *testing.T) {
	d, _ := setup(t)
	if st, ok := d.Same("file", []byte("in\n")); !ok || st != osStat(t, d.Path("file")) {
		t.Errorf("Same(file) = %+v, %v", st, ok)
	}
	for _, c := range []struct{ name, data string }{
		{"file", "ix\n"}, {"file", "in"}, {"file", "in\n\n"}, {"filelink", "outside\n"}, {"missing", ""},
	} {
		if _, ok := d.Same(c.name, []byte(c.data)); ok {
			t.Errorf("Same(%s, %q) = true", c.name, c.data)
		}
	}
	must(t, syscall.Mkfifo(d.Path("fifo"), 0o644))
	if _, ok := d.Same("fifo", nil); ok {
		t.Errorf("Same(fifo) = true")
	}
	big := make([]byte, 200<<10)
	for i := range big {
		big[i] = byte(i)
	}
	must(t, os.WriteFile(d.Path("big"), big, 0o644))
	if _, ok := d.Same("big", big); !ok {
		t.Errorf("Same(big) = false")
	}
	big[len(big)-1]++
	if _, ok := d.Same("big", big); ok {
		t.Errorf("Same(big, changed at the end) = true")
	}
}

// TestSubReplacedByLink: a Dir from Sub stays the directory it opened; if
// the name is replaced by a link to another directory, the methods that
// go through os.Root refuse it rather than act on the link's target.
func TestSubReplacedByLink(t *testing.T) {
	d, outside := setup(t)
	must(t, d.Mkdir("sub", 0o755))
	sub, err := d.Sub("sub")
	must(t, err)
	defer sub.Close()
	must(t, os.Rename(d.Path("sub"), d.Path("moved")))
	must(t, os.Symlink(outside, d.Path("sub")))
	if _, err := sub.ReadDir(); err == nil {
		t.Errorf("ReadDir through a Sub whose name is now a link succeeded")
	}
	if err := sub.WriteFile("x", []byte("x"), 0o644, ".tmp-*"); err == nil {
		t.Errorf("WriteFile through a Sub whose name is now a link succeeded")
	}
	if es, _ := os.ReadDir(outside); len(es) != 1 {
		t.Errorf("outside holds %d entries", len(es))
	}
}

// TestRenameNew: RenameNew moves a directory to a name that is free, and
// replaces nothing at a name that is taken — not even an empty directory,
// which a plain rename replaces — through the descriptor (single names)
// and through os.Root (paths) alike.
func TestRenameNew(t *testing.T) {
	for _, via := range []string{"", "sub/"} {
		for _, taken := range []string{"", "emptydir", "file", "filelink"} {
			t.Run(via+"to-"+taken, func(t *testing.T) {
				d, _ := setup(t)
				if via != "" {
					must(t, d.Mkdir("sub", 0o755))
					for _, n := range []string{"file", "filelink"} {
						must(t, os.Rename(d.Path(n), d.Path(via+n)))
					}
				}
				must(t, d.Mkdir(via+"tmp", 0o755))
				must(t, os.WriteFile(d.Path(via+"tmp/a"), []byte("a"), 0o644))
				target := via + "new"
				if taken != "" {
					target = via + taken
				}
				if taken == "emptydir" {
					must(t, d.Mkdir(target, 0o755))
				}
				before, _ := os.Lstat(d.Path(target))
				err := d.RenameNew(via+"tmp", target)
				if taken == "" {
					must(t, err)
					if b, err := os.ReadFile(d.Path(target + "/a")); err != nil || string(b) != "a" {
						t.Fatalf("moved: %q, %v", b, err)
					}
					return
				}
				var le *confine.LinkError
				if !errors.Is(err, fs.ErrExist) && !errors.As(err, &le) {
					t.Errorf("RenameNew over %s: err = %v, want one that is fs.ErrExist", taken, err)
				}
				after, lerr := os.Lstat(d.Path(target))
				if lerr != nil || !os.SameFile(before, after) || after.Mode() != before.Mode() {
					t.Errorf("%s was replaced: %v", taken, lerr)
				}
				if _, err := os.Stat(d.Path(via + "tmp/a")); err != nil {
					t.Errorf("the directory renamed is gone: %v", err)
				}
			})
		}
	}
}
