package export

import (
	"runtime"
	"testing"

	"github.com/noticegen/noticegen/internal/bufpool"
)

// TestReleaseOnce: a buffer two files (or a file and a scratch buffer)
// hold is given back once; given
// twice, the pool would hand it to two writers at the same time. One P,
// so that the Gets find what release gave back.
func TestReleaseOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	b := append(bufpool.Get(10<<10), "draft"...)
	other := append(bufpool.Get(10<<10), "other"...)
	out := []outFile{
		{name: "a", data: b, pooled: true},
		{name: "b", data: b[:2], pooled: true},
		{name: "c", data: other}, // not pooled: kept
	}
	release(out, [][]byte{b[1:3], nil})
	if out[0].data != nil || out[1].data != nil || string(out[2].data) != "other" {
		t.Errorf("after release: %q %q %q", out[0].data, out[1].data, out[2].data)
	}
	x, y := bufpool.Get(9<<10), bufpool.Get(9<<10)
	if &x[:1][0] == &y[:1][0] {
		t.Fatal("one buffer handed out twice")
	}
	if &x[:1][0] == &other[:1][0] || &y[:1][0] == &other[:1][0] {
		t.Fatal("a buffer not pooled was given back")
	}
}
