package format

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/width"
)

// Width is the line width of the plain-text and Markdown output, in display
// columns (see DisplayWidth). 70 leaves room for the "> " a mail client puts
// before quoted lines in a reply, and in Markdown it keeps every line within
// markdownlint's 80-character limit (MD013).
const Width = 70

// noStart lists the characters a line may not start with (gyōtō kinsoku):
// closing brackets and quotes, Japanese and ASCII punctuation, the prolonged
// sound mark, iteration marks and small kana. Beyond the usual list it has
// the half-width forms (｡｣､･ｰ, small ｧ-ｯ), ヽヾ〻, 〟, ⦆/｠, ‼⁇⁈⁉, the
// hyphens ‐゠〜 and the postfix units ％℃ of JIS X 4051.
const noStart = "、。，．・：；？！ー」』）］｝〕〉》】〙〗’”ゝゞ々" +
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ" +
	"ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
	",.;:!?)]}" +
	"｡｣､･ｰｧｨｩｪｫｬｭｮｯ" +
	"ヽヾ〻〟⦆｠‼⁇⁈⁉‐゠〜％℃"

// noEnd lists the characters a line may not end with (gyōmatsu kinsoku):
// opening brackets and quotes, Japanese and ASCII, plus the half-width ｢
// and 〝, ⦅/｟.
const noEnd = "「『（［｛〔〈《【〘〖‘“" + "([{" + "｢〝⦅｟"

// hanging lists the punctuation that may hang past the width (burasagari).
const hanging = "、。，．､｡"

// maxHang is the most a hanging character may add to a line.
const maxHang = 2

var (
	noStartSet = newRuneSet(noStart)
	noEndSet   = newRuneSet(noEnd)
	hangingSet = newRuneSet(hanging)
)

func isNoStart(r rune) bool { return noStartSet.has(r) }
func isNoEnd(r rune) bool   { return noEndSet.has(r) }
func isHanging(r rune) bool { return hangingSet.has(r) }

// runeSet is a set of runes, for the character lists of the line-breaking
// rules: asked about every possible break, a lookup must not scan the
// list (strings.ContainsRune does).
type runeSet struct {
	// pages[r>>8] holds the bits of the runes r of the Basic
	// Multilingual Plane, 256 to a page; nil for a page without any.
	pages [256]*[4]uint64
	other []rune // sorted: those beyond the BMP
}

func newRuneSet(chars string) *runeSet {
	s := &runeSet{}
	for _, r := range chars {
		if r < 0x10000 {
			if s.pages[r>>8] == nil {
				s.pages[r>>8] = new([4]uint64)
			}
			s.pages[r>>8][r>>6&3] |= 1 << (r & 63)
		} else if !slices.Contains(s.other, r) {
			s.other = append(s.other, r)
		}
	}
	slices.Sort(s.other)
	return s
}

func (s *runeSet) has(r rune) bool {
	if r >= 0 && r < 0x10000 {
		p := s.pages[r>>8]
		return p != nil && p[r>>6&3]&(1<<(r&63)) != 0
	}
	_, ok := slices.BinarySearch(s.other, r)
	return ok
}

// DisplayWidth returns the number of columns s takes in a fixed-width font,
// grapheme cluster by grapheme cluster (github.com/rivo/uniseg):
//
//   - East Asian Wide and Fullwidth characters (kanji, kana, full-width
//     punctuation and letters) count 2, Halfwidth ones (ｱ) count 1;
//   - East Asian Ambiguous characters (○ ※ … “ ” α ①) count 1. They are
//     narrow in Western fonts and in terminals by default; a Japanese font
//     may draw them wide, so a line holding many of them can look up to that
//     many columns longer there. Counting them 2 would instead make English
//     text with “quotes” wrap early everywhere else;
//   - emoji presentation sequences count 2: an emoji, a flag, a ZWJ sequence,
//     and any cluster with the emoji variation selector U+FE0F (⚠️, ✔️, #️⃣);
//   - combining marks, joiners and control characters count 0, except a tab,
//     which counts 8 (the most it can advance).
func DisplayWidth(s string) int {
	return wrapper{measure: clusterWidth}.stringWidth(s)
}

