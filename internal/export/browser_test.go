package export_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/noticegen/noticegen/internal/browsertest"
)

// pageCheckJS looks at the page as laid out and returns its problems:
// text whose colour has less than 4.5:1 contrast (WCAG AA) against the
// background it is drawn on, a page wider than the window, and short
// index cells (td.short) whose text takes more than one line.
const pageCheckJS = `(() => {
  const rgba = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const lum = c => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const over = (f, b) => [0, 1, 2].map(i => f[i] * f[3] + b[i] * (1 - f[3]));
  const canvas = matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18] : [255, 255, 255];
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return canvas.concat(1);
  };
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(' ');
    if (!own || el.getClientRects().length === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden') continue;
    const bg = background(el), fg = over(rgba(s.color), bg);
    const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ':1 of <' + el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + '> ' + JSON.stringify(own.slice(0, 30)) + ': ' + s.color + ' on ' + s.backgroundColor);
  }
  if (document.documentElement.scrollWidth > innerWidth) problems.push('page is ' + document.documentElement.scrollWidth + ' px wide in a ' + innerWidth + ' px window');
  for (const td of document.querySelectorAll('td.short')) {
    if (!td.textContent.trim()) continue;
    // The text's lines: the rectangles of its text nodes, one per line.
    const rects = [];
    const w = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const r = document.createRange(); r.selectNodeContents(n);
      rects.push(...[...r.getClientRects()].filter(x => x.width > 0));
    }
    const tops = rects.map(x => x.top).sort((a, b) => a - b);
    const lines = tops.filter((y, i) => i === 0 || y - tops[i - 1] > 4).length;
    if (lines > 1) problems.push('short cell ' + JSON.stringify(td.textContent.trim()) + ' takes ' + lines + ' lines');
  }
  return problems;
})()`

// TestPagesInBrowser opens the index and every digest page of the bundled
// records in headless Chromium at 800 and 375 px, in the light and the
// dark colour scheme, and checks what a reader sees (pageCheckJS): text
// contrast, no sideways scrolling, short index cells on one line. With
// NOTICEGEN_PAGE_SCREENSHOTS set to a directory, a screenshot of each page
// in each width and scheme is written there, to look at.
func TestPagesInBrowser(t *testing.T) {
	out := exportBundled(t)
	pages := []string{filepath.Join(out, "index.html")}
	digests, _ := filepath.Glob(filepath.Join(out, "*", "index.html"))
	pages = append(pages, digests...)
	shots := os.Getenv("NOTICEGEN_PAGE_SCREENSHOTS")

	bctx := browsertest.Start(t)
	ctx, cancelT := context.WithTimeout(bctx, 120*time.Second)
	defer cancelT()

	for _, width := range []int64{800, 375} {
		for _, scheme := range []string{"light", "dark"} {
			media := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				})
				return err
			})
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), media); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				name, _ := filepath.Rel(out, p)
				if err := chromedp.Do(ctx, chromedp.Navigate("file://"+p)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](pageCheckJS))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for _, pr := range problems {
					t.Errorf("%s at %d px, %s: %s", name, width, scheme, pr)
				}
				if shots != "" {
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					file := filepath.Join(shots, fmt.Sprintf("%s-%d-%s.png", strings.TrimSuffix(strings.TrimSuffix(name, ".html"), "/index"), width, scheme))
					if err := os.WriteFile(file, png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}
