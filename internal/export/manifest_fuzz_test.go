package export

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
)

// FuzzManifest reads arbitrary bytes as the manifest of an output
// directory (and as its stat cache): whatever a commit to a checked-in
// output tree puts there, the reader never panics, and every record it
// yields has a valid record id, comes after the one before it, and names
// only files noticegen writes, each once: so no edit of the manifest can
// make an export remove a file of the user's. A record it yields writes
// back to a line that reads as the same record.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(manifestHeader + "\n" +
		"2026-01-01-a\tabc\tce\tja.txt,en.md\t2026-01-01\tincident\tA\thigh\t2026-01-03\tAMBER\tja\tタイトル\ten\tTitle\n" +
		"2026-01-02-b\t\t\tja.txt\n" + indexPrefix + "0123\n"))
	f.Add([]byte(manifestHeader + "\n../etc\tx\t\tja.txt\nb\tx\t\t../../x,index.html,ja.txt,ja.txt\na\tx\t\tja.txt\n"))
	f.Add([]byte(manifestHeader + "\nid\\tx\t\\\\\t\\n\tja.eml\nz\tq\tq\t\n"))
	f.Add([]byte("noticegen-manifest\t2\nx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cache := append([]byte(cacheHeader+"\n"), data...)
		if err := os.WriteFile(filepath.Join(dir, CacheFile), cache, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := confine.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		m, err := openManifest(d)
		if err != nil {
			t.Fatal(err)
		}
		defer m.close()
		last := ""
		for n := 0; ; n++ {
			r, ok := m.next()
			if !ok {
				break
			}
			if msg := advisory.ValidID(r.ID); msg != "" {
				t.Fatalf("record %q: the id %s", r.ID, msg)
			}
			if r.ID <= last {
				t.Fatalf("record %q after %q", r.ID, last)
			}
			last = r.ID
			for i, name := range r.Files {
				if !ownedName(name) || strings.ContainsAny(name, `/\`) || slices.Contains(r.Files[:i], name) {
					t.Fatalf("record %q names the file %q", r.ID, name)
				}
			}
			if r.Entry != nil && r.Entry.ID != r.ID {
				t.Fatalf("record %q has the entry of %q", r.ID, r.Entry.ID)
			}
			line := r.appendLine(nil)
			back, err := parseLine(strings.TrimSuffix(string(line), "\n"))
			if err != nil {
				t.Fatalf("record %q: its line %q does not read back: %v", r.ID, line, err)
			}
			if back.ID != r.ID || back.Input != r.Input || back.Created != r.Created || !slices.Equal(back.Files, r.Files) || (back.Entry == nil) != (r.Entry == nil) {
				t.Fatalf("record %+v reads back as %+v", r, back)
			}
		}
	})
}