// clusterWidth corrects uniseg's width w of cluster c: tabs count 8, and a
// cluster with U+FE0F (emoji presentation) counts 2.
func clusterWidth(c string, w int) int {
	switch {
	case c == "\t":
		return 8
	case w < 2 && len(c) >= len("\uFE0F") && strings.Contains(c, "\uFE0F"):
		return 2
	}
	return w
}

// markdownWidth is the width of a cluster in Markdown: the larger of its
// display width and its length in UTF-16 code units, which is what
// markdownlint counts. A line within Width by this measure is within both
// limits whatever it holds (combining marks, ZWJ emoji sequences).
func markdownWidth(c string, w int) int {
	w = clusterWidth(c, w)
	n := 0
	for _, r := range c {
		n += utf16.RuneLen(r)
	}
	return max(w, n)
}

// Wrap breaks text into lines of at most width display columns (see
// DisplayWidth). first is put before the first line and rest before every
// other line, wrapped or after a hard line break (a hanging indent: "1. "
// and "   "); both count toward the width. The lines have no trailing
// spaces and no "\n". A width of 0 or less turns wrapping off: only the
// prefixes are added and trailing spaces removed.
//
// Text is broken greedily, one hard line (a line of the text between "\n")
// at a time; hard line breaks are always kept. A break may fall:
//
//   - at a run of ASCII spaces or tabs, which the break removes (Latin words
//     are never split: a word longer than the width stays whole on a line of
//     its own);
//   - between two grapheme clusters when either of them is East Asian (Wide,
//     Fullwidth or Halfwidth, or 2 columns wide: kanji, kana, full-width
//     punctuation, half-width katakana, emoji), with no space needed, so
//     "Linux版" may break before 版 and "ds_amプロセス" before プ.
//
// A grapheme cluster is never split, and a URL (http:// or https:// up to the
// next white space or full-width character) is never broken. Every break, at
// a space or not, follows the Japanese line-breaking rules (kinsoku shori):
// the next line may not start with a character of noStart, and the line may
// not end with one of noEnd.
//
// In a line with Japanese text, a break without a space must also fall
// between two words, as a person wrapping the mail by hand would break it
// (see words.go): never inside a word (貴|社, 利用環|境), never before a
// particle, an ending or a suffix (…機能|が, 稼働し|ている, 修正|版), nor
// after a prefix (ご|確認), nor inside a short parenthesised group such as
// (fd) or （CVE-2023-4966）. Of the breaks that fit, the one at the end of
// a phrase is preferred to one inside a compound noun, and one after 、 or
// 。 to both, even if the line is a few characters shorter. Only a word
// longer than the line is broken inside, where kinsoku allows. Text without
// Japanese (English) breaks at the last space that fits.
//
// When the width is reached at a point where kinsoku forbids the break:
//
//   - 、。，． (and half-width ､｡) hang past the width by that one character
//     (burasagari, 2 columns at most), as Japanese typesetting does;
//   - otherwise the break moves back to the last permitted point before the
//     width (oidashi: the characters are pushed to the next line);
//   - if there is no permitted point within the width at all (a long word, a
//     long URL, or a run such as "ーーー…" that kinsoku keeps together), the
//     line runs on to the first permitted break, exceeding the width, just as
//     for a long word. Kinsoku is never given up to honour the width.
//
// Leading white space of a hard line is kept (it is indentation); trailing
// spaces and tabs are removed from every line.
func Wrap(text string, width int, first, rest string) []string {
	wr := wrapper{width: width, measure: clusterWidth}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	var out []string
	p := first
	for line := range strings.SplitSeq(text, "\n") {
		for _, l := range wr.lines(sc, line, p, rest) {
			out = append(out, l.String())
		}
		p = rest
	}
	return out
}

