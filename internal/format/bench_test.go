package format_test

import (
	"testing"

	"github.com/noticegen/noticegen/internal/format"
)

// BenchmarkWriteText wraps the plain text of the seed's Japanese and
// English drafts: the cost per draft of the line breaking.
func BenchmarkWriteText(b *testing.B) {
	for _, d := range renderDrafts(b, seedPath) {
		b.Run(d.Locale, func(b *testing.B) {
			for b.Loop() {
				format.TextAndBody(d)
			}
		})
	}
}
