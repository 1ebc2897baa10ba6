package format_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

const seedPath = "../../advisories/2026-06-09-trend-micro-dsa-linux.yaml"

func seedDrafts(t *testing.T) []*render.Draft {
	t.Helper()
	cat, err := locale.Load(locale.Layer{Name: "locales", FS: noticegen.Locales()})
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(cat, locale.Layer{Name: "templates", FS: noticegen.Templates()})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := advisory.Load(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*render.Draft
	for _, loc := range []string{"ja", "en"} {
		d, err := r.Render(rec, loc)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	return ds
}

// TestGolden compares every format of the seed record in both locales with
// testdata/golden/dsa_<locale>.<ext>.
func TestGolden(t *testing.T) {
	for _, d := range seedDrafts(t) {
		for ext, write := range map[string]func(*bytes.Buffer, *render.Draft) error{
			"txt":  func(b *bytes.Buffer, d *render.Draft) error { return format.WriteText(b, d) },
			"md":   func(b *bytes.Buffer, d *render.Draft) error { return format.WriteMarkdown(b, d) },
			"json": func(b *bytes.Buffer, d *render.Draft) error { return format.WriteJSON(b, []*render.Draft{d}) },
		} {
			t.Run(fmt.Sprintf("%s.%s", d.Locale, ext), func(t *testing.T) {
				var b bytes.Buffer
				if err := write(&b, d); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, fmt.Sprintf("../../testdata/golden/dsa_%s.%s", d.Locale, ext), b.Bytes())
			})
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                    "plain text",
		"ds_am process":                 "ds\\_am process",
		"<script>alert(1)</script>":     "\\<script\\>alert(1)\\</script\\>",
		"[x](javascript:alert(1))":      "\\[x\\](javascript:alert(1))",
		"# not a heading":               "\\# not a heading",
		"- not a list":                  "\\- not a list",
		"1. not a list":                 "1\\. not a list",
		"2026) not a list":              "2026\\) not a list",
		"a - b 1. c":                    "a - b 1. c",
		"`code` *em* **b** ~s~ | & \\!": "\\`code\\` \\*em\\* \\*\\*b\\*\\* \\~s\\~ \\| \\& \\\\\\!",
		"> quote":                       "\\> quote",
		"  + indented":                  "  \\+ indented",
		"日本語（全角）":                       "日本語（全角）",
	} {
		if got := format.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}
