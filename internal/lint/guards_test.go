package lint

import (
	"regexp"
	"slices"
	"testing"
)

// wordRE is what words finds: the expression extract used before.
var wordRE = regexp.MustCompile(`[A-Za-z0-9](?:[A-Za-z0-9._:/+-]*[A-Za-z0-9])?`)

// guardCases hold what each guard of extract must let through, and what
// lies around it.
var guardCases = []string{
	"", "令和6年", "平成 元 年", "昭和64年", "1,234,567 and 12,345", "see https://example.com/a and HTTP://X.Y",
	"CVE-2024-12345", "cve-2023-0001", "cVe-2022-12345", "v1.2.3, 10-2-33, 4.5.6-beta", "1-2-3", "二〇二四年十二月",
	"RHSA-2024:4546 ABC:4.2 a/b+c-d_e.f. -x- ..a..", "日本語だけ", "café 3.14 ümlaut", "a\xffb 1.2.3",
	"ＣＶＥ-2024-1234", "x:y:", "_a_", "9", "+-/", "a--b", "http:/x", "1.2", "1.-2.3",
}

// checkGuards fails t when a guard turns away a text its expression
// matches, or words differs from wordRE.
func checkGuards(t *testing.T, s string) {
	t.Helper()
	for _, g := range []struct {
		name  string
		match bool
		guard bool
	}{
		{"era", eraRE.MatchString(s), hasEra(s)},
		{"thousands", thousandsRE.MatchString(s), containsComma(s)},
		{"url", urlRE.MatchString(s), containsScheme(s)},
		{"cve", cveRE.MatchString(s), hasCVE(s)},
		{"version", versionRE.MatchString(s), hasDottedDigits(s)},
		{"kanji numbers", kanjiNumRE.MatchString(s), containsKanjiNumber(s)},
	} {
		if g.match && !g.guard {
			t.Errorf("%q: the %s guard turns away a text its expression matches", s, g.name)
		}
	}
	want := wordRE.FindAllString(s, -1)
	got := slices.Collect(words(s))
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("words(%q) = %q, want %q", s, got, want)
	}
}

func TestGuards(t *testing.T) {
	for _, s := range guardCases {
		checkGuards(t, s)
	}
}

func FuzzGuards(f *testing.F) {
	for _, s := range guardCases {
		f.Add(s)
	}
	f.Fuzz(checkGuards)
}
