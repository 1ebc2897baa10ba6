package bufpool

import (
	"runtime"
	"testing"
)

// TestGetPut: Get gives an empty buffer with room for what was asked, also
// after buffers of every size were given back; a Put buffer comes back
// from a Get it is large enough for.
func TestGetPut(t *testing.T) {
	sizes := []int{0, 1, minSize - 1, minSize, minSize + 1, 3 * minSize, 20 << 10, maxSize - 1, maxSize, maxSize + 1, 1 << 20}
	for round := range 3 {
		for _, n := range sizes {
			b := Get(n)
			if len(b) != 0 || cap(b) < n {
				t.Fatalf("round %d: Get(%d): len %d cap %d", round, n, len(b), cap(b))
			}
			if n <= maxSize && cap(b) > 2*max(n, minSize) {
				t.Errorf("round %d: Get(%d): cap %d, more than twice what was asked", round, n, cap(b))
			}
			b = append(b, make([]byte, n)...)
			Put(b)
		}
		// Buffers of any capacity, grown past their class or never from
		// Get, are kept in a class they hold.
		for _, c := range []int{minSize - 1, minSize + 100, 5 << 12, maxSize + 3, 2*maxSize - 1, 2 * maxSize, 3 << 20} {
			Put(make([]byte, 7, c))
		}
	}
}

// TestClass: the class of n is the smallest that holds n.
func TestClass(t *testing.T) {
	for n := 0; n <= maxSize; n += 97 {
		c := class(n)
		if size := minSize << c; size < n || (c > 0 && minSize<<(c-1) >= n) {
			t.Fatalf("class(%d) = %d (size %d)", n, c, size)
		}
	}
}

// TestReuse: a buffer given back is handed out again (without the race
// detector, which makes sync.Pool drop items at random), empty. One P, so
// that the Get finds what the Put left, whatever thread runs the test.
func TestReuse(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	b := Get(10 << 10)
	b = append(b, "data"...)
	p := &b[:1][0]
	Put(b)
	for range 100 {
		c := Get(9 << 10)
		if len(c) != 0 {
			t.Fatalf("Get returned %d bytes of content", len(c))
		}
		if &c[:1][0] == p {
			return
		}
		Put(c)
	}
	if !raceEnabled {
		t.Error("a buffer given back was never handed out again")
	}
}

// TestSame: slices of one buffer that reach its end (as slicing and
// appending within its capacity keep them) are the same buffer, whatever
// their length; two buffers, or a nil slice, are not. A slice whose
// capacity was cut short is not recognised: no one that gives buffers
// back makes one.
func TestSame(t *testing.T) {
	a, b := make([]byte, 10, 16), make([]byte, 10, 16)
	for _, tc := range []struct {
		x, y []byte
		want bool
	}{
		{a, a, true}, {a, a[2:5], true}, {a[:0], a[7:], true},
		{a, b, false}, {a, nil, false}, {nil, nil, false}, {a[:16:16], a[:3:8], false},
	} {
		if got := Same(tc.x, tc.y); got != tc.want {
			t.Errorf("Same(len %d cap %d, len %d cap %d) = %v", len(tc.x), cap(tc.x), len(tc.y), cap(tc.y), got)
		}
	}
}
