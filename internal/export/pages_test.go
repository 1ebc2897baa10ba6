package export_test

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/advisory"
)

// relativeLuminance is WCAG 2's relative luminance of a #rrggbb colour.
func relativeLuminance(hex string) (float64, error) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, fmt.Errorf("colour %q: want #rrggbb", hex)
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, fmt.Errorf("colour %q: %v", hex, err)
		}
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2], nil
}

// contrast is WCAG 2's contrast ratio of two #rrggbb colours.
func contrast(a, b string) (float64, error) {
	la, err := relativeLuminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := relativeLuminance(b)
	if err != nil {
		return 0, err
	}
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05), nil
}

func TestContrast(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{{"#000000", "#ffffff", 21}, {"#777777", "#ffffff", 4.48}, {"#b00020", "#121212", 2.56}} {
		got, err := contrast(c.a, c.b)
		if err != nil || math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.2f, %v; want %.2f", c.a, c.b, got, err, c.want)
		}
	}
}

var (
	badgeRuleRE = regexp.MustCompile(`(?m)^\s*\.badge\.([a-z]+-[A-Za-z-]+) \{ color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6}); \}$`)
	darkRE      = regexp.MustCompile(`(?s)@media \(prefers-color-scheme: dark\) \{\n(.*?)\n\}`)
)

// badgeColours returns the badge rules of a page template's style sheet,
// light (outside the dark-mode block) and dark, as class → [text, background].
func badgeColours(t *testing.T, src string) (light, dark map[string][2]string) {
	t.Helper()
	light, dark = map[string][2]string{}, map[string][2]string{}
	darkBlocks := darkRE.FindAllString(src, -1)
	for _, m := range badgeRuleRE.FindAllStringSubmatch(darkRE.ReplaceAllString(src, ""), -1) {
		light[m[1]] = [2]string{m[2], m[3]}
	}
	for _, b := range darkBlocks {
		for _, m := range badgeRuleRE.FindAllStringSubmatch(b, -1) {
			dark[m[1]] = [2]string{m[2], m[3]}
		}
	}
	return light, dark
}

// TestBadgeContrast: on the index and digest pages, the priority, rank
// and TLP badges of every value have text and background colours of at least
// 4.5:1 (WCAG AA) in the light and in the dark scheme.
func TestBadgeContrast(t *testing.T) {
	var classes []string
	for _, p := range advisory.Priorities {
		classes = append(classes, "priority-"+string(p))
	}
	for r := 'A'; r <= 'E'; r++ {
		classes = append(classes, "rank-"+string(r))
	}
	for _, l := range advisory.TLPs {
		classes = append(classes, "tlp-"+strings.ReplaceAll(string(l), "+", "-"))
	}
	for _, name := range []string{"index.html.tmpl", "digest.html.tmpl"} {
		src, err := fs.ReadFile(noticegen.Templates(), name)
		if err != nil {
			t.Fatal(err)
		}
		light, dark := badgeColours(t, string(src))
		for scheme, rules := range map[string]map[string][2]string{"light": light, "dark": dark} {
			for _, c := range classes {
				rule, ok := rules[c]
				if !ok {
					t.Errorf("%s: no %s rule for .badge.%s", name, scheme, c)
					continue
				}
				ratio, err := contrast(rule[0], rule[1])
				if err != nil {
					t.Fatal(err)
				}
				if ratio < 4.5 {
					t.Errorf("%s: .badge.%s in %s mode: %s on %s is %.2f:1, want at least 4.5:1", name, c, scheme, rule[0], rule[1], ratio)
				}
				t.Logf("%s %s %s: %s on %s %.2f:1", name, scheme, c, rule[0], rule[1], ratio)
			}
		}
	}
}

var (
	cellRE  = regexp.MustCompile(`<t[dh]( class="([^"]*)")?[^>]*>`)
	styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	rowRE   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
)

// exportBundled exports the bundled records with the test options (pages
// in Japanese) and returns the output directory.
func exportBundled(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	run(t, bundled(t), options(t, out))
	return out
}

