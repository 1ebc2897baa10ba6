package format_test

import (
	"bytes"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/render"
)

// TestBodyWidth checks that the text an ISO-2022-JP .eml is rewrapped
// from is the .eml text part: at format.Width it is TextAndBody's body
// byte for byte, and narrower it still has no subject line and keeps the
// banner first.
func TestBodyWidth(t *testing.T) {
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range golden.Samples(t, "../..") {
		rec, err := advisory.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Fatal(err)
			}
			d.Banner = "banner"
			_, want := format.TextAndBody(d)
			if got := format.BodyWidth(d, format.Width); !bytes.Equal(got, want) {
				t.Errorf("%s %s: BodyWidth(Width) =\n%s\nwant\n%s", rec.ID, loc, got, want)
			}
			narrow := format.BodyWidth(d, 40)
			if bytes.Contains(narrow, []byte(d.Subject)) || !bytes.HasPrefix(narrow, []byte("banner\n\n")) {
				t.Errorf("%s %s: BodyWidth(40) =\n%s", rec.ID, loc, narrow)
			}
			for _, line := range bytes.Split(narrow, []byte("\n")) {
				if w := format.DisplayWidth(string(line)); w > 42 && !bytes.Contains(line, []byte("://")) {
					t.Errorf("%s %s: BodyWidth(40) line of %d columns: %s", rec.ID, loc, w, line)
				}
			}
		}
	}
}
