package format_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/importer"
	"github.com/noticegen/noticegen/internal/render"
)

// The Japanese line breaks are judged here by a method independent of the
// wrapper's rules (which read the scripts around a break): a morphological
// analyser, kagome with the IPA dictionary, which the tests use and the
// noticegen binary does not link; and a list of words that the wrapper
// used to split, taken from the drafts as they were.

// judge is the analyser, loaded once for the test binary.
var judge = sync.OnceValue(func() *tokenizer.Tokenizer {
	t, err := tokenizer.New(ipa.DictShrink(), tokenizer.OmitBosEos())
	if err != nil {
		panic(err)
	}
	return t
})

// knownWords were split across lines by the wrapper before it broke
// between words (貴|社, 利用環|境, 記述|子, エディショ|ン, 移|行, …).
var knownWords = []string{
	"貴社", "利用環境", "記述子", "エディション", "移行", "実際", "機密", "情報", "バージョン",
	"ソフトウェア", "キャンペーン", "インジェクション", "インタープリター", "権限", "直ちに",
	"セキュリティ", "ください", "いたします", "における", "ゲートウェイ", "パスワード",
	"引き続き", "アドバイザリ", "確認して", "お知らせ", "修正版", "更新後", "従業員", "無効化",
	"プログラム", "読み込む", "洗い出して", "2023年10月10日",
}

// lineBreak is a line break of wrapped text: line is the unwrapped line
// it falls in; the wrapped line ends at line[:end] and the next starts at
// line[at:] (at > end where the break took spaces).
type lineBreak struct {
	line    string
	end, at int
}

// lineBreaks aligns wrapped with the unwrapped lines flat (the same text
// written with wrapping off) and returns the breaks. Continuation lines
// lose their indentation and a "> " quote marker.
func lineBreaks(t *testing.T, wrapped, flat []string) []lineBreak {
	t.Helper()
	var bs []lineBreak
	j := 0
	for _, u := range flat {
		if j == len(wrapped) {
			t.Fatalf("wrapped text ends before %q", u)
		}
		acc := wrapped[j]
		j++
		for acc != u {
			if !strings.HasPrefix(u, acc) || j == len(wrapped) {
				t.Fatalf("wrapped lines do not join to %q: got %q", u, acc)
			}
			next := wrapped[j]
			j++
			if strings.HasPrefix(acc, "> ") {
				next = strings.TrimPrefix(next, "> ")
			}
			next = strings.TrimLeft(next, " ")
			at := len(acc)
			for at < len(u) && (u[at] == ' ' || u[at] == '\t') && !strings.HasPrefix(u[at:], next) {
				at++
			}
			if !strings.HasPrefix(u[at:], next) {
				t.Fatalf("wrapped lines do not join to %q: %q then %q", u, acc, next)
			}
			bs = append(bs, lineBreak{line: u, end: len(acc), at: at})
			acc = u[:at] + next
		}
	}
	if j != len(wrapped) {
		t.Fatalf("wrapped text has extra lines: %q", wrapped[j:])
	}
	return bs
}

func isJapaneseRune(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '々'
}

// japanese reports whether a break falls in Japanese text: a Japanese
// character on either side.
func (b lineBreak) japanese() bool {
	before, _ := utf8.DecodeLastRuneInString(b.line[:b.end])
	after, _ := utf8.DecodeRuneInString(b.line[b.at:])
	return isJapaneseRune(before) || isJapaneseRune(after)
}

func (b lineBreak) String() string {
	from := max(0, b.end-24)
	for from > 0 && !utf8.RuneStart(b.line[from]) {
		from--
	}
	to := min(len(b.line), b.at+24)
	for to < len(b.line) && !utf8.RuneStart(b.line[to]) {
		to++
	}
	return b.line[from:b.end] + "|" + b.line[b.at:to]
}

// breakProblems returns what is wrong with the Japanese line breaks bs:
// a break inside a word as the analyser reads it, or one before a word
// that cannot start a line (a particle, an auxiliary verb, a suffix, a
// dependent verb or adjective); and a break inside a known word.
func breakProblems(bs []lineBreak) []string {
	var ps []string
	for _, b := range bs {
		if !b.japanese() {
			continue
		}
		var next *tokenizer.Token
		starts := false
		toks := judge().Tokenize(b.line)
		for i := range toks {
			if toks[i].Position == b.at {
				starts, next = true, &toks[i]
				break
			}
		}
		switch {
		case !starts:
			ps = append(ps, "splits a word: "+b.String())
		default:
			pos := next.POS()
			for len(pos) < 2 {
				pos = append(pos, "")
			}
			if pos[0] == "助詞" || pos[0] == "助動詞" || pos[1] == "接尾" ||
				(pos[0] == "動詞" || pos[0] == "形容詞") && pos[1] == "非自立" {
				ps = append(ps, "starts a line with "+pos[0]+","+pos[1]+" "+next.Surface+": "+b.String())
			}
		}
		for _, w := range knownWords {
			for i := 0; ; {
				k := strings.Index(b.line[i:], w)
				if k < 0 {
					break
				}
				if s := i + k; s < b.end && b.at < s+len(w) {
					ps = append(ps, "splits "+w+": "+b.String())
				}
				i += k + len(w)
			}
		}
	}
	return ps
}

