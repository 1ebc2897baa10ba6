package review

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAppendRefusesLinks: the log or its head file standing in the
// records directory as a symbolic link (to a file, such as a copy of the
// real one elsewhere, or to a directory) is refused, named, before
// anything is written, and what it points at is unchanged.
func TestAppendRefusesLinks(t *testing.T) {
	for _, name := range []string{LogName, HeadName} {
		for _, to := range []string{"file", "dir"} {
			t.Run(name+"/"+to, func(t *testing.T) {
				l, s := threeEntries(t)
				orig, _ := readLog(t, l)
				origHead, _ := os.ReadFile(l.HeadPath())
				elsewhere := t.TempDir()
				target := filepath.Join(elsewhere, name)
				if to == "file" {
					if err := os.Rename(filepath.Join(l.Dir, name), target); err != nil {
						t.Fatal(err)
					}
				} else {
					target = elsewhere
					if err := os.Remove(filepath.Join(l.Dir, name)); err != nil {
						t.Fatal(err)
					}
				}
				link := filepath.Join(l.Dir, name)
				if err := os.Symlink(target, link); err != nil {
					t.Fatal(err)
				}
				_, _, err := Record(l, &Request{Action: Approve, Record: seedID, Author: "a", Reviewer: "kato", Snapshot: s}, at(5))
				want := link + ": is a symbolic link to " + target + "; refusing to write through it; nothing was recorded"
				if err == nil || err.Error() != want {
					t.Fatalf("error %v\nwant %s", err, want)
				}
				if to == "file" {
					was := map[string][]byte{LogName: orig, HeadName: origHead}[name]
					if got, _ := os.ReadFile(target); !bytes.Equal(got, was) {
						t.Errorf("the file the link points at changed")
					}
				} else if es, _ := os.ReadDir(elsewhere); len(es) != 0 {
					t.Errorf("the directory the link points at holds %v", es)
				}
				if name == HeadName {
					if got, _ := os.ReadFile(l.Path()); !bytes.Equal(got, orig) {
						t.Error("the log changed")
					}
				}
				es, _ := os.ReadDir(l.Dir)
				for _, e := range es {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("temporary file left: %s", e.Name())
					}
				}
			})
		}
	}
}