// wrapper holds the parameters of line breaking.
type wrapper struct {
	width int
	// measure gives the width of a grapheme cluster from uniseg's width.
	measure func(c string, w int) int
	// allow, when set, vetoes breaks: before is the hard line up to the
	// break (without the spaces the break removes), after is the hard line
	// from the first character of the next line, and spaced tells whether
	// the break removes spaces.
	allow func(before, after string, spaced bool) bool
}

// cluster is one grapheme cluster of a hard line.
type cluster struct {
	off, end int  // byte range in the line
	w        int  // width by the wrapper's measure
	r        rune // first rune
	space    bool // ASCII space or tab: a break point the break removes
	east     bool // East Asian: a break is allowed on either side
	inURL    bool // continues a URL: no break before it
}

func (wr wrapper) clusters(line string) []cluster { return wr.appendClusters(nil, line) }

// appendClusters appends the clusters of line to cs, which must be empty
// (it is a buffer to reuse).
func (wr wrapper) appendClusters(cs []cluster, line string) []cluster {
	if simple, ok := wr.appendSimpleClusters(cs, line); ok {
		return simple
	}
	// Between two simple runes there is always a cluster boundary (see
	// isSimpleRune), so the line is cut there: each simple rune between
	// two others is a cluster of its own, and only the pieces around the
	// other runes are segmented (with the simple rune on either side,
	// which a combining mark or a joiner may belong to). TestClusters and
	// FuzzClusters check this against segmenting the whole line.
	cs = cs[:0]
	from := 0 // the piece not yet added starts here
	prevSimple := false
	for off, r := range line {
		simple, _ := isSimpleRune(r)
		if simple && prevSimple {
			cs = wr.appendPiece(cs, line, from, off)
			from = off
		}
		prevSimple = simple
	}
	cs = wr.appendPiece(cs, line, from, len(line))
	markURLs(line, cs)
	return cs
}

// appendPiece appends the clusters of line[from:to], a piece that starts
// and ends at cluster boundaries.
func (wr wrapper) appendPiece(cs []cluster, line string, from, to int) []cluster {
	if r, n := utf8.DecodeRuneInString(line[from:to]); n == to-from {
		if simple, w := isSimpleRune(r); simple {
			if r == '\t' {
				w = 8
			}
			return append(cs, cluster{off: from, end: to, w: w, r: r, space: r == ' ' || r == '\t', east: w == 2})
		}
	}
	state := -1
	for off := from; off < to; {
		c, _, w, st := uniseg.FirstGraphemeClusterInString(line[off:to], state)
		state = st
		r, _ := utf8.DecodeRuneInString(c)
		k := width.LookupRune(r).Kind()
		dw := clusterWidth(c, w)
		cs = append(cs, cluster{
			off:   off,
			end:   off + len(c),
			w:     wr.measure(c, w),
			r:     r,
			space: c == " " || c == "\t", // not " \uFE0F": a break would drop the selector
			east:  dw == 2 || k == width.EastAsianHalfwidth,
		})
		off += len(c)
	}
	return cs
}

// isSimpleRune reports whether r is a grapheme cluster of its own in any
// context made of such runes, with a width known without lookup: printable
// ASCII and tab (1 column; a tab is measured by clusterWidth), and the
// common East Asian wide ranges — CJK punctuation (not the combining tone
// marks U+302A–U+302F, nor 〰 and 〽, emoji that grapheme segmentation
// counts 1 column), kana (not the combining sound marks U+3099,
// U+309A), CJK ideographs and full-width forms (2).
func isSimpleRune(r rune) (simple bool, w int) {
	switch {
	case r >= 0x20 && r < 0x7F, r == '\t':
		return true, 1
	case r >= 0x3001 && r <= 0x3029, r >= 0x3031 && r <= 0x303C, r == 0x303E, r >= 0x3041 && r <= 0x3096, r >= 0x309B && r <= 0x30FF,
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xFF01 && r <= 0xFF60:
		return true, 2
	}
	return false, 0
}

