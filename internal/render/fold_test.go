package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/synth"
)

// renderers returns a renderer over tmpls (nil: the embedded templates)
// with its templates folded, and one without.
func renderers(t *testing.T, tmpls fstest.MapFS) (folded, plain *Renderer, err error) {
	t.Helper()
	var layers []locale.Layer
	if tmpls != nil {
		layers = append(layers, locale.Layer{Name: "user", FS: tmpls})
	}
	folded, err = NewLayered(nil, layers)
	if err != nil {
		return nil, nil, err
	}
	foldTemplates = false
	defer func() { foldTemplates = true }()
	plain, err = NewLayered(nil, layers)
	return folded, plain, err
}

// TestFoldSame checks that folding the templates changes no draft: every
// sample record and some synthetic ones, in every locale.
func TestFoldSame(t *testing.T) {
	folded, plain, err := renderers(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*advisory.Record
	for _, p := range golden.Samples(t, "../..") {
		rec, err := advisory.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for i := range 20 {
		_, data := synth.Record(3, i)
		rec, err := advisory.Decode("synth.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for _, rec := range recs {
		for _, loc := range folded.Locales() {
			a, errA := folded.Render(rec, loc)
			b, errB := plain.Render(rec, loc)
			if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
				t.Fatalf("%s %s: errors differ: %v / %v", rec.File, loc, errA, errB)
			}
			if diff := cmp.Diff(b, a); diff != "" {
				t.Errorf("%s %s: folding changed the draft (-plain +folded):\n%s", rec.File, loc, diff)
			}
		}
	}
}

// TestFoldErrors checks that templates whose calls fail, or that use the
// pure functions in ways folding must leave alone, render (or fail) the
// same folded and not.
func TestFoldErrors(t *testing.T) {
	rec, err := advisory.Load("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"missing message":  `{{subject}}{{t "no.such.message"}}`,
		"message data":     `{{subject}}{{t "opening"}}`,
		"odd pairs":        `{{subject}}{{t "opening" "Greeting"}}`,
		"two headings":     `{{subject}}x{{section "a" "b" "c"}}y`,
		"pipeline":         `{{subject}}{{"x" | printf "%s"}}{{section "a"}}{{t "greeting" | printf "[%s]"}}`,
		"piped into pure":  `{{subject}}x{{section "a"}}{{"label" | item}}text`,
		"variable":         `{{subject}}{{$h := t "heading.scope"}}{{$h}}{{section "s" $h}}{{item $h}}z`,
		"nested":           `{{subject}}{{t "opening" "Greeting" (t "greeting") "Lead" (t "heading.scope")}}{{section "o" (t "heading.overview")}}x`,
		"dynamic argument": `{{subject}}{{.Title}}{{section "o" .Title}}{{range .Actions}}{{step}}{{.}}{{end}}`,
		"in define":        `{{define "h"}}{{t "heading.scope"}}{{end}}{{subject}}{{template "h"}}{{section "a" (t "heading.actions")}}{{item}}x`,
		"number argument":  `{{subject}}{{t 1}}`,
		"with and if":      `{{subject}}x{{with t "greeting"}}{{section "g" .}}{{end}}{{if t "closing"}}{{closing}}{{t "closing"}}{{else}}{{step}}{{end}}`,
		"url":              `{{subject}}x{{section "r"}}{{item}}ref{{url "https://example.com/"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			folded, plain, err := renderers(t, fstest.MapFS{"draft.tmpl": {Data: []byte(src)}})
			if err != nil {
				t.Fatal(err)
			}
			for _, loc := range folded.Locales() {
				a, errA := folded.Render(rec, loc)
				b, errB := plain.Render(rec, loc)
				if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
					t.Fatalf("%s: errors differ:\nfolded: %v\nplain:  %v", loc, errA, errB)
				}
				if diff := cmp.Diff(b, a); diff != "" {
					t.Errorf("%s: folding changed the draft (-plain +folded):\n%s", loc, diff)
				}
			}
		})
	}
	// A failing call is left in the tree, so its error is located.
	folded, _, err := renderers(t, fstest.MapFS{"draft.tmpl": {Data: []byte("{{subject}}x\n{{t \"no.such\"}}")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := folded.Render(rec, "en"); err == nil || !strings.Contains(err.Error(), "draft.tmpl:2:") {
		t.Errorf("err = %v, want one located at line 2", err)
	}
}
