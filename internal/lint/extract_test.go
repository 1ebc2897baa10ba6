package lint

import (
	"slices"
	"testing"
)

// TestSays checks pairs of texts that say the same in two languages
// (nothing missing either way) and pairs that do not, one fact at a time.
func TestSays(t *testing.T) {
	same := []struct{ a, b string }{
		{"2026年6月30日までに", "by June 30, 2026"},
		{"２０２６年６月３０日", "30 June 2026"},
		{"令和8年6月30日", "2026-06-30"},
		{"2026年6月30日（火）", "Tuesday, June 30"},
		{"6/30までに", "by June 30"},
		{"2023年8月下旬から", "since late August 2023"},
		{"8月下旬以降のログ", "logs from late August onwards"},
		{"脆弱性 3件", "three vulnerabilities"},
		{"3件目の脆弱性", "the third vulnerability"},
		{"1週間以内に", "within a week"},
		{"最大 1,000 台", "up to 1000 machines"},
		{"24時間以内", "within 24 hours"},
		{"2要素認証", "two-factor authentication"},
		{"32ビット版", "the 32-bit edition"},
		{"Ver.2.4.58 以降", "version 2.4.58 or later"},
		{"v2.4.58", "2.4.58"},
		{"CVSS v3.1 で 9.8", "9.8 in CVSS 3.1"},
		{"RHSA-2024:4546", "RHSA-2024:4546"},
		{"ABC：4.2", "ABC: 4.2"},
		{"https://Example.org/a/ を参照", "see https://example.org/a."},
		{"cve-2026-0001", "CVE-2026-0001"},
		{"30日間", "30 days"},
		{"二〇二六年", "2026"},
	}
	for _, tc := range same {
		fa, fb := extract(tc.a), extract(tc.b)
		for _, x := range fa.strong {
			if !fb.says(x) {
				t.Errorf("%q → %q: %s %q missing", tc.a, tc.b, kindNames[x.kind], x.shown)
			}
		}
		for _, x := range fb.strong {
			if !fa.says(x) {
				t.Errorf("%q → %q: %s %q missing", tc.b, tc.a, kindNames[x.kind], x.shown)
			}
		}
	}
	differ := []struct {
		a, b string
		kind kind
		key  string
	}{
		{"2026年6月30日", "June 29, 2026", kindDate, "2026-06-30"},
		{"2026年6月30日", "June 30, 2025", kindDate, "2026-06-30"},
		{"CVE-2026-1234", "CVE-2026-1243", kindCVE, "CVE-2026-1234"},
		{"14.1-8.50", "14.1-8.5", kindVersion, "14.1-8.50"},
		{"3件", "four", kindNumber, "3"},
		{"UAT4356", "UAT4365", kindNumber, "uat4356"},
		{"https://a.example/x", "https://a.example/y", kindURL, "https://a.example/x"},
	}
	for _, tc := range differ {
		fa, fb := extract(tc.a), extract(tc.b)
		i := slices.IndexFunc(fa.strong, func(x fact) bool { return x.kind == tc.kind && x.key == tc.key })
		if i < 0 {
			t.Errorf("%q: no %s %q in %v", tc.a, kindNames[tc.kind], tc.key, fa.strong)
			continue
		}
		if fb.says(fa.strong[i]) {
			t.Errorf("%q → %q: %s %q found", tc.a, tc.b, kindNames[tc.kind], tc.key)
		}
	}
}

func TestEndingStyle(t *testing.T) {
	for s, want := range map[string]style{
		"確認してください":       polite,
		"公開しました」":        polite,
		"問題ですね":          polite,
		"影響はありません":       polite,
		"悪用可能である":        plain,
		"脆弱性ではない":        plain,
		"必要だ":            plain,
		"対応が必要だろう":       plain,
		"〜であるため対応が必要です":  polite,
		"導入している":         neutral,
		"引き上げること":        neutral,
		"Linux 版について":    neutral,
		"ベンダーは既有設計としている": neutral,
	} {
		if got := endingStyle(s); got != want {
			t.Errorf("endingStyle(%q) = %v, want %v", s, got, want)
		}
	}
}