func isSimple(line string) bool {
	for _, r := range line {
		if ok, _ := isSimpleRune(r); !ok {
			return false
		}
	}
	return true
}

// simpleClusters is clusters for a line of simple runes only (isSimple):
// one cluster per rune, without grapheme segmentation, which is most of
// the cost of wrapping. TestSimpleClusters checks it against the general
// path.
func (wr wrapper) simpleClusters(line string) []cluster {
	cs, _ := wr.appendSimpleClusters(make([]cluster, 0, len(line)), line)
	return cs
}

// appendSimpleClusters is simpleClusters appending to cs; it reports
// false, with cs in an undefined state, if line is not simple.
func (wr wrapper) appendSimpleClusters(cs []cluster, line string) ([]cluster, bool) {
	cs = slices.Grow(cs, len(line)) // at most a cluster per byte
	for off, r := range line {
		ok, w := isSimpleRune(r)
		if !ok {
			return cs, false
		}
		n := utf8.RuneLen(r)
		if r == '\t' {
			w = 8 // as clusterWidth measures it
		}
		// Both measures (clusterWidth, markdownWidth) give a simple
		// rune its display width: it is one UTF-16 code unit.
		cs = append(cs, cluster{
			off:   off,
			end:   off + n,
			w:     w,
			r:     r,
			space: r == ' ' || r == '\t',
			east:  w == 2,
		})
	}
	markURLs(line, cs)
	return cs, true
}

// markURLs marks the clusters that continue a URL: from "http://" or
// "https://" (in any case) up to the next white space or full-width
// character.
func markURLs(line string, cs []cluster) {
	if !strings.Contains(line, "://") {
		return
	}
	for i := 0; i < len(cs); i++ {
		s := line[cs[i].off:]
		if !hasPrefixFold(s, "http://") && !hasPrefixFold(s, "https://") {
			continue
		}
		j := i + 1
		for ; j < len(cs) && !unicode.IsSpace(cs[j].r) && !isFullWidth(cs[j].r); j++ {
			cs[j].inURL = true
		}
		i = j - 1
	}
}

// hasPrefixFold reports whether s starts with prefix, which is lower-case
// ASCII, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func isFullWidth(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// brk is a permitted break: the line ends before cluster end and the next
// one starts at cluster next (after the spaces the break removes). rank
// says how good a place it is (see words.go); soft is its rank by the
// words around it alone, which keeping a group together does not change.
type brk struct {
	end, next  int
	rank, soft rank
}

func (wr wrapper) breaks(line string, cs []cluster) []brk { return wr.appendBreaks(nil, line, cs) }

// appendBreaks appends the permitted breaks of line, made of the clusters
// cs, to bs, which must be empty (it is a buffer to reuse).
func (wr wrapper) appendBreaks(bs []brk, line string, cs []cluster) []brk {
	i := 0
	for i < len(cs) && cs[i].space {
		i++ // leading white space is indentation, not a break
	}
	for ; i < len(cs); i++ {
		if cs[i].space {
			j := i
			for j < len(cs) && cs[j].space {
				j++
			}
			if j < len(cs) && wr.permits(line, cs, i, j) {
				bs = append(bs, brk{end: i, next: j, rank: rankPhrase, soft: rankPhrase})
			}
			i = j - 1
			continue
		}
		if i == 0 || cs[i-1].space || cs[i].inURL || !(cs[i-1].east || cs[i].east) {
			continue
		}
		if wr.permits(line, cs, i, i) {
			bs = append(bs, brk{end: i, next: i, rank: rankPhrase, soft: rankPhrase})
		}
	}
	return bs
}

// permits reports whether a line may end before cluster end and the next
// start at cluster next.
func (wr wrapper) permits(line string, cs []cluster, end, next int) bool {
	if isNoEnd(cs[end-1].r) || isNoStart(cs[next].r) {
		return false
	}
	return wr.allow == nil || wr.allow(line[:cs[end-1].end], line[cs[next].off:], end != next)
}

