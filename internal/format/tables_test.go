package format

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestScriptTables checks scriptOf's tables against the Unicode tables,
// for every rune.
func TestScriptTables(t *testing.T) {
	for r := rune(-1); r <= utf8.MaxRune+1; r++ {
		if got, want := scriptOf(r), scriptOfRune(r); got != want {
			t.Fatalf("scriptOf(%U) = %d, want %d", r, got, want)
		}
	}
}

// TestRuneSets checks the sets of the rules' character lists against the
// lists, for every rune.
func TestRuneSets(t *testing.T) {
	for _, list := range []string{noStart, noEnd, hanging, sentenceEnd, clauseEnd, particles, closing, prefixKana, prefixKanji, openers, closers, ""} {
		set := newRuneSet(list)
		for r := rune(-1); r <= utf8.MaxRune+1; r++ {
			if got, want := set.has(r), strings.ContainsRune(list, r); got != want {
				t.Fatalf("%q: has(%U) = %v, want %v", list, r, got, want)
			}
		}
	}
	for _, p := range strings.Fields(suffixPairs) {
		r := []rune(p)
		if !isSuffix(r[0], r[1], scriptLatin) {
			t.Errorf("%s is not a suffix", p)
		}
	}
	if isSuffix('以', '外', scriptKanji) || isSuffix('外', '以', scriptLatin) {
		t.Error("isSuffix: wrong pair")
	}
}

// TestSimpleRunes checks the fast path of clusters against grapheme
// segmentation for every simple rune, alone and between others, with
// both measures.
func TestSimpleRunes(t *testing.T) {
	var all []rune
	for r := rune(0); r < 0x10000; r++ {
		if ok, _ := isSimpleRune(r); ok {
			all = append(all, r)
		}
	}
	for _, wr := range []wrapper{{width: 70, measure: clusterWidth}, mdWrapper(70)} {
		for i := 0; i < len(all); i += 64 {
			line := string(all[i:min(i+64, len(all))])
			line += "a" + line + "あ\t" + line
			if got, want := wr.simpleClusters(line), slowClusters(wr, line); !equalClusters(got, want) {
				t.Fatalf("%q: fast path differs", line)
			}
		}
	}
	for _, s := range []string{"", "1. ", "   ", "> ", "\t- ", "■ ", "**ラベル:** ", "**対応優先度:** ", "「（ＡＢＣ）」\t", "e\u0301", "〰"} {
		for _, wr := range []wrapper{{measure: clusterWidth}, mdWrapper(70)} {
			n := 0
			for _, c := range slowClusters(wr, s) {
				n += c.w
			}
			if got := wr.stringWidth(s); got != n {
				t.Errorf("stringWidth(%q) = %d, want %d", s, got, n)
			}
		}
	}
}

