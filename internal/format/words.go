package format

import (
	"strings"
	"unicode"
)

// Japanese is written without spaces between words, and a reader notices
// a line broken inside a word (貴|社, 利用環|境) or one that starts with a
// particle or an ending (…防護機能|が, …稼働し|ている) at once. So in a
// line with Japanese text, every break the wrapper could take (kinsoku
// permitting) is ranked by the characters around it, and the wrapper
// takes the best one that fits (see pick).
//
// The ranking reads the scripts on either side: a word changes script
// rarely, a phrase (bunsetsu) ends with kana, and the next begins with
// kanji, katakana or Latin. Where a change of script is still inside a
// word, a rule below says so. A morphological analyser (kagome with the
// IPA dictionary) gave no better breaks on the sample records while
// doubling the size of the binary and adding half a second to every
// process that wraps Japanese; the tests use it to judge these rules
// (see README, Performance).
type rank int8

const (
	// rankNone: inside a word, before a word that cannot start a line
	// (a particle, an ending, a suffix, a counter), after a prefix, or
	// inside a short parenthesised group. Taken only inside a word longer
	// than the line.
	rankNone rank = iota
	// rankLatin: at a space between two Latin words in Japanese text,
	// mostly inside a name (Windows Server 2012 R2).
	rankLatin
	// rankWord: between two words of one phrase, such as the parts of a
	// compound noun (ファイル|記述子), or before an opening bracket.
	rankWord
	// rankPhrase: at the end of a phrase: after kana before kanji,
	// katakana or Latin (防護機能が|停止する), or at a space next to
	// Japanese text. Every break of text without Japanese has this rank.
	rankPhrase
	// rankClause: after 、 and the like.
	rankClause
	// rankSentence: after 。 and the like.
	rankSentence
)

// rankBonus is how many columns a line may be left shorter to break at a
// break of that rank rather than at one of rankWord. A line is broken at
// the fitting break with the best bonus less the columns it leaves empty:
// a phrase end up to 6 full-width characters before the width beats a
// break inside a compound noun, a 、 up to 3 characters before a phrase
// end beats it, and a 。 up to 3 characters before a 、 beats that.
var rankBonus = [...]int{rankLatin: -8, rankWord: 0, rankPhrase: 12, rankClause: 18, rankSentence: 24}

// maxGroup is the widest parenthesised group, brackets included, kept on
// one line: (fd), （CVE-2023-4966）, （仮想マシンを含む）.
const maxGroup = 24

// script is the kind of writing a character belongs to.
type script int8

const (
	scriptOther script = iota // punctuation, symbols
	scriptHiragana
	scriptKatakana // with ー and half-width katakana
	scriptKanji    // with 々 〆 ヶ
	scriptLatin    // letters, not Japanese
	scriptDigit    // 0-9 and full-width digits
	scriptSpace
)

// scriptOf is scriptOfRune, from tables for ASCII, the kana and CJK
// punctuation block, the half- and full-width forms and the common CJK
// ideographs: it is asked about both sides of every possible break.
// TestScriptTables checks it against scriptOfRune for every rune.
func scriptOf(r rune) script {
	switch {
	case r >= 0 && r < 0x80:
		return scriptASCII[r]
	case r >= 0x3000 && r < 0x3100:
		return scriptKana[r-0x3000]
	case r >= 0x4E00 && r <= 0x9FFF:
		return scriptKanji // CJK Unified Ideographs: all Han
	case r >= 0xFF00 && r <= 0xFFFF:
		return scriptForms[r-0xFF00]
	}
	return scriptOfRune(r)
}

var scriptASCII, scriptKana, scriptForms = scriptTable(0, 0x80), scriptTable(0x3000, 0x100), scriptTable(0xFF00, 0x100)

func scriptTable(from rune, n int) []script {
	t := make([]script, n)
	for i := range t {
		t[i] = scriptOfRune(from + rune(i))
	}
	return t
}

// scriptOfRune is the script of r by the Unicode tables.
func scriptOfRune(r rune) script {
	switch {
	case r == ' ' || r == '\t':
		return scriptSpace
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return scriptDigit
	case unicode.Is(unicode.Hiragana, r):
		return scriptHiragana
	case unicode.Is(unicode.Katakana, r), r == 'ー', r == 'ｰ':
		return scriptKatakana
	case unicode.Is(unicode.Han, r), r == '々', r == '〆', r == 'ヶ':
		return scriptKanji
	case unicode.IsLetter(r):
		return scriptLatin
	}
	return scriptOther
}