// wrapLine appends the lines of one hard line to out: first before the
// first, rest before the others.
func (wr wrapper) wrapLine(out []string, line, first, rest string) []string {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	for _, l := range wr.lines(sc, line, first, rest) {
		out = append(out, l.String())
	}
	return out
}

// outLine is one line of wrapped text: prefix, then text (empty only on a
// line without text). The line is prefix+text, or prefix without its
// trailing white space when text is empty.
type outLine struct{ prefix, text string }

func (l outLine) String() string {
	if l.text == "" {
		return strings.TrimRight(l.prefix, " \t")
	}
	return l.prefix + l.text
}

// writeTo writes the line and a line break to b.
func (l outLine) writeTo(b *bytes.Buffer) {
	if l.text == "" {
		b.WriteString(strings.TrimRight(l.prefix, " \t"))
	} else {
		b.WriteString(l.prefix)
		b.WriteString(l.text)
	}
	b.WriteByte('\n')
}

// scratch holds the buffers of wrapping one hard line, reused from line to
// line (and draft to draft, through scratchPool) so that wrapping
// allocates nothing per cluster or break.
type scratch struct {
	cs       []cluster
	cum      []int
	bs       []brk
	nextWord []int
	out      []outLine
}

// scratchPool starts buffers at the size of a long paragraph.
var scratchPool = sync.Pool{New: func() any {
	return &scratch{cs: make([]cluster, 0, 512), cum: make([]int, 0, 513), bs: make([]brk, 0, 256), nextWord: make([]int, 0, 257), out: make([]outLine, 0, 16)}
}}

// lines breaks one hard line into lines, first before the first, rest
// before the others. The result is in sc.out: valid until sc is used
// again. A line's text never ends in white space: the breaks remove it,
// and the hard line's own trailing white space is removed.
func (wr wrapper) lines(sc *scratch, line, first, rest string) []outLine {
	sc.out = sc.out[:0]
	line = strings.TrimRight(line, " \t")
	sc.cs = wr.appendClusters(sc.cs[:0], line)
	cs := sc.cs
	if len(cs) == 0 || wr.width <= 0 {
		sc.out = append(sc.out, outLine{first, line})
		return sc.out
	}
	sc.cum = slices.Grow(sc.cum[:0], len(cs)+1)[:len(cs)+1]
	cum := sc.cum // cum[i]: width of cs[:i]
	cum[0] = 0
	for i, c := range cs {
		cum[i+1] = cum[i] + c.w
	}
	if cum[len(cs)]+wr.stringWidth(first) <= wr.width {
		sc.out = append(sc.out, outLine{first, line}) // fits: nothing to break
		return sc.out
	}
	sc.bs = wr.appendBreaks(sc.bs[:0], line, cs)
	bs := sc.bs
	if hasJapanese(line) {
		rankBreaks(cs, bs)
	}
	sc.nextWord = slices.Grow(sc.nextWord[:0], len(bs)+1)[:len(bs)+1]
	nextWord := sc.nextWord // nextWord[k]: the first break from bs[k] on that is not rankNone, or -1
	nextWord[len(bs)] = -1
	for k := len(bs) - 1; k >= 0; k-- {
		nextWord[k] = nextWord[k+1]
		if bs[k].rank != rankNone {
			nextWord[k] = k
		}
	}
	restWidth := wr.stringWidth(rest)
	prefix, pw, ls, bi := first, wr.stringWidth(first), 0, 0
	for {
		f := fitter{cs: cs, cum: cum, ls: ls, avail: wr.width - pw}
		for bi < len(bs) && bs[bi].end <= ls {
			bi++
		}
		end, next := len(cs), len(cs)
		if !f.fits(len(cs)) && bi < len(bs) {
			best := pick(bs, bi, nextWord, wr.width-restWidth, f)
			end, next = bs[best].end, bs[best].next
		}
		sc.out = append(sc.out, outLine{prefix, line[cs[ls].off:cs[end-1].end]})
		if end == len(cs) {
			return sc.out
		}
		prefix, pw, ls = rest, restWidth, next
	}
}