// TestBreakProblems checks that the judge finds the splits the wrapper
// used to make.
func TestBreakProblems(t *testing.T) {
	for _, tc := range []struct {
		wrapped []string
		want    string
	}{
		{[]string{"ご確認のうえ、貴", "社の状況に"}, "splits a word"},
		{[]string{"自社の利用環", "境を踏まえた"}, "splits 利用環境"},
		{[]string{"一時的に防護機能", "が停止する"}, "starts a line with 助詞"},
		{[]string{"2012 R2 で稼働し", "ているサーバー"}, "starts a line with 助詞"},
		{[]string{"漏えいし", "たセッション"}, "starts a line with 助動詞"},
		{[]string{"情報セキュリティ", "室へ"}, "starts a line with 名詞,接尾"},
		{[]string{"ESU の利用をご検討", "ください。"}, "starts a line with 動詞,非自立"},
	} {
		flat := strings.Join(tc.wrapped, "")
		ps := breakProblems(lineBreaks(t, tc.wrapped, []string{flat}))
		if len(ps) == 0 || !strings.Contains(strings.Join(ps, "\n"), tc.want) {
			t.Errorf("%q: got %q, want %q", tc.wrapped, ps, tc.want)
		}
	}
	ok := []string{"ご確認のうえ、", "貴社の状況に合わせて", "一時的に防護機能が", "停止する"}
	if ps := breakProblems(lineBreaks(t, ok, []string{ok[0] + ok[1], ok[2] + ok[3]})); len(ps) != 0 {
		t.Errorf("good breaks judged wrong: %q", ps)
	}
}

// judgedDrafts are the drafts whose line breaks are judged: every bundled
// record and two imported ones, a JVN record with Japanese text and a
// CSAF one with English text, in ja and en.
func judgedDrafts(t *testing.T) []*render.Draft {
	t.Helper()
	ds := bundledDrafts(t)
	dir := golden.Corpus(t, "../..")
	if dir == "" {
		return ds // the sample records only
	}
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	opts := importer.Options{Now: time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC), Author: "tester"}
	for _, name := range []string{"jvn__getVulnDetailInfo_hnd_JVNDB-2021-002774.xml", "csaf-oasis__bsi-2022-0001.json"} {
		res, err := importer.ImportFile(filepath.Join(dir, name), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range res.Records {
			for _, loc := range []string{"ja", "en"} {
				d, err := r.Render(imp.Record, loc)
				if err != nil {
					t.Fatal(err)
				}
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// TestJapaneseBreaks judges every Japanese line break of the plain text
// and the Markdown of the judged drafts: none splits a word or starts a
// line with a particle, an auxiliary verb or a suffix.
func TestJapaneseBreaks(t *testing.T) {
	n := 0
	for _, d := range judgedDrafts(t) {
		for _, f := range []struct {
			kind  string
			write func(*testing.T, *render.Draft, int) string
		}{{"txt", writeText}, {"md", writeMarkdown}} {
			t.Run(d.RecordID+"/"+d.Locale+"/"+f.kind, func(t *testing.T) {
				lines := func(width int) []string {
					return strings.Split(strings.TrimSuffix(f.write(t, d, width), "\n"), "\n")
				}
				bs := lineBreaks(t, lines(format.Width), lines(0))
				for _, b := range bs {
					if b.japanese() {
						n++
					}
				}
				for _, p := range breakProblems(bs) {
					t.Error(p)
				}
			})
		}
	}
	t.Logf("%d Japanese line breaks judged", n)
	if n < 150 {
		t.Errorf("only %d Japanese line breaks judged", n)
	}
}

// TestJapaneseBreaksProse judges the breaks of paragraphs of mail prose
// written for the test (testdata/ja_paragraphs.txt, one paragraph a line),
// the second half heavy in prefixes, suffixes and compound verbs
// (各サーバー, ユーザー様, ヘルプデスク宛, 引き続き, お問い合わせ), wrapped at
// Width and, as list items, at Width less a "1. " indent.
func TestJapaneseBreaksProse(t *testing.T) {
	data, err := os.ReadFile("testdata/ja_paragraphs.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(data)), "\n")
	var bs []lineBreak
	for _, p := range paras {
		bs = append(bs, lineBreaks(t, format.Wrap(p, format.Width, "", ""), []string{p})...)
		bs = append(bs, lineBreaks(t, format.Wrap(p, format.Width, "1. ", "   "), []string{"1. " + p})...)
	}
	if len(bs) < 60 {
		t.Errorf("only %d line breaks in %d paragraphs", len(bs), len(paras))
	}
	for _, p := range breakProblems(bs) {
		t.Error(p)
	}
}
