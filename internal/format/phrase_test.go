package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lastPhraseRef is lastPhrase as it was before it read only the end of a
// block (tailStart): phraseIn, which segments, breaks and ranks what it is
// given, over the whole block. It is the reference FuzzLastPhrase checks
// lastPhrase against.
func lastPhraseRef(s string) int {
	if !hasJapanese(s) {
		return -1
	}
	return phraseIn(s)
}

// keepLastPhrasesRef is keepLastPhrases as it was, with lastPhraseRef.
func keepLastPhrasesRef(html []byte) []byte {
	var out []byte
	var str string
	last := 0
	for m := range blockEnds(html) {
		if !hasJapaneseBytes(html[m[0]:m[1]]) {
			continue
		}
		if str == "" {
			str = string(html)
		}
		text := str[m[0]:m[1]]
		i := lastPhraseRef(text)
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

// phraseCorpus is text to build blocks from: the prose and stress
// paragraphs, the lines of the sample records, and mixed, English, URL,
// bracket and table lines.
func phraseCorpus(tb testing.TB) []string {
	tb.Helper()
	var out []string
	data, err := os.ReadFile("testdata/ja_paragraphs.txt")
	if err != nil {
		tb.Fatal(err)
	}
	out = append(out, strings.Split(string(data), "\n")...)
	files, _ := filepath.Glob("../../advisories/*.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for l := range strings.SplitSeq(string(data), "\n") {
			if l = strings.TrimSpace(l); len(l) > 20 {
				out = append(out, l)
			}
		}
	}
	return append(out,
		"Apply the update from the vendor's site as soon as possible; see https://example.com/security/advisory-2026-001 for details.",
		"詳細はhttps://example.com/a/b/c（英語）を参照し、引き続き読み込むことをご確認ください。",
		"ファイル記述子(fd)の上限（CVE-2023-4966）「該当なし」とご報告ください（仮想マシンを含む）。",
		"Windows Server 2012 R2 で稼働し、ESU は Azure 上で2023年10月10日まで提供されます。",
		"| 製品 | 影響を受けるバージョン | 修正版 |\n|---|---|---|\n| Deep Security Agent | 20.0.0-877 以前 | 20.0.1-690 |",
		"Ｍｉｘｅｄ　全角と half-width ｱｲｳｴｵ の文章、そして😀絵文字⚠️と#️⃣も。",
		"supercalifragilisticexpialidocious-and-a-very-long-word-without-any-spaces-at-all-では困る",
		"AT&amp;T の回線では「&lt;設定&gt;」を開いてください。",
		"e\u0301te\u0301 のカフェ\u0301で、か\u3099き（濁点）を　ご確認ください。",
	)
}

func TestLastPhrase(t *testing.T) {
	corpus := phraseCorpus(t)
	for i, s := range corpus {
		for _, b := range []string{s, s + corpus[(i+1)%len(corpus)], "<p>" + s + "</p>"} {
			if got, want := lastPhrase(b), lastPhraseRef(b); got != want {
				t.Errorf("lastPhrase(%q) = %d, want %d", b, got, want)
			}
		}
	}
}

// FuzzLastPhrase checks lastPhrase and keepLastPhrases, which read only
// the end of a block, against reading the whole block (lastPhraseRef),
// for the fuzzed text alone and put after and before the corpus's text.
func FuzzLastPhrase(f *testing.F) {
	corpus := phraseCorpus(f)
	for _, s := range corpus {
		f.Add(s, uint8(0))
	}
	for _, s := range []string{"", "あ", "。", "(", "（あ）", "「あいう」", "https://x.example/あ", "\xe3\x81", "あ\u0301い", "\tあい"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		c := corpus[int(k)%len(corpus)]
		for _, b := range []string{s, c + s, s + c, strings.Repeat(s, 3)} {
			if got, want := lastPhrase(b), lastPhraseRef(b); got != want {
				t.Fatalf("lastPhrase(%q) = %d, want %d", b, got, want)
			}
			html := []byte("<p>" + b + "</p>\n<li>" + c + "</li>")
			if got, want := keepLastPhrases(bytes.Clone(html)), keepLastPhrasesRef(bytes.Clone(html)); !bytes.Equal(got, want) {
				t.Fatalf("keepLastPhrases(%q) = %q, want %q", html, got, want)
			}
		}
	})
}

// BenchmarkKeepLastPhrases joins the last phrases of an HTML fragment of
// the corpus's paragraphs, reading the end of each block (new) or the
// whole block (ref, the reference).
func BenchmarkKeepLastPhrases(b *testing.B) {
	var html []byte
	for _, s := range phraseCorpus(b) {
		html = append(html, "<p>"+s+"</p>\n"...)
	}
	for _, c := range []struct {
		name string
		f    func([]byte) []byte
	}{{"new", keepLastPhrases}, {"ref", keepLastPhrasesRef}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.f(html)
			}
		})
	}
}
