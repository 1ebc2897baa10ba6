package format_test

import (
	"bytes"
	"testing"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// TestFormatTable: names and extensions are unique and each names one
// format; every format but eml gets its bytes from Outputs; the hashed
// formats are content v1's four, in its order; render prints text, md and
// json; and a printed format's bytes are what its writer writes.
func TestFormatTable(t *testing.T) {
	seen := map[string]format.Name{}
	for _, f := range format.Formats {
		for _, n := range []string{string(f.Name), f.Ext} {
			if o, ok := seen[n]; ok && o != f.Name {
				t.Errorf("%q names both %s and %s", n, o, f.Name)
			}
			seen[n] = f.Name
			if g, ok := format.Lookup(n, format.Formats); !ok || g.Name != f.Name {
				t.Errorf("Lookup(%q) = %v, %v", n, g.Name, ok)
			}
		}
		if f.Label == "" {
			t.Errorf("%s: no label", f.Name)
		}
		if (f.Of == nil) != (f.Name == format.EML) {
			t.Errorf("%s: Of is nil: %v", f.Name, f.Of == nil)
		}
		if f.Hashed && f.Of == nil {
			t.Errorf("%s: hashed without bytes", f.Name)
		}
		if f.Printed && f.Of == nil && f.All == nil {
			t.Errorf("%s: printed without a writer", f.Name)
		}
	}
	exts := func(fs []format.Format) (s []string) {
		for _, f := range fs {
			s = append(s, f.Ext)
		}
		return s
	}
	if got := exts(format.Hashed()); len(got) != 4 || got[0] != "txt" || got[1] != "md" || got[2] != "html" || got[3] != "json" {
		t.Errorf("hashed formats %v, want content v1's [txt md html json]", got)
	}
	if got := exts(format.Printed()); len(got) != 3 || got[0] != "txt" || got[1] != "md" || got[2] != "json" {
		t.Errorf("printed formats %v, want [txt md json]", got)
	}
	if _, ok := format.Lookup("HTML", format.Formats); ok {
		t.Error("Lookup is not case-sensitive")
	}
	if _, ok := format.Lookup("html", format.Printed()); ok {
		t.Error("render prints html")
	}

	h, err := format.NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range seedDrafts(t) {
		checkPrinted(t, h, d)
	}
}

// checkPrinted: each format render prints has the same bytes from
// Outputs as from its writer (what render printed before the table).
func checkPrinted(t *testing.T, h *format.HTML, d *render.Draft) {
	t.Helper()
	out, err := h.Outputs(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  format.Name
		write func(*bytes.Buffer) error
	}{
		{format.Text, func(b *bytes.Buffer) error { return format.WriteText(b, d) }},
		{format.Markdown, func(b *bytes.Buffer) error { return format.WriteMarkdown(b, d) }},
		{format.JSON, func(b *bytes.Buffer) error { return format.WriteJSON(b, []*render.Draft{d}) }},
	} {
		f, _ := format.Lookup(string(c.name), format.Formats)
		var b bytes.Buffer
		if err := c.write(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.Of(out), b.Bytes()) {
			t.Errorf("%s %s: Of(Outputs) differs from its writer's output", d.Locale, c.name)
		}
	}
}
