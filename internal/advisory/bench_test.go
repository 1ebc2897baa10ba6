package advisory_test

import (
	"os"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/synth"
)

// BenchmarkDecode decodes and validates one record file already in
// memory: the seed record, and a synthetic one as export's performance
// runs use (cmd/gen-records).
func BenchmarkDecode(b *testing.B) {
	seed, err := os.ReadFile("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		b.Fatal(err)
	}
	_, syn := synth.Record(1, 7)
	for _, c := range []struct {
		name string
		data []byte
	}{{"seed", seed}, {"synth", syn}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, err := advisory.Decode(c.name+".yaml", c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
