package mail

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"
)

// xEncode is x/text's ISO-2022-JP encoder, for comparison.
func xEncode(s string) ([]byte, error) {
	return japanese.ISO2022JP.NewEncoder().Bytes([]byte(s))
}

// xDecode is x/text's ISO-2022-JP decoder, which the tests use to read
// messages back.
func xDecode(t testing.TB, b []byte) string {
	t.Helper()
	s, err := japanese.ISO2022JP.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("decoding ISO-2022-JP %q: %v", b, err)
	}
	return string(s)
}

// TestJISTable checks the table against the definition of JIS X 0208 and
// against x/text's encoder: 6,879 characters in rows 1–8 and 16–84, each
// encoded by x/text to the same two bytes.
func TestJISTable(t *testing.T) {
	tab := jisTable()
	if len(tab) != 6879 {
		t.Errorf("JIS X 0208 has 6879 characters, the table %d", len(tab))
	}
	perRow := map[int]int{}
	seen := map[jisCode]rune{}
	for r, c := range tab {
		row, cell := int(c>>8)-0x20, int(c&0xff)-0x20
		if row < 1 || 8 < row && row < 16 || row > 84 || cell < 1 || cell > 94 {
			t.Errorf("U+%04X: code %04X is outside JIS X 0208", r, c)
		}
		if prev, ok := seen[c]; ok {
			t.Errorf("U+%04X and U+%04X share code %04X", prev, r, c)
		}
		seen[c] = r
		perRow[row]++
		want := []byte{0x1b, '$', 'B', byte(c >> 8), byte(c), 0x1b, '(', 'B'}
		if got, err := xEncode(string(r)); err != nil || !bytes.Equal(got, want) {
			t.Errorf("x/text encodes U+%04X as %q, %v; table %q", r, got, err, want)
		}
	}
	// The number of characters JIS X 0208:1997 assigns per row.
	want := map[int]int{1: 94, 2: 53, 3: 62, 4: 83, 5: 86, 6: 48, 7: 66, 8: 32, 47: 51, 84: 6}
	for row := 16; row <= 83; row++ {
		if row != 47 {
			want[row] = 94
		}
	}
	if diff := cmp.Diff(want, perRow); diff != "" {
		t.Errorf("characters per row (-JIS X 0208 +table):\n%s", diff)
	}
}

