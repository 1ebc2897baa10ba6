package lint

import (
	"fmt"
	"strings"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
)

// The iso-2022-jp rule: Japanese mail is still often sent as ISO-2022-JP
// (noticegen export --charset iso-2022-jp), which carries only ASCII and
// JIS X 0208. internal/mail replaces everything else (① → (1), ｶﾞ → ガ,
// emoji → 〓); this rule says so before the draft goes out, at the field
// that holds the character.
//
// Only Japanese text is checked: the record's Japanese text and its fields
// written once (vendor, product, …) when a Japanese locale is checked, and
// then the Japanese drafts for characters that came from a template or a
// message file rather than the record. The disclaimer is left out: its ⚠️
// is noticegen's own, and the mail writer deliberately writes it as
// ［注意］.

// jisIssues returns the ISO-2022-JP issues of s, one per distinct
// character or run.
func jisIssues(s string) []mail.Issue {
	seen := map[string]bool{}
	var out []mail.Issue
	for _, is := range mail.CheckISO2022JP("text", s, true) {
		if !seen[is.Text] {
			seen[is.Text] = true
			out = append(out, is)
		}
	}
	return out
}

// jisTexts returns the texts the rule checks in the record for locale
// loc: its text in loc and the fields written once.
func (c *checker) jisTexts(loc string) []text {
	var out []text
	for _, t := range c.texts() {
		if t.loc == loc {
			out = append(out, t)
		}
	}
	return append(out, c.plainTexts()...)
}

func checkCharsetRecord(c *checker) {
	seen := map[string]bool{} // plain fields once, whatever the number of Japanese locales
	for _, loc := range c.o.Locales {
		if !isJapanese(loc) {
			continue
		}
		for _, t := range c.jisTexts(loc) {
			if seen[t.path] {
				continue
			}
			seen[t.path] = true
			for _, is := range jisIssues(t.s) {
				c.report("iso-2022-jp", t.path, "%s", describeIssue(is))
			}
		}
	}
}

// checkCharsetDraft reports characters of a Japanese draft that ISO-2022-JP
// cannot carry and that are not in the record's text, so came from the
// template or the messages.
func checkCharsetDraft(c *checker, d *render.Draft) {
	if !isJapanese(d.Locale) {
		return
	}
	fromRecord := map[string]bool{}
	for _, t := range c.jisTexts(d.Locale) {
		for _, is := range jisIssues(t.s) {
			fromRecord[is.Text] = true
		}
	}
	body := *d
	body.Disclaimer, body.Banner, body.Disclosure = "", "", ""
	var b strings.Builder
	if err := format.WriteTextWidth(&b, &body, 0); err != nil {
		return // checkDisclaimer reports drafts that cannot be written
	}
	for _, is := range jisIssues(b.String()) {
		if !fromRecord[is.Text] {
			c.report("iso-2022-jp", "", "the %s draft, from its template or messages: %s", d.Locale, describeIssue(is))
		}
	}
}

// describeIssue words an ISO-2022-JP issue for a finding.
func describeIssue(is mail.Issue) string {
	var cps []string
	for _, r := range is.Text {
		cps = append(cps, fmt.Sprintf("U+%04X", r))
	}
	what := fmt.Sprintf("%q (%s)", is.Text, strings.Join(cps, " "))
	switch {
	case is.Action == mail.Normalized:
		return fmt.Sprintf("half-width katakana %s: ISO-2022-JP mail would carry it as full-width %q", what, is.Replacement)
	case is.Replacement == "":
		return fmt.Sprintf("%s is not in JIS X 0208: ISO-2022-JP mail would drop it", what)
	default:
		return fmt.Sprintf("%s is not in JIS X 0208: ISO-2022-JP mail would show %q instead", what, is.Replacement)
	}
}
