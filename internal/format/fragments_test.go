package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/render"
)

// resetFragments empties the fragment cache, for outputs made without it.
func resetFragments() { fragments.Reset() }

// textOutputs are the outputs that take fragments: the plain text and
// email body, the Markdown at two widths, and the body rewrapped narrower.
func textOutputs(d *render.Draft) string {
	text, body := TextAndBody(d)
	var md strings.Builder
	if err := WriteMarkdown(&md, d); err != nil {
		panic(err)
	}
	var narrow strings.Builder
	if err := WriteMarkdownWidth(&narrow, d, 40); err != nil {
		panic(err)
	}
	md2 := AddBanner(AddMarking([]byte(md.String()), d), d)
	return strings.Join([]string{string(text), string(body), md.String(), narrow.String(), string(md2), string(BodyWidth(d, 50))}, "\n----\n")
}

// TestFragmentsKeyed checks that a kept fragment is only ever given back
// for the same text, width and format: drafts that differ in their banner,
// marking or notice, written one after the other, each come out as they
// do with nothing kept; and once the cache is full, fragments are still
// right.
func TestFragmentsKeyed(t *testing.T) {
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := advisory.Load("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var drafts []*render.Draft
	for _, loc := range []string{"ja", "en"} {
		base, err := r.Render(rec, loc)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range []struct{ banner, marking, disclosure string }{
			{},
			{banner: "First banner, long enough to be wrapped over more than one line of the plain text at its width of seventy columns."},
			{banner: "Second banner."},
			{banner: "未承認の下書きです。送信しないでください。", marking: "TLP:AMBER 組織内に限り共有できます。"},
			{marking: "TLP:GREEN may be shared within the community."},
			{disclosure: "このお知らせは、AI が生成した下書きをもとに作成したものです。内容は 山田 が 2026-06-10 に確認しました。"},
			{disclosure: "This notice was drafted by AI and checked by Jane Doe on 2026-06-10."},
		} {
			d := *base
			d.Banner, d.Marking, d.Disclosure = v.banner, v.marking, v.disclosure
			d.Subject = fmt.Sprintf("%s (%d)", d.Subject, i)
			drafts = append(drafts, &d)
		}
	}
	// Each draft alone, nothing kept: what wrapping writes.
	want := make([]string, len(drafts))
	for i, d := range drafts {
		resetFragments()
		want[i] = textOutputs(d)
	}
	check := func(what string) {
		t.Helper()
		for i, d := range drafts {
			if got := textOutputs(d); got != want[i] {
				t.Errorf("%s: draft %d (%s, banner %q, notice %q): outputs differ from a fresh wrapping:\n%s\n--- want ---\n%s",
					what, i, d.Locale, d.Banner, d.Notice(), got, want[i])
			}
		}
	}
	// All in turn, twice: the second round reads only kept fragments.
	resetFragments()
	check("first round")
	kept := fragments.Len()
	if kept == 0 {
		t.Fatal("no fragment kept")
	}
	check("second round")

	// A full cache keeps nothing more, and what it gives is still right.
	resetFragments()
	for i := range maxFragments {
		fragments.Put(fragmentKey{kind: textHead, width: -1 - i}, "stale")
	}
	check("full cache")
	n := fragments.Len()
	if n != maxFragments {
		t.Errorf("full cache: %d fragments kept, want %d", n, maxFragments)
	}
	resetFragments()
}
