package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// Draft rules: what the rendered drafts look like, whatever template and
// messages produced them.

// Subject limits. Desktop mail clients' message lists show about 78
// characters of a Latin-script subject (RFC 5322's recommended line
// length; it is also what fits a Markdown "# " heading within
// markdownlint's 80 columns) and about 40 full-width characters, 80
// display columns, of a Japanese one. The seed's own subject, written by a
// security team for real recipients, is 72 columns: a lower limit flagged
// it. Phones show less of either; the rule is about the longest subjects,
// not a style.
const (
	maxSubjectColumns = 80 // display columns, East Asian locales
	maxSubjectChars   = 78 // characters, other locales
)

// eastAsian reports whether loc is written mostly with full-width
// characters, so its subjects are measured in display columns.
func eastAsian(loc string) bool {
	base, _, _ := strings.Cut(loc, "-")
	return base == "ja" || base == "zh" || base == "ko"
}

func checkSubjectLength(c *checker, d *render.Draft) {
	path := "title." + d.Locale
	if eastAsian(d.Locale) {
		if w := format.DisplayWidth(d.Subject); w > maxSubjectColumns {
			c.report("subject-length", path, "the %s subject %s is %d display columns; mail clients show about %d: shorten the title",
				d.Locale, quoteSnippet(d.Subject), w, maxSubjectColumns)
		}
		return
	}
	if n := utf8.RuneCountInString(d.Subject); n > maxSubjectChars {
		c.report("subject-length", path, "the %s subject %s is %d characters; mail clients show about %d: shorten the title",
			d.Locale, quoteSnippet(d.Subject), n, maxSubjectChars)
	}
}

// checkDisclaimer makes sure the draft has a disclaimer with words in it
// (not just invisible or punctuation characters, which a --locales file
// could set) and that both the plain-text and the Markdown form show it
// before the body. The renderer
// and the formats guarantee this today; the rule keeps it so whatever
// changes in templates, messages or writers.
func checkDisclaimer(c *checker, d *render.Draft) {
	if strings.TrimSpace(d.Disclaimer) == "" {
		c.report("disclaimer", "", "the %s draft has no disclaimer", d.Locale)
		return
	}
	if strings.IndexFunc(d.Disclaimer, unicode.IsLetter) < 0 {
		c.report("disclaimer", "", "the disclaimer of the %s draft, %+q, has no words: it may be reworded but not emptied", d.Locale, d.Disclaimer)
		return
	}
	var txt, md strings.Builder
	if err := format.WriteTextWidth(&txt, d, 0); err != nil {
		c.report("disclaimer", "", "the %s draft cannot be written as text: %v", d.Locale, err)
		return
	}
	if err := format.WriteMarkdownWidth(&md, d, 0); err != nil {
		c.report("disclaimer", "", "the %s draft cannot be written as Markdown: %v", d.Locale, err)
		return
	}
	text := txt.String()
	subject := strings.Index(text, "\n"+d.SubjectLabel+": ")
	for _, line := range strings.Split(d.Disclaimer, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if i := strings.Index(text, line); i < 0 || subject >= 0 && i > subject {
			c.report("disclaimer", "", "the text form of the %s draft does not show the disclaimer before the subject", d.Locale)
			return
		}
		if !strings.Contains(md.String(), "> "+format.Escape(line)) {
			c.report("disclaimer", "", "the Markdown form of the %s draft does not show the disclaimer", d.Locale)
			return
		}
	}
}
