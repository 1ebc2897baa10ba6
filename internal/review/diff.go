package review

import (
	"fmt"

	"github.com/aymanbagabas/go-udiff"
)

// Unified returns a unified diff of the texts a and b, with the file
// labels from and to and context lines of context around each change, or
// "" when they are equal. Lines are compared exactly; a last line without
// a line end is marked as diff(1) does.
func Unified(from, to, a, b string, context int) string {
	d, err := udiff.ToUnified(from, to, a, udiff.Lines(a, b), context)
	if err != nil {
		// udiff.Lines gives edits that fit a, so this cannot happen.
		panic(fmt.Sprintf("review.Unified: %v", err))
	}
	return d
}
