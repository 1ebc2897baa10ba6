package format_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rivo/uniseg"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/text/width"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/render"
)

const seedPath = "../../advisories/2026-06-09-trend-micro-dsa-linux.yaml"

// seedDrafts renders the seed record in ja and en.
func seedDrafts(t *testing.T) []*render.Draft {
	t.Helper()
	return renderDrafts(t, seedPath)
}

// renderDrafts renders each record file in ja and en with the embedded
// templates and messages, in that order.
func renderDrafts(t testing.TB, files ...string) []*render.Draft {
	t.Helper()
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	var ds []*render.Draft
	for _, f := range files {
		rec, err := advisory.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
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

// TestExploitedGolden compares the drafts of the sample records that list
// known exploited vulnerabilities (exploited) with
// testdata/golden/kev_<record>_<locale>.<ext>: the line that starts the
// overview, one CVE with ransomware use (Citrix Bleed) and two CVEs of one
// date (ArcaneDoor), in every format but .eml (which carries the same
// text and HTML).
func TestExploitedGolden(t *testing.T) {
	h := newHTML(t)
	for name, file := range map[string]string{
		"citrix":     "../../advisories/2023-10-19-citrix-netscaler-cve-2023-4966.yaml",
		"arcanedoor": "../../advisories/2024-04-25-cisco-asa-ftd-arcanedoor.yaml",
	} {
		for _, d := range renderDrafts(t, file) {
			label := map[string]string{"ja": "悪用状況", "en": "Exploitation"}[d.Locale]
			if ov := d.Sections[0]; ov.ID != "overview" || len(ov.Blocks) < 2 || ov.Blocks[0].Kind != render.Fields || ov.Blocks[0].Items[0].Label != label {
				t.Errorf("%s %s: the overview does not start with the exploitation line: %+v", name, d.Locale, ov)
			}
			outs := map[string]func() []byte{
				"txt":  func() []byte { var b bytes.Buffer; must(t, format.WriteText(&b, d)); return b.Bytes() },
				"md":   func() []byte { var b bytes.Buffer; must(t, format.WriteMarkdown(&b, d)); return b.Bytes() },
				"html": func() []byte { return htmlDoc(t, h, d) },
			}
			for ext, out := range outs {
				golden.Check(t, fmt.Sprintf("../../testdata/golden/kev_%s_%s.%s", name, d.Locale, ext), out())
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
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

// bundledDrafts renders every bundled record in ja and en.
func bundledDrafts(t *testing.T) []*render.Draft {
	t.Helper()
	return renderDrafts(t, golden.Samples(t, "../..")...)
}

// The Japanese line-breaking rules as the brief states them, kept apart
// from the package's own tables so that the tests check those.
const (
	testNoStart = "、。，．・：；？！ー」』）］｝〕〉》】〙〗’”ゝゞ々" +
		"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ" +
		"ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" + ",.;:!?)]}"
	testNoEnd   = "「『（［｛〔〈《【〘〖‘“" + "([{"
	testHanging = "、。，．"
)

// east reports whether r is East Asian Wide, Fullwidth or Halfwidth: the
// characters between which a line may break without a space.
func east(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianHalfwidth:
		return true
	}
	return r == '\uFE0F' || format.DisplayWidth(string(r)) == 2
}

var urlRE = regexp.MustCompile(`(?i)https?://[^\s]+`)

// urls returns the URLs in s, each cut at the first full-width character.
func urls(s string) []string {
	var us []string
	for _, u := range urlRE.FindAllString(s, -1) {
		for i, r := range u {
			if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
				u = u[:i]
				break
			}
		}
		us = append(us, u)
	}
	sort.Strings(us)
	return us
}

// draftStrings returns every text of d a reader sees.
func draftStrings(d *render.Draft) []string {
	ss := []string{d.Subject, d.Disclaimer}
	var blocks []render.Block
	blocks = append(blocks, d.Lead...)
	for _, s := range d.Sections {
		ss = append(ss, s.Heading)
		blocks = append(blocks, s.Blocks...)
	}
	blocks = append(blocks, d.Closing...)
	for _, b := range blocks {
		ss = append(ss, b.Text)
		for _, it := range b.Items {
			ss = append(ss, it.Label, it.Text, it.URL)
		}
	}
	return ss
}

func writeText(t *testing.T, d *render.Draft, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := format.WriteTextWidth(&b, d, width); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeMarkdown(t *testing.T, d *render.Draft, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := format.WriteMarkdownWidth(&b, d, width); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// firstRune and lastRune give the first rune of the first and of the last
// grapheme cluster of s.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	var last string
	for g := uniseg.NewGraphemes(s); g.Next(); {
		last = g.Str()
	}
	r, _ := utf8.DecodeRuneInString(last)
	return r
}

// TestTextWrapBundled checks the plain text of every bundled record in ja
// and en, line by line: within the width (but for a single unbreakable
// token, the subject line, or a hanging 、。), kinsoku, no trailing space,
// the same URLs as the draft, and, joined again, the unwrapped text.
func TestTextWrapBundled(t *testing.T) {
	for _, d := range bundledDrafts(t) {
		t.Run(d.RecordID+"/"+d.Locale, func(t *testing.T) {
			out := writeText(t, d, format.Width)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			subject := d.SubjectLabel + ": " + d.Subject
			for _, l := range lines {
				if l == subject {
					continue // never wrapped
				}
				if strings.TrimRight(l, " \t") != l {
					t.Errorf("trailing space: %q", l)
				}
				content := strings.TrimLeft(l, " ")
				if content == "" {
					continue
				}
				if w := format.DisplayWidth(l); w > format.Width {
					single := !strings.ContainsAny(content, " \t") && !strings.ContainsFunc(content, east)
					hangs := strings.ContainsRune(testHanging, lastRune(l)) && w-2 <= format.Width
					if !single && !hangs {
						t.Errorf("line is %d columns wide: %q", w, l)
					}
				}
				if r := firstRune(content); strings.ContainsRune(testNoStart, r) {
					t.Errorf("line starts with %q: %q", r, l)
				}
				if r := lastRune(content); strings.ContainsRune(testNoEnd, r) {
					t.Errorf("line ends with %q: %q", r, l)
				}
			}
			if got, want := urls(out), urls(strings.Join(draftStrings(d), "\n")); !slices.Equal(got, want) {
				t.Errorf("URLs differ:\n got %q\nwant %q", got, want)
			}
			checkRejoin(t, lines, strings.Split(strings.TrimSuffix(writeText(t, d, 0), "\n"), "\n"))
		})
	}
}

// checkRejoin checks that the wrapped lines, joined without a space where
// either side is East Asian and with one where both are Latin (the
// continuation indent removed), give back the unwrapped lines in order.
func checkRejoin(t *testing.T, wrapped, unwrapped []string) {
	t.Helper()
	j := 0
	for _, u := range unwrapped {
		if j == len(wrapped) {
			t.Fatalf("wrapped text ends before %q", u)
		}
		acc := wrapped[j]
		j++
		for acc != u {
			if !strings.HasPrefix(u, acc) || j == len(wrapped) {
				t.Fatalf("wrapped lines do not join to %q: got %q", u, acc)
			}
			next := strings.TrimLeft(wrapped[j], " ")
			j++
			a, b := lastRune(acc), firstRune(next)
			switch {
			case !east(a) && !east(b):
				acc += " " + next // a Latin word is never split
			case strings.HasPrefix(u, acc+next):
				acc += next
			default:
				acc += " " + next
			}
		}
	}
	if j != len(wrapped) {
		t.Errorf("wrapped text has extra lines: %q", wrapped[j:])
	}
}

// TestMarkdownWrapBundled checks the Markdown of every bundled record in
// ja and en: every line within markdownlint's 80 characters (UTF-16 code
// units) but for headings and lines whose only content past the limit is
// one token (MD013's exception), the same URLs and, parsed with goldmark,
// the same document as the unwrapped Markdown but for white space.
func TestMarkdownWrapBundled(t *testing.T) {
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))
	for _, d := range bundledDrafts(t) {
		t.Run(d.RecordID+"/"+d.Locale, func(t *testing.T) {
			out := writeMarkdown(t, d, format.Width)
			flat := writeMarkdown(t, d, 0)
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "#") {
					continue // headings are not wrapped
				}
				u := utf16.Encode([]rune(l))
				if len(u) > 80 && strings.ContainsAny(string(utf16.Decode(u[80:])), " \t") {
					t.Errorf("line is %d characters long: %q", len(u), l)
				}
				if len(u) > 80 && strings.ContainsAny(strings.TrimLeft(l, " "), " \t") {
					t.Errorf("line of more than one token is %d characters long: %q", len(u), l)
				}
			}
			if got, want := urls(out), urls(flat); !slices.Equal(got, want) {
				t.Errorf("URLs differ:\n got %q\nwant %q", got, want)
			}
			// CommonMark: the same document, white space aside.
			strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got, want := convert(t, goldmark.New(), out), convert(t, goldmark.New(), flat); strip(got) != strip(want) {
				t.Errorf("wrapping changed the document:\n got %s\nwant %s", got, want)
			}
			// As the HTML export renders it (CJK extension): the same
			// text, each line break shown as a space where it is one.
			space := func(s string) string { return strings.ReplaceAll(s, "\n", " ") }
			if got, want := convert(t, gfm, out), convert(t, gfm, flat); space(got) != space(want) {
				t.Errorf("wrapping changed the rendered text (-want +got):\n%s", cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
			}
		})
	}
}

// TestMarkdownWrapKeepsMeaning wraps text full of block markers (which
// Escape leaves alone inside a line) at every width from 1 to 80 and checks
// with goldmark that the document is the same as unwrapped, white space
// aside: no break starts a list, heading, setext underline or code block,
// and no escape or hard break is split.
func TestMarkdownWrapKeepsMeaning(t *testing.T) {
	d := seedDrafts(t)[0]
	tricky := "a - b + c # d = e == f === g 1. h 2) i 10. j > k * l \\ m \\\\ n _o_ `p` <q> [r](s) " +
		"あ-い+う#え=お1.か ---- ==== #### ++++ 1) 2. 3.14 https://example.com/a_b?c=1&d=2 C:\\ x\n" +
		"- after a hard break\n    indented four\n1. numbered"
	d.Lead = []render.Block{{Kind: render.Paragraph, Text: tricky}}
	d.Sections[0].Blocks = []render.Block{
		{Kind: render.Bullets, Items: []render.Item{{Label: "L - 1.", Text: tricky, URL: "https://example.com/x"}}},
		{Kind: render.Steps, Items: []render.Item{{Text: tricky}, {Text: "- " + tricky}}},
		{Kind: render.Fields, Items: []render.Item{{Label: "F", Text: tricky}, {Label: "G", Text: "# " + tricky}}},
	}
	d.Disclaimer = tricky
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))
	strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
	flat := writeMarkdown(t, d, 0)
	for _, md := range []goldmark.Markdown{goldmark.New(), gfm} {
		want := convert(t, md, flat)
		for width := 1; width <= 80; width++ {
			out := writeMarkdown(t, d, width)
			if got := convert(t, md, out); strip(got) != strip(want) {
				t.Fatalf("width %d: wrapping changed the document:\n%s\n(-want +got):\n%s", width, out, cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
			}
		}
	}
}

func convert(t *testing.T, md goldmark.Markdown, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBanner checks that the review gate's notice heads every format and
// that the email body leaves out the subject line.
func TestBanner(t *testing.T) {
	d := seedDrafts(t)[0]
	d.Banner = "【下書き・未承認】送信しないでください。"
	var txt, md bytes.Buffer
	if err := format.WriteText(&txt, d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(txt.String(), d.Banner+"\n\n⚠️") {
		t.Errorf("text does not start with the banner:\n%s", txt.String())
	}
	if err := format.WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "\n\n**"+d.Banner+"**\n\n> ⚠️") {
		t.Errorf("markdown lacks the banner:\n%s", md.String())
	}
	text, body := format.TextAndBody(d)
	if strings.Contains(string(body), "件名:") || !strings.HasPrefix(string(body), d.Banner) {
		t.Errorf("email body:\n%s", body)
	}
	if string(text) != txt.String() {
		t.Error("TextAndBody's text differs from WriteText")
	}
	// The body is the text without its subject line, and nothing else.
	subject := d.SubjectLabel + ": " + d.Subject + "\n"
	if !strings.Contains(txt.String(), subject) || strings.Replace(txt.String(), subject, "", 1) != string(body) {
		t.Errorf("email body is not the text without its subject line:\n%s", body)
	}
}

// TestStatusGolden renders a record that says per product what the source
// says (scope.status) and compares its plain-text drafts with
// testdata/golden/status_<locale>.txt: affected products with their fix
// first, versions and ranges as words, not-affected products on a short
// line of their own.
func TestStatusGolden(t *testing.T) {
	for _, d := range renderDrafts(t, "../../testdata/status/2026-06-20-example-widget-vex.yaml") {
		var b bytes.Buffer
		if err := format.WriteText(&b, d); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "../../testdata/golden/status_"+d.Locale+".txt", b.Bytes())
		out := b.String()
		if strings.Contains(out, "vers:") || strings.Contains(out, "*") {
			t.Errorf("%s: raw version syntax in the draft:\n%s", d.Locale, out)
		}
		aff, na := strings.Index(out, map[string]string{"ja": "影響あり", "en": "Affected"}[d.Locale]), strings.Index(out, map[string]string{"ja": "影響なし", "en": "Not affected"}[d.Locale])
		if aff < 0 || na < aff {
			t.Errorf("%s: want affected products before not-affected ones:\n%s", d.Locale, out)
		}
	}
}

// TestDeadlineGolden renders a deadline counted in business days (+5bd
// over Golden Week) and one with a time of day, and compares the plain
// text and Markdown drafts with testdata/golden/deadline_<kind>_<locale>:
// the date with its weekday, the business days counted, the time with its
// zone.
func TestDeadlineGolden(t *testing.T) {
	for _, tc := range []struct {
		kind, file string
		want       map[string]string // locale → deadline line
	}{
		{"bd", "../../testdata/deadline/2026-04-28-example-vpn-business-days.yaml", map[string]string{
			"ja": "対応期限: 2026年5月11日（月）（公開から 5営業日）",
			"en": "Deadline: Mon, May 11, 2026 (5 business days after publication)",
		}},
		{"time", "../../testdata/deadline/2026-05-01-example-portal-deadline-time.yaml", map[string]string{
			"ja": "対応期限: 2026年5月11日（月）17:00",
			"en": "Deadline: Mon, May 11, 2026, 17:00 JST",
		}},
	} {
		for _, d := range renderDrafts(t, tc.file) {
			var txt, md bytes.Buffer
			if err := format.WriteText(&txt, d); err != nil {
				t.Fatal(err)
			}
			if err := format.WriteMarkdown(&md, d); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, fmt.Sprintf("../../testdata/golden/deadline_%s_%s.txt", tc.kind, d.Locale), txt.Bytes())
			golden.Check(t, fmt.Sprintf("../../testdata/golden/deadline_%s_%s.md", tc.kind, d.Locale), md.Bytes())
			if !strings.Contains(txt.String(), "\n"+tc.want[d.Locale]+"\n") {
				t.Errorf("%s %s: no line %q in:\n%s", tc.kind, d.Locale, tc.want[d.Locale], txt.String())
			}
		}
	}
}

