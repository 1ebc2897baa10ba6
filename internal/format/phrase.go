package format

import (
	"regexp"
	"strings"
)

// Mail clients break Japanese between any two characters, so a paragraph
// may end with one or two characters alone on its last line (「い。」).
// CSS could ask for breaks between phrases (word-break: auto-phrase), but
// few clients support it (Chromium only; not Thunderbird, Outlook or
// Apple Mail) and Mailpit's check counts it as unsupported in 30 % of
// them. So the last phrase of each block of Japanese text is joined: a
// WORD JOINER (U+2060, invisible, no width) between each two of its
// characters forbids a break inside it in every client. The phrase is what
// follows the last break between words by the wrapper's rules (see
// words.go), if it is at most maxKept columns wide.

// maxKept is the widest last phrase kept together, in display columns.
const maxKept = 24

// joiner is U+2060 WORD JOINER.
const joiner = "\u2060"

// blockEndRE matches the text before the end of a paragraph, list item or
// heading, after the block's last tag (goldmark escapes text, so it holds
// no '<' or '>').
var blockEndRE = regexp.MustCompile(`>([^<>]+)(</(?:p|li|h[1-6])>)`)

// keepLastPhrases joins the last phrase of each block of html (a fragment
// from goldmark).
func keepLastPhrases(html []byte) []byte {
	// One pass of the expression (ReplaceAllFunc would need a second one
	// per match for the groups), and most blocks are left as they are.
	var out []byte
	last := 0
	for _, m := range blockEndRE.FindAllSubmatchIndex(html, -1) {
		text := html[m[2]:m[3]]
		i := lastPhrase(string(text))
		if i < 0 {
			continue
		}
		out = append(out, html[last:m[2]+i]...)
		out = append(out, join(string(text[i:]))...)
		last = m[3]
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// keepLastPhrase is keepLastPhrases for escaped text, the banner.
func keepLastPhrase(escaped string) string {
	i := lastPhrase(escaped)
	if i < 0 {
		return escaped
	}
	return escaped[:i] + join(escaped[i:])
}

// join puts a word joiner between each two grapheme clusters of s where a
// browser may break: next to an East Asian character (Latin words are not
// broken anyway, and a space stays a break).
func join(s string) string {
	cs := wrapper{measure: clusterWidth}.clusters(s)
	var b strings.Builder
	for k, c := range cs {
		if k > 0 && (c.east || cs[k-1].east) && !c.space && !cs[k-1].space {
			b.WriteString(joiner)
		}
		b.WriteString(s[c.off:c.end])
	}
	return b.String()
}

// lastPhrase returns the byte offset in s at which its last phrase starts,
// or -1 if s does not end in Japanese, is one phrase, or its last phrase is
// wider than maxKept or holds a character reference (&amp;, which a
// joiner must not split).
func lastPhrase(s string) int {
	if !hasJapanese(s) {
		return -1
	}
	wr := wrapper{measure: clusterWidth}
	cs := wr.clusters(s)
	if len(cs) == 0 || !isJapanese(cs[len(cs)-1].r) && !isJapanese(prevRune(cs)) {
		return -1
	}
	bs := wr.breaks(s, cs)
	rankBreaks(cs, bs)
	for k := len(bs) - 1; k >= 0; k-- {
		if bs[k].rank == rankNone {
			continue
		}
		off := cs[bs[k].next].off
		if DisplayWidth(s[off:]) > maxKept || !hasJapanese(s[off:]) || strings.Contains(s[off:], "&") {
			return -1
		}
		return off
	}
	return -1
}

// prevRune is the first rune of the cluster before the last, or 0.
func prevRune(cs []cluster) rune {
	if len(cs) < 2 {
		return 0
	}
	return cs[len(cs)-2].r
}