// fitter tells whether the clusters cs[ls:end] of a line fit in avail
// columns (cum as in lines).
type fitter struct {
	cs        []cluster
	cum       []int
	ls, avail int
}

// fits reports whether cs[ls:end] fits, perhaps with its last character
// hanging.
func (f fitter) fits(end int) bool {
	w := f.cum[end] - f.cum[f.ls]
	if w <= f.avail {
		return true
	}
	last := end - 1
	return last > f.ls && isHanging(f.cs[last].r) && w-f.cs[last].w <= f.avail
}

// pick chooses where the line that starts at cluster ls ends, among the
// breaks bs[from:] (those after the line's start; nextWord as in lines),
// for f's avail columns (full on a line of its own):
//
//   - of the breaks between words (any rank but rankNone) that fit, the
//     one with the best rankBonus less the columns it leaves empty (the
//     last one, among breaks of one rank);
//   - if none fits, the line starts with a word longer than the line,
//     which is broken at the best of the breaks that fit by their soft
//     rank (a phrase end inside a parenthesised group, say), else at the
//     last one that fits; and likewise if the word after the chosen break
//     is longer than a whole line of full columns, so that it starts on
//     this line instead of leaving it short;
//   - if none fits at all, the first break between words, or else the
//     first break: the line runs on past the width.
func pick(bs []brk, from int, nextWord []int, full int, f fitter) int {
	cum, ls, avail := f.cum, f.ls, f.avail
	best, bestScore, last := -1, 0, -1
	for k := from; k < len(bs) && cum[bs[k].end]-cum[ls] <= avail+maxHang; k++ {
		if !f.fits(bs[k].end) {
			continue
		}
		last = k
		if bs[k].rank == rankNone {
			continue
		}
		w := cum[bs[k].end] - cum[ls]
		if score := rankBonus[bs[k].rank] - (avail - w); best < 0 || score >= bestScore {
			best, bestScore = k, score
		}
	}
	split := from // where the word to break inside starts
	if best >= 0 {
		// The word after best ends at the next break between words, or
		// at the end of the line.
		end := len(cum) - 1
		if nw := nextWord[best+1]; nw >= 0 {
			end = bs[nw].end
		}
		if last == best || cum[end]-cum[bs[best].next] <= full {
			return best
		}
		split = best + 1
	}
	if last >= split {
		soft, softScore := -1, 0
		for k := split; k <= last; k++ {
			if bs[k].soft == rankNone || !f.fits(bs[k].end) {
				continue
			}
			w := cum[bs[k].end] - cum[ls]
			if score := rankBonus[bs[k].soft] - (avail - w); soft < 0 || score >= softScore {
				soft, softScore = k, score
			}
		}
		if soft >= 0 {
			return soft
		}
		return last
	}
	if nextWord[from] >= 0 {
		return nextWord[from]
	}
	return from
}

// stringWidth is the width of s by the wrapper's measure, cluster by
// cluster.
func (wr wrapper) stringWidth(s string) int {
	if n, ok := simpleWidth(s); ok {
		return n
	}
	n := 0
	state := -1
	for s != "" {
		var c string
		var w int
		c, s, w, state = uniseg.FirstGraphemeClusterInString(s, state)
		n += wr.measure(c, w)
	}
	return n
}

// simpleWidth is the width of s by either measure if s is made of simple
// runes (see isSimpleRune; the prefixes of list items, quotes and labels):
// each a cluster of its own, a tab 8 columns.
func simpleWidth(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\t':
			n += 8
			i++
			continue
		case c >= 0x20 && c < 0x7F:
			n++
			i++
			continue
		case c < utf8.RuneSelf:
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		ok, w := isSimpleRune(r)
		if !ok {
			return 0, false
		}
		n += w
		i += size
	}
	return n, true
}
