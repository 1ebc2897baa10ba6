package format

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rivo/uniseg"
	"golang.org/x/text/width"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name        string
		text        string
		width       int
		first, rest string
		want        []string
	}{
		// Japanese and kinsoku at the boundary.
		{name: "ja plain", text: "あいうえおかきくけこさしす", width: 10,
			want: []string{"あいうえお", "かきくけこ", "さしす"}},
		{name: "ja period hangs", text: "あいうえお。かきくけこ", width: 10,
			want: []string{"あいうえお。", "かきくけこ"}},
		{name: "ja comma hangs", text: "あいうえお、かき", width: 10,
			want: []string{"あいうえお、", "かき"}},
		{name: "ja only one character hangs", text: "あいうえお」。かき", width: 10,
			want: []string{"あいうえ", "お」。かき"}},
		{name: "ja small kana not at start", text: "あいうえおっとかき", width: 10,
			want: []string{"あいうえ", "おっとかき"}},
		{name: "ja long vowel not at start", text: "あいうえおーかき", width: 10,
			want: []string{"あいうえ", "おーかき"}},
		{name: "ja iteration mark not at start", text: "あいうえ人々です", width: 10,
			want: []string{"あいうえ", "人々です"}},
		{name: "ja opening bracket not at end", text: "あいうえ「おか」です", width: 10,
			want: []string{"あいうえ", "「おか」で", "す"}},
		{name: "ja closing bracket not at start", text: "あいうえお）です", width: 10,
			want: []string{"あいうえ", "お）です"}},
		{name: "ja ASCII parentheses", text: "日本語(テスト)です", width: 8,
			want: []string{"日本語", "(テスト)", "です"}},
		{name: "ja ASCII comma not at start", text: "あいうえお, かき", width: 10,
			want: []string{"あいうえ", "お, かき"}},
		{name: "ja unbreakable run exceeds", text: "あーーーーー", width: 4,
			want: []string{"あーーーーー"}},
		{name: "ja space before closing", text: "あいう ）えお", width: 7,
			want: []string{"あい", "う ）え", "お"}},

		// English.
		{name: "en words", text: "the quick brown fox jumps over the lazy dog", width: 10,
			want: []string{"the quick", "brown fox", "jumps over", "the lazy", "dog"}},
		{name: "en word longer than width", text: "a supercalifragilistic b", width: 8,
			want: []string{"a", "supercalifragilistic", "b"}},
		{name: "en hyphen does not break", text: "defense-in-depth mechanisms", width: 10,
			want: []string{"defense-in-depth", "mechanisms"}},
		{name: "en spaces at break removed", text: "aaa     bbb", width: 5,
			want: []string{"aaa", "bbb"}},
		{name: "en parenthesis not at end", text: "foo ( bar )", width: 5,
			want: []string{"foo", "( bar )"}},

		// Mixed.
		{name: "mixed ja en", text: "これはLinux版のDeep Security Agentです。", width: 16,
			want: []string{"これはLinux版の", "Deep Security", "Agentです。"}},
		{name: "mixed space kept inside", text: "これは AI が生成した参考例です。", width: 12,
			want: []string{"これは AI が", "生成した", "参考例です。"}},

		// URLs.
		{name: "long URL", text: "see https://example.com/a/very/long/path now", width: 12,
			want: []string{"see", "https://example.com/a/very/long/path", "now"}},
		{name: "URL next to Japanese", text: "詳細はhttps://example.com/a（英語）", width: 20,
			want: []string{"詳細は", "https://example.com/a", "（英語）"}},
		{name: "URL with half-width katakana", text: "HTTPS://E.COM/ｱｲｳｴｵ ｶｷ", width: 10,
			want: []string{"HTTPS://E.COM/ｱｲｳｴｵ", "ｶｷ"}},

		// Prefixes: hanging indents and fields.
		{name: "step", text: "aaa bbb ccc ddd eee", width: 10, first: "1. ", rest: "   ",
			want: []string{"1. aaa bbb", "   ccc ddd", "   eee"}},
		{name: "bullet ja", text: "あいうえおかきくけこ", width: 10, first: "- ", rest: "  ",
			want: []string{"- あいうえ", "  おかきく", "  けこ"}},
		{name: "field", text: "大量のファイルシステムイベント", width: 20, first: "条件: ", rest: "  ",
			want: []string{"条件: 大量のファイル", "  システムイベント"}},
		{name: "label stays with text", text: "https://example.com/long", width: 10, first: "- ", rest: "  ",
			want: []string{"- https://example.com/long"}},

		// Widths.
		{name: "emoji width 2", text: "⚠️⚠️⚠️", width: 4,
			want: []string{"⚠️⚠️", "⚠️"}},
		{name: "ZWJ sequence not split", text: "👨‍👩‍👧👨‍👩‍👧", width: 2,
			want: []string{"👨‍👩‍👧", "👨‍👩‍👧"}},
		{name: "half-width katakana width 1", text: "ｱｲｳｴｵｶｷｸｹｺ", width: 5,
			want: []string{"ｱｲｳｴｵ", "ｶｷｸｹｺ"}},
		{name: "half-width small kana not at start", text: "ｱｲｳｴｯｸ", width: 4,
			want: []string{"ｱｲｳ", "ｴｯｸ"}},
		{name: "half-width voiced mark not split", text: "ｶﾞｷﾞｸﾞ", width: 2,
			want: []string{"ｶﾞｷﾞ", "ｸﾞ"}},

		// Line structure.
		{name: "hard breaks kept", text: "one two\nthree four five", width: 9,
			want: []string{"one two", "three", "four five"}},
		{name: "hard break indented", text: "a\nb", width: 10, first: "- ", rest: "  ",
			want: []string{"- a", "  b"}},
		{name: "trailing spaces removed", text: "foo   \nbar\t \n", width: 10,
			want: []string{"foo", "bar", ""}},
		{name: "leading spaces kept", text: "  indented text here", width: 10,
			want: []string{"  indented", "text here"}},
		{name: "no wrapping at width 0", text: "a b c", first: "- ", rest: "  ",
			want: []string{"- a b c"}},
		{name: "empty", text: "", first: "- ", rest: "  ",
			want: []string{"-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.text, tc.width, tc.first, tc.rest)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Wrap(%q, %d, %q, %q) (-want +got):\n%s", tc.text, tc.width, tc.first, tc.rest, diff)
			}
		})
	}
}

