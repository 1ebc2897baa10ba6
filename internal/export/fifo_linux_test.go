//go:build linux

package export_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/export"
)

// TestManifestFIFO: a manifest (or a legacy one) that is a named pipe
// does not block the run: it is not a manifest noticegen wrote, and the
// run goes on as without one.
func TestManifestFIFO(t *testing.T) {
	for _, name := range []string{export.ManifestFile, ".noticegen-manifest.json"} {
		t.Run(name, func(t *testing.T) {
			_, files := copyBundled(t)
			out := t.TempDir()
			if err := syscall.Mkfifo(filepath.Join(out, name), 0o644); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := export.Run(context.Background(), files, options(t, out))
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Error(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the run blocks on a named pipe")
			}
		})
	}
}
