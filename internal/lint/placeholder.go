package lint

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Placeholder rules: text a writer meant to replace before sending.
//
// Words and brackets are matched after NFKC, so the full-width forms
// (ＴＯＤＯ, ＜…＞) match too; the marks (○○, ＿＿) are matched as written.

var (
	// placeholderRE: marker words in capitals as whole words, an ellipsis
	// in angle brackets, and a short run of non-ASCII text in angle
	// brackets (<製品名>, <日付>), which is never command syntax.
	placeholderRE = regexp.MustCompile(`\b(?:TODO|TBD|FIXME|XXX+)\b|<\s*\.\.\.\s*>|<[^<>\s]{0,30}[^\x00-\x7f][^<>\s]{0,30}>`)
	// underscoreRE: blanks to fill in.
	underscoreRE = regexp.MustCompile(`＿{2,}|_{3,}`)
	// angleRE: an ASCII word or phrase in angle brackets (<hostname>,
	// <IP address>): a placeholder in prose, but also the way command
	// syntax writes arguments, hence a warning of its own.
	angleRE = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9 _.-]{0,30}>`)
)

// circleMarks are the marks Japanese uses for a blank to fill in when two
// or more stand together (○○株式会社, ××様).
const circleMarks = "○〇◯×"

// kanjiDigits are the kanji numerals; 〇 among them is a zero
// (二〇〇〇年), not a blank.
const kanjiDigits = "〇一二三四五六七八九十百千万"

// allTexts returns every checked localized text and every text field
// written once.
func (c *checker) allTexts() []text {
	return append(c.texts(), c.plainTexts()...)
}

func checkPlaceholders(c *checker) {
	for _, t := range c.allTexts() {
		seen := map[string]bool{}
		add := func(m string) {
			if !seen[m] {
				seen[m] = true
				c.report("placeholder", t.path, "placeholder %s left in the text", quoteSnippet(m))
			}
		}
		for _, m := range placeholderRE.FindAllString(norm.NFKC.String(t.s), -1) {
			add(m)
		}
		for _, m := range underscoreRE.FindAllString(t.s, -1) {
			add(m)
		}
		for _, m := range circleRuns(t.s) {
			add(m)
		}
	}
}

func checkAnglePlaceholders(c *checker) {
	for _, t := range c.allTexts() {
		seen := map[string]bool{}
		for _, m := range angleRE.FindAllString(norm.NFKC.String(t.s), -1) {
			if !seen[m] {
				seen[m] = true
				c.report("angle-placeholder", t.path, "%s looks like a placeholder to fill in", quoteSnippet(m))
			}
		}
	}
}

// circleRuns returns the runs of two or more blank marks in s (○○, ××),
// leaving out runs of 〇 next to a kanji numeral, which are zeros.
func circleRuns(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i < len(rs); {
		if !strings.ContainsRune(circleMarks, rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && strings.ContainsRune(circleMarks, rs[j]) {
			j++
		}
		run := string(rs[i:j])
		numeral := strings.Contains(run, "〇") &&
			(i > 0 && strings.ContainsRune(kanjiDigits, rs[i-1]) || j < len(rs) && strings.ContainsRune(kanjiDigits, rs[j]))
		if j-i >= 2 && !numeral {
			out = append(out, run)
		}
		i = j
	}
	return out
}
