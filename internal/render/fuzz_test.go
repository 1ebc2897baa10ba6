package render_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
)

// FuzzDecode feeds arbitrary bytes to the record decoder and renders
// whatever decodes, in every locale and format. It asserts that nothing
// panics, that a failure is a located error, and that a decoded record's
// drafts always carry the disclaimer.
func FuzzDecode(f *testing.F) {
	for _, p := range golden.Samples(f, "../..") {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("id: x\n"))
	f.Add([]byte("title: {en: \"a\\r\\nb\"}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	r := mustRenderer(f, nil, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := advisory.Decode("f.yaml", data)
		if err != nil {
			if _, ok := err.(advisory.ErrorList); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, loc := range r.Locales() {
			d, err := r.Render(rec, loc)
			if err != nil {
				continue // e.g. a locale the record lacks
			}
			if d.Disclaimer == "" {
				t.Fatal("draft without disclaimer")
			}
			var b bytes.Buffer
			if err := format.WriteText(&b, d); err != nil {
				t.Fatal(err)
			}
			if err := format.WriteMarkdown(&b, d); err != nil {
				t.Fatal(err)
			}
		}
	})
}
