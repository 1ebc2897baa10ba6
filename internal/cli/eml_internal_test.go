package cli

import (
	"bytes"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/render"
)

// TestTextBodyWidth checks that the text an ISO-2022-JP .eml is rewrapped
// from is the .eml text part: at format.Width it is WriteTextBody's text
// byte for byte, and narrower it keeps every line but the subject line.
func TestTextBodyWidth(t *testing.T) {
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
			var want bytes.Buffer
			if err := format.WriteTextBody(&want, d); err != nil {
				t.Fatal(err)
			}
			got, err := textBodyWidth(d, format.Width)
			if err != nil || !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s %s: textBodyWidth(Width) = %v\n%s\nwant\n%s", rec.ID, loc, err, got, want.Bytes())
			}
			narrow, err := textBodyWidth(d, 40)
			if err != nil || bytes.Contains(narrow, []byte(d.Subject)) || !bytes.HasPrefix(narrow, []byte("banner\n\n")) {
				t.Errorf("%s %s: textBodyWidth(40) = %v\n%s", rec.ID, loc, err, narrow)
			}
		}
	}
}
