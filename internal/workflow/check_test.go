package workflow_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/synth"
	"github.com/noticegen/noticegen/internal/workflow"
)

// TestCheckFilesOrder: checked in parallel, the findings are those of a
// check of one file after the other, in the same order, whatever the
// order of the files given.
func TestCheckFilesOrder(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 3, 40); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("id: bad\npriority: urgent\n"), 0o644)
	files, errs := export.Discover([]string{dir, "../../advisories"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	files[0], files[len(files)-1] = files[len(files)-1], files[0]
	o := lint.Options{Now: now}
	var want []lint.Finding
	for _, f := range files {
		want = append(want, lint.CheckFile(f, o)...)
	}
	lint.Sort(want)
	if len(want) < 40 {
		t.Fatalf("only %d findings: the test needs more", len(want))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for range 3 {
		if got := workflow.CheckFiles(files, o); !reflect.DeepEqual(got, want) {
			t.Fatalf("parallel check: %d findings, not those of a serial check (%d)", len(got), len(want))
		}
	}
}
