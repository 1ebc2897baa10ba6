package format_test

import (
	"bytes"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

// benchDrafts are the drafts the stage benchmarks write: the seed's and
// a synthetic record's (as export's performance runs use), in ja and en,
// named "seed-ja", "synth-en" and so on.
func benchDrafts(b *testing.B) []struct {
	name string
	d    *render.Draft
} {
	b.Helper()
	r, err := render.Default()
	if err != nil {
		b.Fatal(err)
	}
	var out []struct {
		name string
		d    *render.Draft
	}
	seed, err := advisory.Load(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	_, data := synth.Record(1, 7)
	syn, err := advisory.Decode("synth.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	for _, rec := range []struct {
		name string
		r    *advisory.Record
	}{{"seed", seed}, {"synth", syn}} {
		for _, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec.r, loc)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, struct {
				name string
				d    *render.Draft
			}{rec.name + "-" + loc, d})
		}
	}
	// The synthetic record's drafts as an export without approvals writes
	// them: under the review gate's banner.
	for _, loc := range []string{"ja", "en"} {
		d, err := r.Render(syn, loc)
		if err != nil {
			b.Fatal(err)
		}
		if d.Banner, err = r.Catalog().T(loc, "review.banner", nil); err != nil {
			b.Fatal(err)
		}
		out = append(out, struct {
			name string
			d    *render.Draft
		}{"unreviewed-" + loc, d})
	}
	return out
}

// BenchmarkWriteText wraps the plain text of a draft, as text file and
// email body: the cost per draft of the line breaking.
func BenchmarkWriteText(b *testing.B) {
	for _, c := range benchDrafts(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				format.TextAndBody(c.d)
			}
		})
	}
}

// BenchmarkMarkdown writes a draft as Markdown (escaping and wrapping).
func BenchmarkMarkdown(b *testing.B) {
	for _, c := range benchDrafts(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := format.WriteMarkdown(&buf, c.d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHTML converts a draft's Markdown to the HTML body (styles, URL
// breaks, joined last phrases) and lays out the document. The Markdown is
// the one Outputs converts: without the banner and the TLP marking, which
// the layout shows itself.
func BenchmarkHTML(b *testing.B) {
	h := defaultHTML(b)
	for _, c := range benchDrafts(b) {
		var md bytes.Buffer
		if err := format.WriteMarkdown(&md, format.ForHTML(c.d)); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var doc bytes.Buffer
			for b.Loop() {
				body, err := h.Convert(md.Bytes())
				if err != nil {
					b.Fatal(err)
				}
				doc.Reset()
				if err := h.Document(&doc, c.d, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOutputs renders a draft in every format, as the review hash
// does (text, Markdown, HTML, JSON).
func BenchmarkOutputs(b *testing.B) {
	h := defaultHTML(b)
	for _, c := range benchDrafts(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				o, err := h.Outputs(c.d)
				if err != nil {
					b.Fatal(err)
				}
				o.JSON()
			}
		})
	}
}

func defaultHTML(b *testing.B) *format.HTML {
	b.Helper()
	h, err := format.NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		b.Fatal(err)
	}
	return h
}
