package format

import (
	"bytes"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/bufpool"
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
	last := 0
	for m := range blockEnds(html) {
		at, tail := joinedTail(html[m[0]:m[1]])
		if tail == "" {
			continue
		}
		if out == nil {
			out = bufpool.Get(len(html) + len(html)/4)
		}
		out = append(out, html[last:m[0]+at]...)
		out = appendJoined(out, tail)
		last = m[1]
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// joinedTail finds the last phrase of block, the text at the end of a
// block element after its last tag: it returns where the phrase starts
// and the phrase, to be written joined (appendJoined); "" for none.
func joinedTail(block []byte) (int, string) {
	// Only the block's end is read (see tailStart), and only that is
	// made a string.
	from, ok := tailStart(block)
	if !ok || !hasJapaneseBytes(block[from:]) {
		return 0, "" // lastPhrase would return -1
	}
	text := string(block[from:])
	i := phraseIn(text)
	if i < 0 {
		return 0, ""
	}
	return from + i, text[i:]
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
// joiner must not split). Only the end of s is read (see tailStart).
func lastPhrase(s string) int {
	from, ok := tailStart(s)
	if !ok {
		return -1
	}
	i := phraseIn(s[from:])
	if i < 0 {
		return -1
	}
	return from + i
}

// phraseTail is how many columns, at least, lastPhrase reads from the end
// of a block: more than the widest phrase it keeps (maxKept) plus the
// widest group (maxGroup) whose opening bracket, before what is read,
// could change the rank of a break after it, and the two clusters of
// context a break's rank reads (rankAt).
const phraseTail = maxKept + maxGroup + 8

// tailStart returns the offset in s from which phraseIn finds the same
// last phrase as it finds in the whole of s: 0, or the start of a simple
// East Asian rune (kana, kanji, full-width forms; see isSimpleRune) that
// follows a simple rune, with at least phraseTail columns from there to
// the end. There the clusters of s are cut anyway (a simple rune after a
// simple rune starts a cluster), no URL continues (a full-width character
// ends one), and no break the tail lacks or ranks differently (one before
// its start, one ranked by a bracket or a character before it) lies within
// maxKept columns of the end, where the last phrase has to start.
//
// It reports false if s has no last phrase because neither of its last
// two clusters starts with a Japanese character: there is none in the
// runes after the second cluster boundary from the end that it knows of
// (one between two simple runes), where both of them start.
// FuzzLastPhrase checks it against reading the whole block.
func tailStart[S ~string | ~[]byte](s S) (int, bool) {
	// w is at least the width of s[i:]: the width of each simple rune of
	// it between two simple runes (or before the end), which is a
	// cluster of its own.
	w := 0
	i := len(s)
	cur, curSimple, curW := rune(-1), false, 0 // the rune at i
	nextSimple := true                         // the rune after it is simple, or there is none
	cuts, japanese := 0, false                 // boundaries known in s[i:]; a Japanese rune there
	for i > 0 {
		r, n := lastRune(s[:i])
		simple, rw := isSimpleRune(r)
		if cur >= 0 {
			japanese = japanese || isJapanese(cur)
			if simple && curSimple {
				if cuts++; cuts == 2 && !japanese {
					return 0, false
				}
				if nextSimple {
					w += curW
				}
				if curW == 2 && w >= phraseTail {
					return i, true
				}
			}
			nextSimple = curSimple
		}
		cur, curSimple, curW = r, simple, rw
		i -= n
	}
	return 0, true
}

// lastRune is utf8.DecodeLastRuneInString for strings and byte slices.
func lastRune[S ~string | ~[]byte](s S) (rune, int) {
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	var buf [utf8.UTFMax]byte // its last runes, without converting s
	n := copy(buf[:], s[max(0, len(s)-utf8.UTFMax):])
	return utf8.DecodeLastRune(buf[:n])
}

// phraseIn is lastPhrase reading the whole of s.
func phraseIn(s string) int {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	wr := wrapper{measure: clusterWidth}
	sc.cs = wr.appendClusters(sc.cs[:0], s)
	cs := sc.cs
	// The last cluster, or the one before it, is Japanese: then s has
	// Japanese text.
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
