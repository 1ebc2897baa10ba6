// Package bufpool keeps the memory of output buffers for reuse: an export
// makes three large buffers per draft (the HTML document, the .eml, the
// digest page), 10–20 KB each, that are dead as soon as their file is
// written. Getting them from here and giving them back after the write
// spares the garbage collector about a sixth of an export's allocations.
//
// A buffer is given back only by the one that owns it, once it and every
// slice of it are no longer used: Put hands its memory to the next Get.
// Callers that never Put lose nothing (the collector takes the buffer as
// it would any other).
package bufpool

import (
	"math/bits"
	"sync"
)

// The buffers kept are of sizes minSize, 2×minSize, … maxSize: a Get of
// n bytes takes one of the smallest class that holds n; a Put keeps a
// buffer in the largest class it holds. Larger buffers are neither kept
// nor given: they are rare and would hold much memory idle.
const (
	minShift = 12 // 4 KB
	maxShift = 17 // 128 KB
	minSize  = 1 << minShift
	maxSize  = 1 << maxShift
)

var pools [maxShift - minShift + 1]sync.Pool

// class returns the index of the smallest class of at least n bytes;
// n ≤ maxSize.
func class(n int) int {
	if n <= minSize {
		return 0
	}
	return bits.Len(uint(n-1)) - minShift
}

// Get returns an empty buffer (length 0) with room for at least n bytes.
func Get(n int) []byte {
	if n > maxSize {
		return make([]byte, 0, n)
	}
	c := class(n)
	if p, ok := pools[c].Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return make([]byte, 0, minSize<<c)
}

// Same reports whether a and b are slices of the same buffer, seen by
// where their capacity ends: what must not be given back twice.
func Same(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// Put gives b's memory back for a later Get. The caller must not use b,
// or any slice sharing its memory, afterwards.
func Put(b []byte) {
	n := cap(b)
	if n < minSize || n > 2*maxSize-1 {
		return
	}
	c := bits.Len(uint(n)) - 1 - minShift // the largest class n holds
	if c >= len(pools) {
		c = len(pools) - 1
	}
	b = b[:0]
	pools[c].Put(&b)
}
