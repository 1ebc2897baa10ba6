package format

import (
	"bytes"
	"iter"
	"strings"
	"unicode/utf8"
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

// keepLastPhrases joins the last phrase of each block of html (a fragment
// from goldmark): of the text before the end of each paragraph, list item
// or heading, after the block's last tag (goldmark escapes text, so it
// holds no '<' or '>'; see blockEnds).
func keepLastPhrases(html []byte) []byte {
	var out []byte
	var str string // html as a string, made once if a block has Japanese
	last := 0
	for m := range blockEnds(html) {
		if !hasJapaneseBytes(html[m[0]:m[1]]) {
			continue // lastPhrase would return -1
		}
		if str == "" {
			str = string(html)
		}
		text := str[m[0]:m[1]]
		i := lastPhrase(text)
		if i < 0 {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(html)+len(html)/4)
		}
		out = append(out, html[last:m[0]+i]...)
		out = appendJoined(out, text[i:])
		last = m[1]
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// blockEnds yields the byte range of group 1 of each match of
// >([^<>]+)(</(?:p|li|h[1-6])>) in html, leftmost first and not
// overlapping, as regexp would find them.
func blockEnds(html []byte) iter.Seq[[2]int] {
	return func(yield func([2]int) bool) {
		for i := 0; ; {
			k := bytes.IndexByte(html[i:], '>')
			if k < 0 {
				return
			}
			from := i + k + 1
			j := bytes.IndexAny(html[from:], "<>")
			if j < 0 {
				return
			}
			end := from + j
			if j == 0 || html[end] == '>' {
				i = end // this '>' may start the next match
				continue
			}
			n := closingTag(html[end:])
			if n == 0 {
				i = end + 1
				continue
			}
			if !yield([2]int{from, end}) {
				return
			}
			i = end + n
		}
	}
}

// closingTag returns the length of the </p>, </li> or </h1>…</h6> tag
// html starts with, or 0.
func closingTag(html []byte) int {
	switch {
	case bytes.HasPrefix(html, []byte("</p>")):
		return 4
	case bytes.HasPrefix(html, []byte("</li>")):
		return 5
	case len(html) >= 5 && html[0] == '<' && html[1] == '/' && html[2] == 'h' && html[3] >= '1' && html[3] <= '6' && html[4] == '>':
		return 5
	}
	return 0
}

// hasJapaneseBytes is hasJapanese for bytes.
func hasJapaneseBytes(b []byte) bool {
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if isJapanese(r) {
			return true
		}
		b = b[n:]
	}
	return false
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
	return string(appendJoined(nil, s))
}

// appendJoined appends s joined (see join) to b.
func appendJoined(b []byte, s string) []byte {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.cs = wrapper{measure: clusterWidth}.appendClusters(sc.cs[:0], s)
	cs := sc.cs
	for k, c := range cs {
		if k > 0 && (c.east || cs[k-1].east) && !c.space && !cs[k-1].space {
			b = append(b, joiner...)
		}
		b = append(b, s[c.off:c.end]...)
	}
	return b
}

// lastPhrase returns the byte offset in s at which its last phrase starts,
// or -1 if s does not end in Japanese, is one phrase, or its last phrase is
// wider than maxKept or holds a character reference (&amp;, which a
// joiner must not split).
func lastPhrase(s string) int {
	if !hasJapanese(s) {
		return -1
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	wr := wrapper{measure: clusterWidth}
	sc.cs = wr.appendClusters(sc.cs[:0], s)
	cs := sc.cs
	if len(cs) == 0 || !isJapanese(cs[len(cs)-1].r) && !isJapanese(prevRune(cs)) {
		return -1
	}
	sc.bs = wr.appendBreaks(sc.bs[:0], s, cs)
	bs := sc.bs
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
