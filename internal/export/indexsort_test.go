package export

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/noticegen/noticegen/internal/confine"
)

// TestIndexRunUnreadable: a run file that cannot be read stops the
// iteration with an error, and leaves no run file open.
func TestIndexRunUnreadable(t *testing.T) {
	SetIndexRunSize(t, 2)
	d, err := confine.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	src := []byte(manifestHeader + "\n")
	for i := range 5 {
		r := manifestRecord{ID: fmt.Sprintf("r%d", i), Files: []string{"index.html"},
			Entry: &IndexEntry{Published: "2024-01-01", Titles: map[string]string{"en": "t"}}}
		src = r.appendLine(src)
	}
	s, err := sortIndex(d, bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if len(s.runs) != 2 {
		t.Fatalf("%d runs, want 2", len(s.runs))
	}
	// The second run opened is damaged: the first is open by then.
	if err := os.WriteFile(d.Path(s.runs[1]), []byte("bad\\x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := OpenFiles(t)
	var iterErr error
	for range s.all(&iterErr) {
	}
	if iterErr == nil {
		t.Error("no error for a damaged run")
	}
	if after := OpenFiles(t); after != before {
		t.Errorf("%d files open after the iteration, %d before", after, before)
	}
}
