package export

import (
	"runtime"
	"slices"
	"testing"

	"github.com/noticegen/noticegen/internal/bufpool"
	"github.com/noticegen/noticegen/internal/format"
)

// TestReleaseOnce: a buffer two files hold is given back once; given
// twice, the pool would hand it to two writers at the same time. The
// drafts' outputs are released too; a file not pooled is left alone. One
// P, so that the Gets find what release gave back.
func TestReleaseOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	b := append(bufpool.Get(10<<10), "draft"...)
	other := append(bufpool.Get(10<<10), "other"...)
	out := []outFile{
		{name: "a", data: b, pooled: true},
		{name: "b", data: b[:2], pooled: true},
		{name: "c", data: other}, // not pooled: kept
	}
	draft := &format.Outputs{HTML: bufpool.Get(10 << 10), HTMLBody: bufpool.Get(5 << 10)}
	release(out, []*format.Outputs{draft})
	if out[0].data != nil || out[1].data != nil || string(out[2].data) != "other" {
		t.Errorf("after release: %q %q %q", out[0].data, out[1].data, out[2].data)
	}
	if draft.HTML != nil || draft.HTMLBody != nil {
		t.Error("the draft's outputs were not released")
	}
	// Each buffer given back comes out of the pool once: four Gets of
	// their size take b, the draft's document and two new ones.
	var got []*byte
	for range 4 {
		p := &bufpool.Get(9 << 10)[:1][0]
		if slices.Contains(got, p) {
			t.Fatal("one buffer handed out twice")
		}
		if p == &other[:1][0] {
			t.Fatal("a buffer not pooled was given back")
		}
		got = append(got, p)
	}
}
