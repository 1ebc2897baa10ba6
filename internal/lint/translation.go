package lint

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Translation rules: every localized field has text in every checked
// locale, and that text is a translation, not a placeholder for one.

// checkTranslationMissing reports localized fields without text in a
// checked locale. Optional fields left out entirely (timeframe, response)
// are fine (EachText skips them); once written, they need every locale.
func checkTranslationMissing(c *checker) {
	c.rec.EachText(func(path string, t advisory.Text, _ bool) {
		for _, loc := range c.o.Locales {
			if _, ok := t[loc]; !ok {
				c.report(ruleNoLocale, path, "no %q text", loc)
			}
		}
	})
}

// markers are the translation markers that flag text still waiting for a
// translator: every one the locale files define (translation.marker, which
// noticegen import writes, and translation.also), lower-cased after NFKC.
// Text is matched after NFKC too, so full-width brackets (［要翻訳］) match,
// and case-insensitively.
func (c *checker) markers() []string {
	if c.marks == nil {
		for _, m := range c.o.Renderer.Catalog().Markers() {
			c.marks = append(c.marks, strings.ToLower(norm.NFKC.String(m)))
		}
	}
	return c.marks
}

// hasMarker reports whether s holds a translation marker.
func (c *checker) hasMarker(s string) bool {
	low := strings.ToLower(norm.NFKC.String(s))
	for _, m := range c.markers() {
		if strings.Contains(low, m) {
			return true
		}
	}
	return false
}

func checkUntranslated(c *checker) {
	for _, t := range c.texts() {
		nf := norm.NFKC.String(t.s)
		low := strings.ToLower(nf)
		for _, m := range c.markers() {
			if i := strings.Index(low, m); i >= 0 {
				shown := m
				if len(low) == len(nf) {
					shown = nf[i : i+len(m)]
				}
				c.report("untranslated", t.path, "still marked %s: the text is not translated yet", shown)
				break
			}
		}
	}
}

// checkUnconfirmed reports every value noticegen import filled in with a
// default or a guess that nobody has confirmed yet.
func checkUnconfirmed(c *checker) {
	for i, f := range c.rec.Provenance.Unconfirmed {
		path := fmt.Sprintf("provenance.unconfirmed[%d]", i)
		c.report("unconfirmed", path, "%s was filled in by noticegen import and is not confirmed: check it, then remove it from the list", f)
	}
}

// checkForeignScript reports kana in the text of a locale that is not
// Japanese: Japanese text pasted or left behind in the English version.
// Kanji alone are not reported, as they are also Chinese.
func checkForeignScript(c *checker) {
	for _, t := range c.texts() {
		if isJapanese(t.loc) || c.hasMarker(t.s) {
			continue // untranslated reports marked text
		}
		for i, r := range t.s {
			if unicode.In(r, unicode.Hiragana, unicode.Katakana) && r != '・' && r != 'ー' {
				c.report("foreign-script", t.path, "Japanese kana in the %s text (%s): is it translated?", t.loc, quoteSnippet(around(t.s, i, 12)))
				break
			}
		}
	}
}

// around returns up to n characters of s on each side of byte offset i,
// on one line.
func around(s string, i, n int) string {
	before := []rune(s[:i])
	after := []rune(s[i:])
	from := max(0, len(before)-n)
	to := min(len(after), n)
	out := string(before[from:]) + string(after[:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(after) {
		out += "…"
	}
	return strings.Join(strings.Fields(out), " ")
}

// quoteSnippet quotes text taken from a record for a message: in 「」 if
// it holds Japanese, else in double quotes, shortened to 40 characters.
func quoteSnippet(s string) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	if len(rs) > 40 {
		rs = append(rs[:39], '…')
	}
	s = string(rs)
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return "「" + s + "」"
		}
	}
	return `"` + s + `"`
}
