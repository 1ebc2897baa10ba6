package lint

import (
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/golden"
)

// bundledNow is a fixed clock for the bundled records: the day after the
// seed record was published.
var bundledNow = time.Date(2026, 6, 10, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

// TestBundledRecords checks that every record shipped in advisories/ has
// no errors. Warnings are allowed (old records have deadlines in the
// past); they are logged, so go test -v shows them.
func TestBundledRecords(t *testing.T) {
	for _, f := range golden.Samples(t, "../..") {
		fs := CheckFile(f, Options{Now: bundledNow})
		for _, x := range fs {
			if x.Severity == Error {
				t.Errorf("%s", x)
			} else {
				t.Logf("%s", x)
			}
		}
	}
}