func isJapanese(r rune) bool {
	switch scriptOf(r) {
	case scriptHiragana, scriptKatakana, scriptKanji:
		return true
	}
	return false
}

func hasJapanese(s string) bool {
	return strings.ContainsFunc(s, isJapanese)
}

// The word lists of the rules. Each lists what may not be parted from its
// neighbour; a character missing from a list at worst allows a break
// between words of one phrase.
const (
	// sentenceEnd and clauseEnd: punctuation after which a break ends a
	// sentence or a clause.
	sentenceEnd = "。．！？.!?"
	clauseEnd   = "、，：；,:;"
	// particles are the one-kana particles that can stand between two
	// kanji words (機能が停止, 設定を変更); any other lone kana between
	// kanji is part of a word (引き続き, 取り扱い, 問い合わせ, 申し込み).
	particles = "がをにはでともへのや"
	// closing are the closing brackets and quotes.
	closing = ")）]］」』】〕}｝〉》〙〗’”｣⦆｠"
	// prefixKana are the honorific prefixes: ご|確認 and お|知らせ are
	// one word, を|ご確認 and に|お知らせ phrase ends.
	prefixKana = "ごお"
	// prefixKanji are kanji that, alone before katakana or Latin, prefix
	// the word after them (各|サーバー, 全|エディション, 旧|バージョン).
	prefixKanji = "各全旧新非未同当本弊貴御総超再副準最第約計毎前翌現元次今両諸某高低大小多無不"
	// suffixPairs are two-kanji suffixes (Windows 10|以降, 1.0|未満).
	suffixPairs = " 以降 以下 以上 以外 以内 以前 未満 経由 専用 "
)

// The lists as sets (see runeSet).
var (
	sentenceEndSet = newRuneSet(sentenceEnd)
	clauseEndSet   = newRuneSet(clauseEnd)
	particleSet    = newRuneSet(particles)
	closingSet     = newRuneSet(closing)
	prefixKanaSet  = newRuneSet(prefixKana)
	prefixKanjiSet = newRuneSet(prefixKanji)
	openerSet      = newRuneSet(openers)
	closerSet      = newRuneSet(closers)
	suffixPairSet  = func() map[[2]rune]bool {
		m := map[[2]rune]bool{}
		for _, p := range strings.Fields(suffixPairs) {
			r := []rune(p)
			m[[2]rune{r[0], r[1]}] = true
		}
		return m
	}()
)

// rankBreaks ranks the breaks bs of a hard line made of the clusters cs.
func rankBreaks(cs []cluster, bs []brk) {
	for k, b := range bs {
		bs[k].rank = rankAt(cs, b.end, b.next)
		bs[k].soft = bs[k].rank
	}
	groupRanks(cs, bs)
}

