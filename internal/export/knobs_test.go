package export

import (
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
