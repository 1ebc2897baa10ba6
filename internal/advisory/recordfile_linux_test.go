package advisory

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadFiles: Read returns a record file's bytes, and refuses, with a
// message naming the file, what is not one: missing, a directory, a named
// pipe (without blocking on it), a device, a file over the limit.
func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "r.yaml")
	want := strings.Repeat("id: x\n", 1000)
	if err := os.WriteFile(rec, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(rec); err != nil || string(got) != want {
		t.Errorf("Read: %d bytes, %v; want %d", len(got), err, len(want))
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(empty); err != nil || len(got) != 0 {
		t.Errorf("Read of an empty file: %q, %v", got, err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, msg string }{
		{filepath.Join(dir, "missing.yaml"), "no such file or directory"},
		{dir, "not a regular file"},
		{fifo, "not a regular file"},
		{"/dev/null", "not a regular file"},
		{big, "a record may be at most"},
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(tc.path); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.HasPrefix(err.Error(), tc.path+": ") || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Read(%s): %v; want %q", tc.path, err, tc.msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Read(%s) blocks", tc.path)
		}
	}
}