// TestIndexPage: the index has one title column (the page's language
// first, the other beneath it) and every other cell is a short one that
// does not wrap.
func TestIndexPage(t *testing.T) {
	out := exportBundled(t)
	b, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	style := styleRE.FindStringSubmatch(page)
	if style == nil || !regexp.MustCompile(`(?m)^\.short \{[^}]*white-space: nowrap;`).MatchString(style[1]) {
		t.Error("index.html: no .short { white-space: nowrap } rule")
	}
	rows := rowRE.FindAllStringSubmatch(page, -1)
	if len(rows) != 1+len(bundled(t)) {
		t.Fatalf("index.html: %d rows, want a heading and %d records", len(rows), len(bundled(t)))
	}
	for i, r := range rows {
		cells := cellRE.FindAllStringSubmatch(r[1], -1)
		if len(cells) != 6 {
			t.Errorf("row %d: %d cells, want 6 (one title column)", i, len(cells))
			continue
		}
		for j, c := range cells {
			if j == 1 {
				if i > 0 && c[2] != "title" {
					t.Errorf("row %d: the second cell is %q, want the title", i, c[0])
				}
				continue
			}
			if !strings.Contains(" "+c[2]+" ", " short ") {
				t.Errorf("row %d, cell %d: %s is not a short (nowrap) cell", i, j, c[0])
			}
		}
		if i == 0 {
			continue
		}
		ja := strings.Index(r[1], `<a href="`)
		en := strings.Index(r[1], `<span class="alt" lang="en">`)
		if ja < 0 || en < ja || !strings.Contains(r[1], `lang="ja">`) {
			t.Errorf("row %d: want the Japanese title as the link, the English beneath it:\n%s", i, r[1])
		}
		if !strings.Contains(r[1], `<span class="badge priority-`) {
			t.Errorf("row %d: the priority is not a badge:\n%s", i, r[1])
		}
	}
}

// TestDigestPage: the page's language draft comes first, each draft says
// its priority and deadline before its subject, and no heading relies on
// an emoji (they show as boxes without an emoji font): every character of
// every heading is one Shift_JIS (JIS X 0208) has, which every Japanese
// font covers.
func TestDigestPage(t *testing.T) {
	out := exportBundled(t)
	pages, _ := filepath.Glob(filepath.Join(out, "*", "index.html"))
	if len(pages) != len(bundled(t)) {
		t.Fatalf("%d digest pages, want %d", len(pages), len(bundled(t)))
	}
	headingRE := regexp.MustCompile(`(?s)<(h[1-6]|summary)\b[^>]*>(.*?)</(?:h[1-6]|summary)>`)
	tagRE := regexp.MustCompile(`<[^>]*>`)
	draftRE := regexp.MustCompile(`(?s)<section class="draft" lang="([^"]+)">(.*?)</section>`)
	enc := japanese.ShiftJIS.NewEncoder()
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		name, _ := filepath.Rel(out, p)
		for _, h := range headingRE.FindAllStringSubmatch(page, -1) {
			text := strings.TrimSpace(tagRE.ReplaceAllString(h[2], ""))
			for _, r := range text {
				if r == '\u2060' {
					continue // the word joiner that keeps a last phrase whole: invisible, no glyph
				}
				if _, err := enc.String(string(r)); err != nil {
					t.Errorf("%s: <%s> %q: %q (U+%04X) is not in JIS X 0208: a box without an emoji font", name, h[1], text, r, r)
				}
			}
		}
		drafts := draftRE.FindAllStringSubmatch(page, -1)
		if len(drafts) != 2 || drafts[0][1] != "ja" {
			t.Errorf("%s: drafts %d, first %q; want ja (the page's language) first", name, len(drafts), drafts[0][1])
			continue
		}
		for _, d := range drafts {
			meta := strings.Index(d[2], `<p class="draft-meta">`)
			subject := strings.Index(d[2], `<h3`)
			if meta < 0 || subject < meta || !strings.Contains(d[2][meta:subject], `class="badge priority-`) {
				t.Errorf("%s: the %s draft does not show its priority badge and deadline before its subject", name, d[1])
			}
		}
	}
}
