package confine_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticegen/noticegen/internal/confine"
)

// setup returns an open directory holding "file" (a regular file),
// "dirlink" (a link to a directory outside it) and "filelink" (a link to a
// file outside it), and the outside directory.
func setup(t *testing.T) (*confine.Dir, string) {
	t.Helper()
	base := t.TempDir()
	in, outside := filepath.Join(base, "in"), filepath.Join(base, "outside")
	for _, d := range []string{in, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must(t, os.WriteFile(filepath.Join(in, "file"), []byte("in\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(outside, "target"), []byte("outside\n"), 0o644))
	must(t, os.Symlink(outside, filepath.Join(in, "dirlink")))
	must(t, os.Symlink(filepath.Join(outside, "target"), filepath.Join(in, "filelink")))
	d, err := confine.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantLink(t *testing.T, what string, err error, path string) {
	t.Helper()
	var le *confine.LinkError
	if !errors.As(err, &le) || le.Path != path {
		t.Errorf("%s: err = %v, want a LinkError for %s", what, err, path)
		return
	}
	if want := path + ": is a symbolic link to " + le.Target + "; refusing to write through it"; err.Error() != want || le.Target == "" {
		t.Errorf("%s: message %q", what, err)
	}
}

// TestRefusesLinks: every writing method refuses a link, to a directory
// or to a file, and nothing outside changes.
func TestRefusesLinks(t *testing.T) {
	d, outside := setup(t)
	for _, name := range []string{"dirlink", "filelink"} {
		p := d.Path(name)
		_, err := d.Sub(name)
		wantLink(t, "Sub", err, p)
		_, err = d.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
		wantLink(t, "OpenFile", err, p)
		_, err = d.ReadFile(name)
		wantLink(t, "ReadFile", err, p)
		wantLink(t, "WriteFile", d.WriteFile(name, []byte("x"), 0o644, ".tmp-*"), p)
		wantLink(t, "Rename", d.Rename("file", name), p)
		wantLink(t, "Link", d.Link("file", name), p)
		_, err = d.Remove(name)
		wantLink(t, "Remove", err, p)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "target")); string(b) != "outside\n" {
		t.Errorf("the file outside was changed: %q", b)
	}
	es, _ := os.ReadDir(outside)
	if len(es) != 1 {
		t.Errorf("outside holds %d entries", len(es))
	}
	// Nothing was left behind inside either.
	es, _ = d.ReadDir()
	if len(es) != 3 {
		t.Errorf("inside holds %d entries, want 3", len(es))
	}
}

// TestRemoveAllLink: RemoveAll removes a link itself, not what it points at.
func TestRemoveAllLink(t *testing.T) {
	d, outside := setup(t)
	must(t, d.RemoveAll("dirlink"))
	if _, err := d.Lstat("dirlink"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the link is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "target")); err != nil {
		t.Errorf("the link's target was removed: %v", err)
	}
}

// TestWrites: the writers work on ordinary names, atomically.
func TestWrites(t *testing.T) {
	d, _ := setup(t)
	must(t, d.WriteFile("file", []byte("new\n"), 0o644, ".tmp-*"))
	if b, _ := d.ReadFile("file"); string(b) != "new\n" {
		t.Errorf("file holds %q", b)
	}
	must(t, d.Mkdir("sub", 0o755))
	sub, err := d.Sub("sub")
	must(t, err)
	defer sub.Close()
	must(t, sub.WriteNew("a", []byte("a"), 0o644))
	if err := sub.WriteNew("a", []byte("b"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteNew over an existing file: %v", err)
	}
	if sub.Path("a") != filepath.Join(d.Name(), "sub", "a") {
		t.Errorf("Path = %s", sub.Path("a"))
	}
	if _, err := d.Sub("file"); err == nil {
		t.Errorf("Sub of a file succeeded")
	}
	if _, err := d.Sub("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Sub of a missing name: %v", err)
	}
	if fi, err := d.NoLink("missing"); fi != nil || err != nil {
		t.Errorf("NoLink of a missing name: %v, %v", fi, err)
	}
	es, _ := d.ReadDir()
	for _, e := range es {
		if filepath.Ext(e.Name()) == "" && e.Name()[0] == '.' {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