func equalClusters(a, b []cluster) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// escapeByRune is escape as it was written before it copied text in
// runs: rune by rune. FuzzEscape checks that the two agree.
func escapeByRune(s string, start bool) string {
	var b strings.Builder
	lead := s
	if start {
		lead = strings.TrimLeft(s, " \t")
		b.WriteString(s[:len(s)-len(lead)])
	}
	for i, r := range lead {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!':
			b.WriteByte('\\')
		case '#', '-', '+', '=':
			if i == 0 && start {
				b.WriteByte('\\')
			}
		case '.', ')':
			if isDigits(lead[:i]) && i > 0 && start {
				b.WriteByte('\\')
			} else if r == '.' && i >= 3 && strings.EqualFold(lead[i-3:i], "www") && (i == 3 || !isASCIIAlnum(lead[i-4])) {
				b.WriteByte('\\')
			}
		case ':':
			if strings.HasPrefix(lead[i+1:], "//") {
				b.WriteByte('\\')
			}
		case '@':
			if i+1 < len(lead) && isASCIIAlnum(lead[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "  # heading", "1. item", "12) x", "www.example.com", "a www.b", "http://x", "a@b.c",
		"*_[]<>|~&!\\`", "- +=", "日本語の文章です。", "\xff\x80", "Ｗｗｗ.x", "   ", "\t-"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, start bool) {
		if got, want := escape(s, start), escapeByRune(s, start); got != want {
			t.Errorf("escape(%q, %v) = %q, want %q", s, start, got, want)
		}
	})
}

// The expressions urlLinks and blockEnds stand for; FuzzScanners checks
// that they find the same.
var (
	urlLinkRE  = regexp.MustCompile(`(<a [^>]*>)(https?://)([^<]+)(</a>)`)
	blockEndRE = regexp.MustCompile(`>([^<>]+)(</(?:p|li|h[1-6])>)`)
)

func FuzzScanners(f *testing.F) {
	for _, s := range []string{
		"", "<p>text</p>", "<li>a</li><li>b</li>", "<h2>見出し</h2>\n<p>本文です。</p>", "></p>", ">x</h7>", ">x</h1",
		`<p>see <a href="https://x.example/a/b">https://x.example/a/b</a>.</p>`, `<a href="x">http://a</a><a >https://b.c</a>`,
		"<a >http://</a>", "<a x>https://a<b</a>", "<a href=\"u\">ftp://x</a>", "<a ", "<a >", ">>a</p>", "<p>a<br>b</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		html := []byte(s)
		var got, want [][2]int
		for m := range urlLinks(html) {
			got = append(got, m)
		}
		for _, m := range urlLinkRE.FindAllSubmatchIndex(html, -1) {
			want = append(want, [2]int{m[6], m[7]})
		}
		if !slices.Equal(got, want) {
			t.Errorf("urlLinks(%q) = %v, want %v", s, got, want)
		}
		got, want = nil, nil
		for m := range blockEnds(html) {
			got = append(got, m)
		}
		for _, m := range blockEndRE.FindAllSubmatchIndex(html, -1) {
			want = append(want, [2]int{m[2], m[3]})
		}
		if !slices.Equal(got, want) {
			t.Errorf("blockEnds(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestClusters checks clusters against grapheme segmentation of the whole
// line for lines that mix simple runes with others.
func TestClusters(t *testing.T) {
	for _, l := range []string{
		"⚠️ この文書はAIが作成した参考情報です。", "e\u0301te\u0301 café", "vendor’s “quoted” text — and…", "か\u3099き", "ｱｲｳｴｵ", "🇯🇵🇺🇸 flags",
		"👍🏽 ok", "a\u200db", "x\u0301\u0301\u0301y", "\u0301lead", "trail\u0301", "한국어 텍스트", "〰〽 marks", "①②③ items", "a\r\nb", "\u00adsoft",
		"क्षि Devanagari", "👨\u200d👩\u200d👧 family", "#️⃣ keycap", "　全角スペース",
	} {
		for _, wr := range []wrapper{{width: 70, measure: clusterWidth}, mdWrapper(70)} {
			if got, want := wr.clusters(l), slowClusters(wr, l); !equalClusters(got, want) {
				t.Errorf("%q: clusters differ:\n%v\n%v", l, got, want)
			}
		}
	}
}

func FuzzClusters(f *testing.F) {
	for _, s := range []string{"⚠️ 注意", "e\u0301", "🇯🇵🇯", "a\u200d👍", "’s", "か\u3099", "\t\u0301", "🏽x"} {
		f.Add(s)
	}
	f.Add("a\xffb\xe3\x81")
	f.Fuzz(func(t *testing.T, l string) {
		for _, wr := range []wrapper{{width: 70, measure: clusterWidth}, mdWrapper(70)} {
			if got, want := wr.clusters(l), slowClusters(wr, l); !equalClusters(got, want) {
				t.Errorf("%q: clusters differ:\n%v\n%v", l, got, want)
			}
		}
	})
}
