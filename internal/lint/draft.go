package lint

import (
	"strings"
	"time"
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
	checkNotice(c, "disclaimer", "the disclaimer", d, d.Disclaimer)
}

// sampleApprovals stand for a record's approvals, which check does not
// read: three reviewers, two of them on one day, so that every message the
// disclosure is made of (each date's reviewers, the list of the dates) is
// used.
var sampleApprovals = []render.Approval{
	{Reviewer: "reviewer-a", At: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)},
	{Reviewer: "reviewer-b", At: time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)},
	{Reviewer: "reviewer-c", At: time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC)},
}

// checkDisclosure makes the draft send-ready as export does once it is
// approved (with sample approvals) and makes sure the disclosure for its
// recipients comes out: the messages it is made of give text with words
// that names every reviewer and date, and the plain-text and Markdown
// forms show it where the disclaimer was, and no longer the disclaimer,
// which speaks to the sender. A --locales file that breaks it is found
// here, before anyone approves the record (an approval is refused while
// check finds errors).
func checkDisclosure(c *checker, d *render.Draft) {
	sr, err := c.o.Renderer.SendReady(d, sampleApprovals)
	if err != nil {
		c.report("disclosure", "", "the %s draft cannot be made send-ready for when it is approved: %v", d.Locale, err)
		return
	}
	if strings.IndexFunc(sr.Disclosure, unicode.IsLetter) < 0 {
		c.report("disclosure", "", "the disclosure of the send-ready %s draft, %+q, has no words: it may be reworded but not emptied", d.Locale, sr.Disclosure)
		return
	}
	if !checkNotice(c, "disclosure", "the disclosure", sr, sr.Disclosure) {
		return
	}
	var txt strings.Builder
	_ = format.WriteTextWidth(&txt, sr, 0) // written by checkNotice already
	head, _, _ := strings.Cut(txt.String(), "\n"+sr.SubjectLabel+": ")
	for _, line := range strings.Split(d.Disclaimer, "\n") {
		if line = strings.TrimSpace(line); line != "" && strings.Contains(head, line) {
			c.report("disclosure", "", "the send-ready %s draft still shows the disclaimer, which speaks to the sender", d.Locale)
			return
		}
	}
}

// checkNotice makes sure the text and Markdown forms of d show notice (the
// disclaimer, or the disclosure of a send-ready draft) before the subject
// line and as the blockquote under the subject heading. what names it in
// findings. It reports whether the draft passed.
func checkNotice(c *checker, rule, what string, d *render.Draft, notice string) bool {
	var txt, md strings.Builder
	if err := format.WriteTextWidth(&txt, d, 0); err != nil {
		c.report(rule, "", "the %s draft cannot be written as text: %v", d.Locale, err)
		return false
	}
	if err := format.WriteMarkdownWidth(&md, d, 0); err != nil {
		c.report(rule, "", "the %s draft cannot be written as Markdown: %v", d.Locale, err)
		return false
	}
	text := txt.String()
	subject := strings.Index(text, "\n"+d.SubjectLabel+": ")
	for _, line := range strings.Split(notice, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if i := strings.Index(text, line); i < 0 || subject >= 0 && i > subject {
			c.report(rule, "", "the text form of the %s draft does not show %s before the subject", d.Locale, what)
			return false
		}
		if !strings.Contains(md.String(), "> "+format.Escape(line)) {
			c.report(rule, "", "the Markdown form of the %s draft does not show %s", d.Locale, what)
			return false
		}
	}
	return true
}
