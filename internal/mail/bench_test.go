package mail_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// BenchmarkEML builds the .eml message of a draft from its text body and
// HTML document, in UTF-8 and in ISO-2022-JP (which converts and, where
// a line does not fit, rewraps the text), for the seed's drafts and a
// synthetic record's.
func BenchmarkEML(b *testing.B) {
	r, err := render.Default()
	if err != nil {
		b.Fatal(err)
	}
	h, err := format.NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		b.Fatal(err)
	}
	seed, err := advisory.Load("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		b.Fatal(err)
	}
	_, data := synth.Record(1, 7)
	syn, err := advisory.Decode("synth.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2026, 6, 9, 0, 0, 0, 0, time.UTC)
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		for _, rec := range []struct {
			name string
			r    *advisory.Record
		}{{"seed", seed}, {"synth", syn}} {
			for _, loc := range []string{"ja", "en"} {
				d, err := r.Render(rec.r, loc)
				if err != nil {
					b.Fatal(err)
				}
				out, err := h.Outputs(d)
				if err != nil {
					b.Fatal(err)
				}
				id, boundary := mail.DeriveIDs(rec.r.ID, loc, d.Hash(), date)
				o := mail.Options{Date: date, MessageID: id, Boundary: boundary, Charset: cs,
					TextWidth: format.Width, Rewrap: func(width int) ([]byte, error) { return format.BodyWidth(d, width), nil }}
				b.Run(cs+"/"+rec.name+"-"+loc, func(b *testing.B) {
					b.ReportAllocs()
					var buf bytes.Buffer
					for b.Loop() {
						buf.Reset()
						if _, err := mail.Write(&buf, d.Subject, d.Locale, out.TextBody, out.HTML, o); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
