package cli_test

import (
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/cli"
	"github.com/noticegen/noticegen/internal/golden"
)

// TestMainKeepsGCSettings runs an export in-process: the garbage
// collector's settings of the calling process (a test, a server) must be
// what they were. Regression: export set GOGC=400 and a 64 MiB memory
// limit inside the cli package and never restored them.
func TestMainKeepsGCSettings(t *testing.T) {
	const percent, limit = 123, 5 << 30
	oldPercent := debug.SetGCPercent(percent)
	oldLimit := debug.SetMemoryLimit(limit)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"export", "-o", out, "--now", "2026-06-10T00:00:00Z"}, golden.Samples(t, "../..")...)
	var stderr strings.Builder
	if code := cli.Main(args, nil, io.Discard, &stderr); code != cli.ExitOK {
		t.Fatalf("export exit status %d:\n%s", code, stderr.String())
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GC percent after an in-process export = %d, want %d", got, percent)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after an in-process export = %d, want %d", got, int64(limit))
	}
}

// TestBatch: the commands the process entry point tunes the GC for.
func TestBatch(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"export", "advisories", "-o", "out"}, true},
		{[]string{"check", "advisories"}, true},
		{[]string{"render"}, true},
		{[]string{"import", "x.json"}, true},
		{[]string{"review", "status"}, false},
		{[]string{"version"}, false},
		{[]string{"help", "export"}, false},
		{[]string{"nosuch"}, false},
		{nil, false},
	} {
		if got := cli.Batch(c.args); got != c.want {
			t.Errorf("Batch(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