// TestWrapJapaneseWords checks the breaks between words in Japanese text
// (words.go), at widths that leave a choice.
func TestWrapJapaneseWords(t *testing.T) {
	for _, tc := range []struct {
		name        string
		text        string
		width       int
		first, rest string
		want        []string
	}{
		// Phrase ends and punctuation before the width, not inside a word
		// (貴|社, 利用環|境) nor before a particle (機能|が).
		{name: "clause ends preferred", text: "配信前に必ず内容をご確認のうえ、貴社の状況に合わせて編集してご利用ください。", width: 30,
			want: []string{"配信前に必ず内容をご確認のうえ、", "貴社の状況に合わせて", "編集してご利用ください。"}},
		{name: "phrase ends", text: "大量のイベントが発生した際、一時的に防護機能が停止する挙動が確認されました。", width: 30,
			want: []string{"大量のイベントが発生した際、", "一時的に防護機能が停止する", "挙動が確認されました。"}},
		{name: "compound noun kept", text: "実際の被害状況や自社の利用環境を踏まえた判断は、貴社のセキュリティ責任者にご確認ください。", width: 24,
			want: []string{"実際の被害状況や自社の", "利用環境を踏まえた判断は、", "貴社のセキュリティ", "責任者にご確認ください。"}},
		{name: "compound of katakana and kanji", text: "プロセスが自動再起動し、", width: 18,
			want: []string{"プロセスが", "自動再起動し、"}},
		{name: "compound verb kept", text: "文面を変えたメールが引き続き届きます。", width: 24,
			want: []string{"文面を変えたメールが", "引き続き届きます。"}},
		{name: "compound verb with small kana", text: "攻撃者は漏えいしたセッショントークンを用いて、認証済みのセッションを乗っ取ります。", width: 40,
			want: []string{"攻撃者は漏えいしたセッショントークンを", "用いて、認証済みのセッションを", "乗っ取ります。"}},
		{name: "honorific prefix after a particle", text: "不明な点は担当者までお問い合わせください。", width: 24,
			want: []string{"不明な点は担当者まで", "お問い合わせください。"}},
		{name: "quotation after a particle", text: "該当者がいない場合も「該当なし」とご報告ください。", width: 24,
			want: []string{"該当者がいない場合も", "「該当なし」と", "ご報告ください。"}},
		{name: "sentence end, then a quotation", text: "ログを確認してください。「不審な点」があれば報告", width: 26,
			want: []string{"ログを確認してください。", "「不審な点」があれば報告"}},
		{name: "date and counters kept", text: "移行計画を、2023年10月10日までにご提出ください。", width: 28,
			want: []string{"移行計画を、", "2023年10月10日までに", "ご提出ください。"}},

		// Parenthesised groups: kept whole and with the word before them.
		{name: "ASCII group with its word", text: "サーバーにおいて、ファイル記述子(fd)の上限設定を引き上げてください。", width: 36,
			want: []string{"サーバーにおいて、", "ファイル記述子(fd)の上限設定を", "引き上げてください。"}},
		{name: "full-width group with its word", text: "NetScaler ADC の脆弱性（CVE-2023-4966）への対応のお願い", width: 30,
			want: []string{"NetScaler ADC の", "脆弱性（CVE-2023-4966）への", "対応のお願い"}},
		{name: "group with Japanese inside kept", text: "稼働しているサーバー（仮想マシンを含む）を洗い出してください。", width: 30,
			want: []string{"稼働している", "サーバー（仮想マシンを含む）を", "洗い出してください。"}},
		{name: "long group broken inside", text: "- 対象製品: Windows Server 2012、Windows Server 2012 R2（全エディション）", width: 70,
			want: []string{"- 対象製品: Windows Server 2012、", "Windows Server 2012 R2（全エディション）"}},

		// Latin and Japanese: no particle or suffix after a Latin word at
		// the start of a line (ESU|は, R2 |で, Linux|版, Azure |上で).
		{name: "particles after Latin words", text: "ESU は、Azure 上で稼働するサーバーでは追加費用なしで提供されます。", width: 20,
			want: []string{"ESU は、Azure 上で", "稼働するサーバーでは", "追加費用なしで", "提供されます。"}},
		{name: "name kept before its particle", text: "Windows Server 2012 R2 で稼働しているサーバー", width: 26,
			want: []string{"Windows Server 2012 R2 で", "稼働しているサーバー"}},
		{name: "suffixes after Latin words", text: "Deep Security Agent (DSA) のLinux版における動作とSIEM等の多層防御策", width: 30,
			want: []string{"Deep Security Agent (DSA) の", "Linux版における動作とSIEM等の", "多層防御策"}},
		{name: "suffixes after spaces", text: "Windows 10 以降と FIPS / NDcPP 版", width: 14,
			want: []string{"Windows", "10 以降と", "FIPS /", "NDcPP 版"}},

		// URLs are never broken, and take their particle along.
		{name: "URL in Japanese", text: "詳細はhttps://example.com/a/b/cの通りです。", width: 12,
			want: []string{"詳細は", "https://example.com/a/b/cの", "通りです。"}},
		{name: "URL between spaces", text: "詳細は https://example.com/a/b/c を参照", width: 12,
			want: []string{"詳細は", "https://example.com/a/b/c を", "参照"}},

		// A word longer than the line is the only one broken inside,
		// where kinsoku allows; it starts on the line it would not fit
		// on anyway.
		{name: "long word", text: "セキュリティアドバイザリ", width: 10,
			want: []string{"セキュリ", "ティアドバ", "イザリ"}},
		{name: "long word starts on the line", text: "対象はファイルシステムイベントです。", width: 20,
			want: []string{"対象はファイルシステ", "ムイベントです。"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.text, tc.width, tc.first, tc.rest)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Wrap(%q, %d, %q, %q) (-want +got):\n%s", tc.text, tc.width, tc.first, tc.rest, diff)
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"abc":       3,
		"日本語":       6,
		"、。「」":      8,
		"ｱｲｳ":       3, // half-width katakana
		"ｶﾞ":        1, // with the half-width voiced mark: one cluster
		"⚠️":        2, // U+26A0 U+FE0F: emoji presentation
		"⚠":         1, // text presentation
		"✔️":        2,
		"#️⃣":       2, // keycap: has U+FE0F
		"😀":         2,
		"👨‍👩‍👧":     2, // ZWJ sequence
		"🇯🇵":        2, // flag
		"○※…“”α①":   7, // East Asian Ambiguous counts 1
		"e\u0301":   1, // combining accent
		"\t":        8,
		"ＡＢＣ":       6, // full-width Latin
		"■ ":        2,
		"⚠️ これは AI": 2 + 1 + 6 + 1 + 2,
	} {
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// mdWrap runs the Markdown text writer on text, with width.
func mdWrap(text string, width int, first, rest, eol string) []string {
	m := mdWriter{wr: mdWrapper(width)}
	m.text(text, first, rest, eol, true)
	return strings.Split(strings.TrimSuffix(m.b.String(), "\n"), "\n")
}

func TestMarkdownWrap(t *testing.T) {
	for _, tc := range []struct {
		name             string
		text             string
		width            int
		first, rest, eol string
		want             []string
	}{
		{name: "no list marker at start", text: "aaaa - bbbb", width: 6,
			want: []string{"aaaa -", "bbbb"}},
		{name: "no ordered list marker at start", text: "version 2023. next", width: 10,
			want: []string{"version 2023.", "next"}},
		{name: "version number may start a line", text: "fixed in 14.1-8.50", width: 10,
			want: []string{"fixed in", "14.1-8.50"}},
		{name: "no heading at start", text: "あいう#えお", width: 6,
			want: []string{"あい", "う#え", "お"}},
		{name: "no list marker after Japanese", text: "あいう-えお", width: 6,
			want: []string{"あい", "う-え", "お"}},
		{name: "escape kept whole", text: "あいう*えお", width: 6,
			want: []string{"あい", `う\*え`, "お"}},
		{name: "no break without space between ja and en", text: "あいうLinux版です", width: 6,
			want: []string{"あい", "うLinux版", "です"}},
		{name: "break at space between ja and en", text: "あい Linux 版です", width: 6,
			want: []string{"あい", "Linux", "版です"}},
		{name: "no break at full-width forms", text: "あい（ASA）をいう", width: 6,
			want: []string{"あ", "い（ASA）を", "いう"}},
		{name: "break after CJK punctuation", text: "あい、うえ「お」", width: 6,
			want: []string{"あい、", "うえ", "「お」"}},
		{name: "no backslash at end", text: `C:\ foo`, width: 5,
			want: []string{`C:\\ foo`}},
		{name: "escape at text start", text: "- not a list item", width: 8,
			want: []string{`\- not a`, "list", "item"}},
		{name: "hard break stays at end", text: "one two three\nfour", width: 10,
			want: []string{"one two", `three\`, "four"}},
		{name: "room for the hard break", text: "aaaa bbbb\nc", width: 9,
			want: []string{"aaaa", `bbbb\`, "c"}},
		{name: "field eol", text: "aaaa bbbb", width: 9, first: "**L:** ", eol: "  ",
			want: []string{"**L:** aaaa", "bbbb  "}},
		{name: "list item", text: "あいうえおかきくけこ", width: 10, first: "1. ", rest: "   ",
			want: []string{"1. あいう", "   えおか", "   きくけ", "   こ"}},
		{name: "empty line in item", text: "a\n\nb", width: 10, first: "- ", rest: "  ",
			want: []string{`- a\`, `  \`, "  b"}},
		{name: "quote", text: "the quick brown fox", width: 10, first: "> ", rest: "> ",
			want: []string{"> the", "> quick", "> brown", "> fox"}},
		{name: "ja words", text: "大量のイベントが発生した際、一時的に防護機能が停止する挙動が確認されました。", width: 30,
			want: []string{"大量のイベントが発生した際、", "一時的に防護機能が停止する", "挙動が確認されました。"}},
		{name: "ja particles after Latin words", text: "ESU は、Azure 上で稼働するサーバーでは追加費用なしで提供されます。", width: 20,
			want: []string{"ESU は、Azure 上で", "稼働するサーバーでは", "追加費用なしで", "提供されます。"}},
		{name: "ja group with its word in a list item", text: "ファイル記述子(fd)の上限設定を適宜引き上げてください。", width: 30, first: "1. ", rest: "   ",
			want: []string{"1. ファイル記述子(fd)の", "   上限設定を", "   適宜引き上げてください。"}},
		{name: "ja no break without space after Latin", text: "Deep Security Agent (DSA) のLinux版における動作", width: 30,
			want: []string{"Deep Security Agent", "(DSA) のLinux版における動作"}},
		{name: "width counts UTF-16 units", text: "e\u0301e\u0301 e\u0301e\u0301", width: 4,
			want: []string{"e\u0301e\u0301", "e\u0301e\u0301"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mdWrap(tc.text, tc.width, tc.first, tc.rest, tc.eol)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMdBlockStart(t *testing.T) {
	for s, want := range map[string]bool{
		"# h": true, "#h": true, "> q": true, "- x": true, "-x": true, "+ x": true, "* x": true,
		"=": true, "| a |": true, "```": true, "~~~": true, "<div>": true,
		"1. x": true, "2023. x": true, "1)": true, "1.": true,
		"1.か": true, "1.」": true, "1.5": false, "1.x": false, "14.1-8.50": false, "2023年": false, "3件": false, "x": false, `\- x`: false, "": false, "あ": false,
	} {
		if got := mdBlockStart(s); got != want {
			t.Errorf("mdBlockStart(%q) = %v, want %v", s, got, want)
		}
	}
}

// nonSpace returns s without ASCII spaces, tabs and line breaks, byte by
// byte (strings.Map would turn invalid UTF-8 into U+FFFD).
func nonSpace(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\t' && c != '\n' {
			b = append(b, c)
		}
	}
	return string(b)
}

// firstCluster and lastCluster return the first rune of the first and of
// the last grapheme cluster of s.
func firstCluster(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastCluster(s string) rune {
	var last string
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		last = g.Str()
	}
	r, _ := utf8.DecodeRuneInString(last)
	return r
}

// FuzzWrap checks that wrapping any text terminates without panicking,
// loses or reorders no character but the spaces at breaks, breaks only
// where kinsoku allows, and lets a line exceed the width only by a hanging
// character or when it holds no permitted break within the width.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{
		"", "a", "the quick brown fox", "あいうえお。かきくけこ", "「」「」「」",
		"ーーーーーーーー", "詳細はhttps://example.com/a（英語）", "⚠️ これは AI が生成",
		"ｱｲｳｴｯｸｶﾞ", "a\nb\n\nc", "  lead\ttab  ", "e\u0301\u200d\uFE0F", "\xff\xfe",
		"C:\\ - 1. # x", "http://", "https://ｱ「",
		"「」「\xe3     \xa1\xa1", "\xe2\x9a \uFE0F0000", // found by fuzzing
		"配信前に必ず内容をご確認のうえ、貴社の状況に合わせて編集してご利用ください。",
		"ファイル記述子(fd)の上限（CVE-2023-4966）「該当なし」とご報告",
		"Windows Server 2012 R2 で稼働し、ESU は Azure 上で2023年10月10日",
		"詳細はhttps://example.com/a（英語）を引き続き読み込む",
		"((（（「」))）） (a) （あ） 「」(", "をごをお、。ごお",
	} {
		f.Add(s, uint8(10))
	}
	f.Fuzz(func(t *testing.T, text string, w uint8) {
		width := int(w % 90)
		for _, first := range []string{"", "1. "} {
			rest := strings.Repeat(" ", len(first))
			lines := Wrap(text, width, first, rest)
			var joined []string
			for i, l := range lines {
				if i == 0 {
					l = strings.TrimPrefix(l, strings.TrimRight(first, " "))
				}
				joined = append(joined, strings.TrimPrefix(l, rest))
			}
			if got, want := nonSpace(strings.Join(joined, "")), nonSpace(text); got != want {
				t.Fatalf("Wrap(%q, %d) = %q: characters lost or changed", text, width, lines)
			}
		}
		// Per hard line: the kinsoku and width invariants, for plain
		// text and for Markdown.
		for _, wr := range []wrapper{{width: width, measure: clusterWidth}, mdWrapper(width)} {
			for _, hard := range strings.Split(text, "\n") {
				if !utf8.ValidString(hard) {
					continue
				}
				lines := wr.wrapLine(nil, hard, "", "")
				if got, want := nonSpace(strings.Join(lines, "")), nonSpace(hard); got != want {
					t.Fatalf("wrapLine(%q, %d) = %q: characters lost or changed", hard, width, lines)
				}
				for i, l := range lines {
					if i > 0 && isNoStart(firstCluster(l)) {
						t.Errorf("wrapLine(%q, %d): line %q starts with a forbidden character", hard, width, l)
					}
					if i < len(lines)-1 && isNoEnd(lastCluster(l)) {
						t.Errorf("wrapLine(%q, %d): line %q ends with a forbidden character", hard, width, l)
					}
					if width == 0 || wr.stringWidth(l) <= width {
						continue
					}
					if r := lastCluster(l); isHanging(r) && wr.stringWidth(l)-wr.stringWidth(string(r)) <= width {
						continue
					}
					// Too wide: then it holds no break within the width
					// (it runs on to the first break between words).
					cs := wr.clusters(l)
					w := 0
					for k, b := range wr.breaks(l, cs) {
						for _, c := range cs[:b.end] {
							w += c.w
						}
						if w <= width {
							t.Errorf("wrapLine(%q, %d): line %q is too wide but could break after %q (break %d)", hard, width, l, l[:cs[b.end-1].end], k)
						}
						break
					}
				}
			}
		}
	})
}

// TestSimpleClusters checks the fast path of clusters against grapheme
// segmentation on lines of simple runes, for both measures.
func TestSimpleClusters(t *testing.T) {
	lines := []string{
		"Deep Security Agent (DSA) のLinux版における動作に関する情報共有です。",
		"\tタブと、「括弧」（丸括弧）ＡＢＣ！？ https://example.com/a?b=c",
		"ASCII ~!@#$%^&*()_+{}|:\"<>? and 1.2.3",
		"々〆〇ー・ヶヵゝゞ",
	}
	for _, l := range lines {
		for _, wr := range []wrapper{{width: 70, measure: clusterWidth}, mdWrapper(70)} {
			slow := slowClusters(wr, l)
			if !isSimple(l) {
				t.Fatalf("%q is not simple", l)
			}
			if got := wr.simpleClusters(l); !reflect.DeepEqual(got, slow) {
				t.Errorf("%q: fast path differs:\n%v\n%v", l, got, slow)
			}
		}
	}
}

// slowClusters is clusters by grapheme segmentation alone, without the
// fast path.
func slowClusters(wr wrapper, l string) []cluster {
	var slow []cluster
	state := -1
	for off := 0; off < len(l); {
		c, _, w, st := uniseg.FirstGraphemeClusterInString(l[off:], state)
		state = st
		r, _ := utf8.DecodeRuneInString(c)
		slow = append(slow, cluster{off: off, end: off + len(c), w: wr.measure(c, w), r: r,
			space: c == " " || c == "\t", east: clusterWidth(c, w) == 2 || width.LookupRune(r).Kind() == width.EastAsianHalfwidth})
		off += len(c)
	}
	markURLs(l, slow)
	return slow
}

func TestNotSimple(t *testing.T) {
	for _, l := range []string{"ｱ", "か\u3099", "「\u302C", "e\u0301", "⚠️", "👍🏽", "\u3000", "a\r\nb", "\u200d", "〰", "〽"} {
		if isSimple(l) {
			t.Errorf("%q counted as simple", l)
		}
	}
}
