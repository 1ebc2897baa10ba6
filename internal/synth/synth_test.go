package synth

import (
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
)

// TestRecordsLoad checks that generated records are valid, complete in
// both locales, 2–4 KB, and the same for the same seed.
func TestRecordsLoad(t *testing.T) {
	for i := range 50 {
		id, data := Record(7, i)
		rec, err := advisory.Decode(id+".yaml", data)
		if err != nil {
			t.Fatalf("record %d: %v\n%s", i, err, data)
		}
		if err := rec.CheckLocales([]string{"ja", "en"}); err != nil {
			t.Fatal(err)
		}
		if n := len(data); n < 2048 || n > 4096 {
			t.Errorf("record %d is %d bytes, want 2–4 KB", i, n)
		}
		if len(rec.Actions) != 5 || len(rec.References) != 3 {
			t.Errorf("record %d: %d actions, %d references", i, len(rec.Actions), len(rec.References))
		}
		if _, again := Record(7, i); string(again) != string(data) {
			t.Errorf("record %d differs between runs", i)
		}
	}
}