// rankAt ranks the break that ends a line before cluster end and starts
// the next at cluster next (end < next: at spaces).
func rankAt(cs []cluster, end, next int) rank {
	a, b := cs[end-1].r, cs[next].r
	sa, sb := scriptOf(a), scriptOf(b)
	var before, after rune // the characters around a and b, if any
	if end >= 2 {
		before = cs[end-2].r
	}
	if next+1 < len(cs) {
		after = cs[next+1].r
	}
	spaced := end != next
	r := rankNone
	switch {
	case sentenceEndSet.has(a):
		r = rankSentence
	case clauseEndSet.has(a):
		r = rankClause
	case sb == scriptHiragana:
		// Kana after a word, or after a closing bracket or a space, is
		// a particle or an ending (ESU|は, (fd)|の, R2 |で): never at
		// the start of a line. One exception: after a particle, the
		// honorific prefix starts the next phrase (を|ご確認).
		if sa == scriptHiragana && particleSet.has(a) && prefixKanaSet.has(b) &&
			(scriptOf(after) == scriptKanji || scriptOf(after) == scriptKatakana) {
			r = rankPhrase
		}
	case isNoEnd(b): // an opening bracket
		switch {
		case sa == scriptHiragana, closingSet.has(a):
			r = rankPhrase // after a particle or a closing bracket
		case spaced && !cs[end-1].east:
			r = rankLatin
		default:
			r = rankWord // 記述子(fd): the group belongs to the word
		}
	case sb == scriptKanji && isSuffix(b, after, sa):
		// 修正|版, SIEM|等, 情報セキュリティ|室へ, Azure |上で
	case closingSet.has(a):
		r = rankPhrase // after a closing bracket
	case sa == scriptDigit && sb == scriptKanji:
		// 2023|年, 3|件: a number and its counter
	case sa == scriptKanji && sb == scriptDigit && scriptOf(before) == scriptDigit:
		// 2023年|10月: one date
	case sa == scriptHiragana:
		switch {
		case prefixKanaSet.has(a):
			// ご|確認, お|知らせ
		case sb == scriptKanji && scriptOf(before) == scriptKanji && !particleSet.has(a):
			// 引き|続き, 読み|込む, 問い|合わせ
		default:
			r = rankPhrase
		}
	case sa == sb && !spaced:
		// inside a word of one script: 利用環|境, エディショ|ン
	case sa == scriptKanji && prefixKanjiSet.has(a) && scriptOf(before) != scriptKanji:
		// 各|サーバー, 全|エディション
	case sa == scriptOther || sb == scriptOther:
		r = rankWord // a symbol: ・, ⚠️, ※
	default:
		// Kanji, katakana and Latin meet: the words of a compound
		// (ファイル|記述子, ds_am|プロセス, 最長 |3年間).
		r = rankWord
	}
	if spaced && r != rankNone {
		// At a space: inside a name between Latin words; else the writer
		// put a gap between words there.
		if !cs[end-1].east && !cs[next].east {
			r = min(r, rankLatin)
		} else {
			r = max(r, rankPhrase)
		}
	}
	return r
}

// isSuffix reports whether the kanji k, followed by next, after a
// character of script prev, is a suffix of the word before it: a lone
// kanji after katakana, Latin, digits or a closing bracket (版, 等, 室, 上,
// 様, 名), or one of suffixPairs.
func isSuffix(k, next rune, prev script) bool {
	if prev == scriptHiragana || prev == scriptKanji {
		return false // after kana it starts a word; kanji+kanji is never broken
	}
	if scriptOf(next) != scriptKanji {
		return true
	}
	return suffixPairSet[[2]rune{k, next}]
}

// groupRanks sets to rankNone the breaks strictly inside a short
// parenthesised group of cs (at most maxGroup columns, brackets included),
// so that (fd) or （CVE-2023-4966） stays on one line, and the break just
// before a short round-bracketed group written right after a word, so that
// the group stays with the word it explains: 記述子(fd).
func groupRanks(cs []cluster, bs []brk) {
	// closeAt[c] > 0: cluster c is inside a short group (or its closing
	// bracket) that closes at cluster closeAt[c]; glued[c]: a short round
	// group opens at cluster c.
	var closeAt []int
	var glued []bool
	var open []int // indexes in cs of the unclosed brackets
	for i, c := range cs {
		switch {
		case openerSet.has(c.r):
			open = append(open, i)
		case closerSet.has(c.r):
			if len(open) == 0 {
				continue
			}
			o := open[len(open)-1]
			open = open[:len(open)-1]
			if strings.IndexRune(openers, cs[o].r) != strings.IndexRune(closers, c.r) {
				open = open[:0] // mismatched: give up on the nesting
				continue
			}
			w := 0
			for _, g := range cs[o : i+1] {
				w += g.w
			}
			if w > maxGroup {
				continue
			}
			if closeAt == nil {
				closeAt, glued = make([]int, len(cs)), make([]bool, len(cs))
			}
			for k := o + 1; k <= i; k++ {
				closeAt[k] = max(closeAt[k], i)
			}
			glued[o] = glued[o] || cs[o].r == '(' || cs[o].r == '（'
		}
	}
	if closeAt == nil {
		return
	}
	for k, b := range bs {
		inside := b.next <= closeAt[b.end]
		before := glued[b.end] && b.end == b.next && b.rank == rankWord
		if inside || before {
			bs[k].rank = rankNone
		}
	}
}

// openers and closers are the brackets of groups, pairwise at the same
// byte offset.
const (
	openers = "(（[［「『【〔"
	closers = ")）]］」』】〕"
)