// TestRevisionGolden renders two follow-up notices (records with
// revisions), an update and a correction after an update, and compares
// their text, Markdown and HTML drafts in both locales with
// testdata/golden/revision_<kind>_<locale>.<ext>: the subject starts with
// the newest revision's prefix, before the priority's, and the first
// section lists the revisions newest first.
func TestRevisionGolden(t *testing.T) {
	h := newHTML(t)
	for _, kind := range []string{"update", "correction"} {
		for _, d := range renderDrafts(t, "../../testdata/revisions/2026-06-20-example-widget-"+kind+".yaml") {
			prefix := map[string]string{"ja:update": "【更新】【重要】", "en:update": "[Update] [Important] ",
				"ja:correction": "【訂正】【重要】", "en:correction": "[Correction] [Important] "}[d.Locale+":"+kind]
			if !strings.HasPrefix(d.Subject, prefix) {
				t.Errorf("%s %s: subject %q, want it to start with %q", kind, d.Locale, d.Subject, prefix)
			}
			if len(d.Sections) == 0 || d.Sections[0].ID != "revisions" {
				t.Errorf("%s %s: the first section is not the revisions: %+v", kind, d.Locale, d.Sections)
			}
			for ext, write := range map[string]func(*bytes.Buffer, *render.Draft) error{
				"txt":  func(b *bytes.Buffer, d *render.Draft) error { return format.WriteText(b, d) },
				"md":   func(b *bytes.Buffer, d *render.Draft) error { return format.WriteMarkdown(b, d) },
				"html": func(b *bytes.Buffer, d *render.Draft) error { _, err := b.Write(htmlDoc(t, h, d)); return err },
			} {
				var b bytes.Buffer
				if err := write(&b, d); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, fmt.Sprintf("../../testdata/golden/revision_%s_%s.%s", kind, d.Locale, ext), b.Bytes())
			}
		}
	}
}
