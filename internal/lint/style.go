package lint

import (
	"regexp"
	"strings"
	"unicode"
)

// The ja-style rule: a Japanese notice is written either in the polite
// です/ます style or in the plain だ/である style, and a draft that mixes
// them reads as careless.
//
// Only sentence endings count: "〜であるため、〜です。" is polite, because
// it ends in です. Text in 「」『』“” and in parentheses is left out first
// (a quoted vendor statement keeps its own style), then the text is cut
// into sentences at 。！？ and line breaks, and each sentence is classed
// by how it ends, after closing brackets and a final ね/よ/か:
//
//	polite: です, ます, でした, ました, ません, でしょう, ましょう, ください, 下さい
//	plain:  である, であった, であろう, ではない, ではなかった, でない, だ, だった, だろう
//
// Everything else is neutral: nouns (体言止め, "〜について"), "〜すること",
// and plain verb forms such as "〜している" or "〜した", which are usual in
// list items and conditions and would give false positives. All Japanese
// text of the record is one document (it all ends up in the drafts and the
// digest page); when both styles occur, each sentence of the less frequent
// style is reported (plain ones on a tie, as notices are normally polite).

var (
	quotedRE = regexp.MustCompile(`「[^「」]*」|『[^『』]*』|“[^“”]*”|（[^（）]*）|\([^()]*\)`)
	// trailerRE is what may follow the ending proper: closing brackets,
	// quotes, spaces, sentence particles.
	trailerRE = regexp.MustCompile(`[\s」』）)\]】〉》”"'…・]*$`)
)

var (
	politeEndings = []string{"です", "ます", "でした", "ました", "ません", "でしょう", "ましょう", "ください", "下さい"}
	plainEndings  = []string{"である", "であった", "であろう", "ではない", "ではなかった", "でない", "だ", "だった", "だろう"}
)

// style is a sentence ending's style.
type style int

const (
	neutral style = iota
	polite
	plain
)

// sentence is one sentence of Japanese text with its style.
type sentence struct {
	path  string
	text  string
	style style
}

// endingStyle classes a sentence by its ending.
func endingStyle(s string) style {
	s = trailerRE.ReplaceAllString(s, "")
	for _, p := range []string{"ね", "よ", "か"} {
		if t := strings.TrimSuffix(s, p); t != s && (strings.HasSuffix(t, "す") || strings.HasSuffix(t, "ん") || strings.HasSuffix(t, "う") || strings.HasSuffix(t, "だ") || strings.HasSuffix(t, "る")) {
			s = t
			break
		}
	}
	for _, e := range politeEndings {
		if strings.HasSuffix(s, e) {
			return polite
		}
	}
	for _, e := range plainEndings {
		if strings.HasSuffix(s, e) {
			return plain
		}
	}
	return neutral
}

// sentences cuts Japanese text into sentences, quotes removed.
func sentences(path, s string) []sentence {
	for {
		t := quotedRE.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	var out []sentence
	for _, line := range strings.Split(s, "\n") {
		for _, sn := range strings.FieldsFunc(line, func(r rune) bool { return r == '。' || r == '！' || r == '？' || r == '!' || r == '?' }) {
			if !hasKana(sn) {
				continue // a command, a URL, an English line
			}
			out = append(out, sentence{path: path, text: strings.TrimSpace(sn), style: endingStyle(sn)})
		}
	}
	return out
}

func hasKana(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

func checkJapaneseStyle(c *checker) {
	var all []sentence
	for _, t := range c.texts() {
		if isJapanese(t.loc) {
			all = append(all, sentences(t.path, t.s)...)
		}
	}
	n := map[style]int{}
	for _, s := range all {
		n[s.style]++
	}
	if n[polite] == 0 || n[plain] == 0 {
		return
	}
	odd, usual := plain, polite
	if n[plain] > n[polite] {
		odd, usual = polite, plain
	}
	names := map[style]string{polite: "です/ます", plain: "だ/である"}
	for _, s := range all {
		if s.style == odd {
			c.report("ja-style", s.path, "sentence %s is in the %s style; the rest of the Japanese text uses %s (%s)",
				quoteSnippet(tail(s.text, 20)), names[odd], names[usual], plural(n[usual], "sentence"))
		}
	}
}

// tail returns the last n characters of s, marked as cut when longer.
func tail(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return "…" + string(rs[len(rs)-n:])
}