// TestXTextEncoder records what x/text's ISO2022JP encoder (v0.44.0) does
// with characters outside JIS X 0208, the reason this package does not use
// it: it writes half-width katakana as JIS X 0201 and CP932's NEC and IBM
// extensions as rows that JIS X 0208 does not have. If this test fails
// after an x/text upgrade, check whether its encoder became strict.
func TestXTextEncoder(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ｶﾞ", "\x1b(I6^\x1b(B"},          // JIS X 0201 katakana, not allowed by RFC 1468
		{"①", "\x1b$B-!\x1b(B"},           // row 13 (NEC special characters)
		{"㈱", "\x1b$B-j\x1b(B"},           // row 13
		{"∑", "\x1b$B-t\x1b(B"},           // row 13
		{"髙", "\x1b$B|b\x1b(B"},           // row 92 (IBM extensions)
		{"﨑", "\x1b$Byu\x1b(B"},           // row 89
		{"＂", "\x1b$B|~\x1b(B"},           // row 92
		{"〜", "error"},                    // WAVE DASH: only U+FF5E is accepted for 1-33
		{"丂", "error"},                    // JIS X 0212: never written
		{"⚠", "error"},                    // not in any Japanese set
		{"～", "\x1b$B!A\x1b(B"},           // 1-33
		{"ｱ漢a", "\x1b(I1\x1b$B4A\x1b(Ba"}, // switches straight from JIS X 0201 to 0208
	} {
		got, err := xEncode(c.in)
		s := string(got)
		if err != nil {
			s = "error"
		}
		if s != c.want {
			t.Errorf("x/text encodes %q as %q, want %q", c.in, s, c.want)
		}
		if c.in != "～" && representable(c.in) {
			t.Errorf("representable(%q) = true", c.in)
		}
	}
}

// TestEquivalents checks that each mapped code point is one x/text cannot
// encode, and that it maps to one that it can.
func TestEquivalents(t *testing.T) {
	if len(jisEquivalents) != 8 {
		t.Errorf("%d equivalents; update the table in the doc comment", len(jisEquivalents))
	}
	for from, to := range jisEquivalents {
		if inJIS(from) {
			t.Errorf("U+%04X is in JIS X 0208; no mapping needed", from)
		}
		if !inJIS(to) {
			t.Errorf("U+%04X → U+%04X, which is not in JIS X 0208", from, to)
		}
		if _, err := xEncode(string(from)); err == nil {
			t.Errorf("x/text encodes U+%04X; no mapping needed", from)
		}
	}
}

// TestReplacementTable checks that every table entry replaces a character
// outside JIS X 0208 by text inside it.
func TestReplacementTable(t *testing.T) {
	for from, to := range jisReplacements {
		if inJIS(from) {
			t.Errorf("U+%04X is in JIS X 0208", from)
		}
		if to == "" || !representable(to) {
			t.Errorf("U+%04X → %q, which is not representable", from, to)
		}
	}
	for _, s := range []string{"［注意］", "(!)", geta} {
		if !representable(s) {
			t.Errorf("%q is not representable", s)
		}
	}
}

// TestHalfwidthKana converts every half-width katakana, alone and with
// sound marks.
func TestHalfwidthKana(t *testing.T) {
	for r := rune(0xFF61); r <= 0xFF9F; r++ {
		for _, s := range []string{string(r), string(r) + "ﾞ", string(r) + "ﾟ"} {
			if w := widenKana(s); !representable(w) || w == "" {
				t.Errorf("widenKana(%q) = %q, not representable", s, w)
			}
		}
	}
	for in, want := range map[string]string{
		"ｶﾞｲﾄﾞ":   "ガイド",
		"ﾊﾟｽﾜｰﾄﾞ": "パスワード",
		"ｳﾞｨ":     "ヴィ",
		"ﾜﾞ":      "ワ゛", // ヷ is not in JIS X 0208
		"ﾞﾟ":      "゛゜",
		"ｱﾞ":      "ア゛",
		"｢ｶﾅ｣､｡･": "「カナ」、。・",
	} {
		if got := widenKana(in); got != want {
			t.Errorf("widenKana(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestToJIS checks the conversion and the issues it reports.
func TestToJIS(t *testing.T) {
	type is = Issue
	for _, c := range []struct {
		in, want string
		ja       bool
		issues   []Issue
	}{
		{in: "日本語とASCII", want: "日本語とASCII", ja: true},
		{in: "⚠️ 注意", want: "［注意］ 注意", ja: true,
			issues: []is{{"text", 1, 1, "⚠️", Replaced, "［注意］"}}},
		{in: "⚠ note", want: "(!) note",
			issues: []is{{"text", 1, 1, "⚠", Replaced, "(!)"}}},
		{in: "手順①と②", want: "手順(1)と(2)", ja: true,
			issues: []is{{"text", 1, 3, "①", Replaced, "(1)"}, {"text", 1, 5, "②", Replaced, "(2)"}}},
		{in: "㈱髙橋", want: "(株)高橋", ja: true,
			issues: []is{{"text", 1, 1, "㈱", Replaced, "(株)"}, {"text", 1, 2, "髙", Replaced, "高"}}},
		{in: "見るｶﾞｲﾄﾞです", want: "見るガイドです", ja: true,
			issues: []is{{"text", 1, 3, "ｶﾞｲﾄﾞ", Normalized, "ガイド"}}},
		// Mapping differences between Windows and JIS are not issues.
		{in: "1〜2～3−4－5—6―7‖8∥", want: "1～2～3－4－5―6―7∥8∥", ja: true},
		{in: "¢£¬", want: "￠￡￢"},
		{in: "a\nb👨‍💻c\n", want: "a\nb〓c\n", ja: true,
			issues: []is{{"text", 2, 2, "👨‍💻", Replaced, "〓"}}},
		{in: "🇯🇵!", want: "〓!", issues: []is{{"text", 1, 1, "🇯🇵", Replaced, "〓"}}},
		{in: "葛\U000E0100飾", want: "葛飾", ja: true,
			issues: []is{{"text", 1, 1, "葛\U000E0100", Replaced, "葛"}}},
		{in: "Cafe\u0301", want: "Cafe", issues: []is{{"text", 1, 4, "e\u0301", Replaced, "e"}}},
		{in: "Café", want: "Cafe", issues: []is{{"text", 1, 4, "é", Replaced, "e"}}},
		{in: "か\u3099", want: "が"}, // canonically equivalent
		{in: "x\u200by", want: "xy", issues: []is{{"text", 1, 2, "\u200b", Replaced, ""}}},
		{in: "10㍉ 5㎏ ™", want: "10ミリ 5kg TM", issues: []is{
			{"text", 1, 3, "㍉", Replaced, "ミリ"}, {"text", 1, 6, "㎏", Replaced, "kg"}, {"text", 1, 8, "™", Replaced, "TM"}}},
		{in: "¥100 ‾", want: "￥100 ￣", issues: []is{
			{"text", 1, 1, "¥", Replaced, "￥"}, {"text", 1, 6, "‾", Replaced, "￣"}}},
		{in: "∮", want: "〓", issues: []is{{"text", 1, 1, "∮", Replaced, "〓"}}},
		{in: "ワ\u3099", want: "ワ゛", issues: []is{{"text", 1, 1, "ワ\u3099", Replaced, "ワ゛"}}},
	} {
		got, issues := toJIS("text", c.in, c.ja)
		if got != c.want {
			t.Errorf("toJIS(%q) = %q, want %q", c.in, got, c.want)
		}
		if diff := cmp.Diff(c.issues, issues); diff != "" {
			t.Errorf("toJIS(%q) issues (-want +got):\n%s", c.in, diff)
		}
		if !representable(got) {
			t.Errorf("toJIS(%q) = %q is not representable", c.in, got)
		}
	}
}

func TestIssueString(t *testing.T) {
	for _, c := range []struct {
		i    Issue
		want string
	}{
		{Issue{"text", 3, 1, "⚠️", Replaced, "［注意］"}, `text:3:1: "⚠️" (U+26A0 U+FE0F) is not in JIS X 0208: replaced by "［注意］"`},
		{Issue{"subject", 1, 5, "ｶﾞ", Normalized, "ガ"}, `subject:1:5: "ｶﾞ" (U+FF76 U+FF9E) is half-width katakana: written as full-width "ガ"`},
		{Issue{"text", 2, 7, "\u200b", Replaced, ""}, `text:2:7: "\u200b" (U+200B) is not in JIS X 0208: removed`},
	} {
		if got := c.i.String(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

func TestEncodeJIS(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"abc":          "abc",
		"漢字":           "\x1b$B4A;z\x1b(B",
		"a漢\nb字c":      "a\x1b$B4A\x1b(B\nb\x1b$B;z\x1b(Bc",
		"ガイド\r\n":      "\x1b$B%,%$%I\x1b(B\r\n",
		"(株)高橋 〓 ［注意］": "(\x1b$B3t\x1b(B)\x1b$B9b66\x1b(B \x1b$B\".\x1b(B \x1b$B!NCm0U!O\x1b(B",
	} {
		got, err := encodeJIS(in)
		if err != nil || string(got) != want {
			t.Errorf("encodeJIS(%q) = %q, %v; want %q", in, got, err, want)
		}
		if x, err := xEncode(in); err != nil || !bytes.Equal(x, got) {
			t.Errorf("encodeJIS(%q) = %q; x/text writes %q, %v", in, got, x, err)
		}
		if back := xDecode(t, got); back != in {
			t.Errorf("encodeJIS(%q) decodes to %q", in, back)
		}
	}
	for _, s := range []string{"①", "ｶ", "⚠", "丂", "〜", "−", "髙"} {
		if b, err := encodeJIS(s); err == nil {
			t.Errorf("encodeJIS(%q) = %q, want an error", s, b)
		}
	}
}

func ExampleIssue_String() {
	_, issues := toJIS("text", "⚠️ 手順①", true)
	for _, i := range issues {
		fmt.Println(i)
	}
	// Output:
	// text:1:1: "⚠️" (U+26A0 U+FE0F) is not in JIS X 0208: replaced by "［注意］"
	// text:1:6: "①" (U+2460) is not in JIS X 0208: replaced by "(1)"
}
