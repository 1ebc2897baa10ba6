//go:build unix

package export_test

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/noticegen/noticegen/internal/export"
)

// TestDiscoverOnce: a record named twice, or below two of the paths
// given, is in the list once, where it first occurs; the rest keep the
// order of the paths and each directory's files are sorted.
func TestDiscoverOnce(t *testing.T) {
	d := t.TempDir()
	for _, f := range []string{"b.yaml", "a.yaml", "sub/c.yaml", "sub/a.yml", "sub/deeper/d.YAML", "noticegen.yaml", ".hidden.yaml", ".git/e.yaml", "x.txt"} {
		p := filepath.Join(d, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("id: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Not followed: a link to a directory, a link to a record; not read:
	// a FIFO named like a record.
	if err := os.Symlink(filepath.Join(d, "sub"), filepath.Join(d, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(d, "a.yaml"), filepath.Join(d, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(d, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	j := func(f string) string { return filepath.Join(d, f) }
	for _, c := range []struct {
		name  string
		paths []string
		want  []string
	}{
		{"one directory", []string{d}, []string{j("a.yaml"), j("b.yaml"), j("sub/a.yml"), j("sub/c.yaml"), j("sub/deeper/d.YAML")}},
		{"a file twice", []string{j("b.yaml"), j("a.yaml"), j("b.yaml")}, []string{j("b.yaml"), j("a.yaml")}},
		{"a file, then its directory", []string{j("sub/c.yaml"), j("sub")}, []string{j("sub/c.yaml"), j("sub/a.yml"), j("sub/deeper/d.YAML")}},
		{"a directory and one inside it", []string{j("sub"), d}, []string{j("sub/a.yml"), j("sub/c.yaml"), j("sub/deeper/d.YAML"), j("a.yaml"), j("b.yaml")}},
		{"the same directory twice", []string{d, d}, []string{j("a.yaml"), j("b.yaml"), j("sub/a.yml"), j("sub/c.yaml"), j("sub/deeper/d.YAML")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, errs := export.Discover(c.paths)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Discover(%q)\n got %q\nwant %q", c.paths, got, c.want)
			}
		})
	}
}
