package lint

import (
	"regexp"

	"golang.org/x/text/unicode/norm"

	"github.com/noticegen/noticegen/internal/advisory"
)

// ruleTLPText is the rule that a TLP label written in a record's text is
// no stricter than the record's marking.
const ruleTLPText = "tlp-text"

// tlpTextRE finds a TLP label written in text, as people write them:
// "TLP:AMBER", "TLP: AMBER+STRICT", "tlp:red", TLP 1.0's WHITE (after
// NFKC, a full-width "ＴＬＰ：ＲＥＤ" too).
var tlpTextRE = regexp.MustCompile(`(?i)\bTLP\s*:\s*(CLEAR|WHITE|GREEN|AMBER\s*\+\s*STRICT|AMBER|RED)\b`)

// checkTLPText reports a TLP label in the record's text that is stricter
// than its marking (tlp:; an unmarked record counts as TLP:CLEAR). The
// marking is what every draft shows and what export's guard holds the
// .eml drafts to; a label typed into a title ("[TLP:AMBER] …") or a
// sentence instead is only text: the subject then says TLP:AMBER while
// the .eml goes to any recipient.
func checkTLPText(c *checker) {
	have := c.rec.TLP
	for _, t := range c.allTexts() {
		seen := map[advisory.TLP]bool{}
		for _, m := range tlpTextRE.FindAllStringSubmatch(norm.NFKC.String(t.s), -1) {
			said, ok := advisory.TLPFromSource(m[1])
			if !ok || seen[said] || said.Rank() <= max(have.Rank(), advisory.TLPClear.Rank()) {
				continue
			}
			seen[said] = true
			marked := "unmarked (no tlp:)"
			if have != "" {
				marked = "marked " + have.Marking()
			}
			c.report(ruleTLPText, t.path, "the text says %s, but the record is %s: a label in the text restricts nothing; write tlp: %s so that every draft carries the marking and export holds its .eml to it (or take the label out of the text)",
				said.Marking(), marked, said)
		}
	}
}
