package export

import (
	"os"
	"testing"
	"time"
)

// The knobs of the package's tests (package export_test): thresholds made
// small, so that what a large export does is tested on a few records.

// SetRacyWindow sets how long ago a record file must have changed for
// its stat key to be trusted, for the test t.
func SetRacyWindow(t testing.TB, d time.Duration) {
	old := racyWindow
	racyWindow = d
	t.Cleanup(func() { racyWindow = old })
}

// SetIndexRunSize sets how many index entries are sorted in memory at a
// time, for the test t.
func SetIndexRunSize(t testing.TB, n int) {
	old := indexRunSize
	indexRunSize = n
	t.Cleanup(func() { indexRunSize = old })
}

// RecordReads is how many record files the package has read.
func RecordReads() int64 { return recordReads.Load() }

// OpenFiles is the number of files the test process has open, for tests
// that nothing is left open; it skips the test where /proc/self/fd is
// not there to tell.
func OpenFiles(t testing.TB) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(es)
}
