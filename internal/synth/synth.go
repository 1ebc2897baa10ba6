// Package synth generates realistic synthetic advisory records for
// benchmarks and large-scale tests: both locales, five actions, three
// references, 2–4 KB each, deterministic for a given seed.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	vendors  = []string{"Acme Networks", "Globex", "Initech", "Umbrella Systems", "Hooli", "Stark Software", "Wayne Security", "Cyberdyne"}
	products = []string{"Edge Gateway", "Mail Relay", "VPN Concentrator", "Endpoint Agent", "Web Portal", "Backup Server", "Identity Broker", "Log Collector"}
	jaNouns  = []string{"認証処理", "設定ファイル", "管理画面", "ログ出力", "セッション管理", "ファイルアップロード機能", "証明書検証", "更新処理"}
	enNouns  = []string{"authentication", "configuration parser", "management console", "logging", "session handling", "file upload", "certificate validation", "update service"}
	prios    = []string{"low", "medium", "high", "critical"}
	cats     = []string{"vulnerability", "vulnerability", "vulnerability", "incident", "maintenance", "eol", "info"}
)

// Record returns the YAML of synthetic record i (of seed).
func Record(seed uint64, i int) (id string, yaml []byte) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	v, p := pick(vendors), pick(products)
	k := r.IntN(len(jaNouns))
	month, day := 1+r.IntN(12), 1+r.IntN(28)
	id = fmt.Sprintf("2026-%02d-%02d-synthetic-%06d", month, day, i)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("id: %s\ncategory: %s\nauthor: synth-%d\npublished: 2026-%02d-%02d\n", id, pick(cats), r.IntN(20), month, day)
	w("source:\n  name: %s PSIRT\n  url: https://psirt.example.com/%s/%d\n  language: en\n", v, strings.ToLower(strings.ReplaceAll(v, " ", "-")), i)
	w("vendor: %s\nproduct: %s\nplatforms: [Linux, Windows]\n", v, p)
	w("cves: [CVE-2026-%d, CVE-2026-%d]\n", 10000+2*i, 10001+2*i)
	w("rank: %c\ntimeframe: {ja: 月内に, en: Within the month}\n", 'A'+rune(r.IntN(5)))
	w("priority: %s\ndeadline: +%dd\n", pick(prios), 1+r.IntN(30))
	w("title:\n  ja: %s %s の%sにおける脆弱性について\n  en: Vulnerability in the %s of %s %s\n", v, p, jaNouns[k], enNouns[k], v, p)
	w("summary:\n  ja: %s %s の%sに脆弱性が見つかりました。細工されたリクエストにより、認証されていない攻撃者が任意のコードを実行できるおそれがあります。ベンダーは修正版を公開しています。\n", v, p, jaNouns[k])
	w("  en: A vulnerability was found in the %s of %s %s. A crafted request may let an unauthenticated attacker run arbitrary code. The vendor has released fixed versions.\n", enNouns[k], v, p)
	w("lead:\n  ja: %s %s の脆弱性に関する情報共有です。\n  en: We are sharing information about a vulnerability in %s %s.\n", v, p, v, p)
	w("overview:\n  ja: |\n")
	for j := 0; j < 1+r.IntN(2); j++ {
		w("    %s %s の%sにおいて、入力値の検証が不十分なため、リモートから細工されたデータを送信されると、サービス停止や情報漏えいが発生するおそれがあります（ケース%d）。\n\n", v, p, jaNouns[k], j+1)
	}
	w("  en: |\n")
	for j := 0; j < 1+r.IntN(2); j++ {
		w("    Insufficient input validation in the %s of %s %s lets a remote attacker send crafted data that may stop the service or disclose information (case %d).\n\n", enNouns[k], v, p, j+1)
	}
	w("scope:\n  product: {ja: %s %s 全バージョン, en: All versions of %s %s}\n", v, p, v, p)
	w("  condition: {ja: インターネットに公開している環境, en: Deployments reachable from the internet}\n")
	w("applicability:\n  conditions:\n    - {ja: %s を利用している, en: You run %s}\n    - {ja: 管理画面を外部に公開している, en: Its management interface is exposed}\n", p, p)
	w("  otherwise: {ja: 静観でOK, en: No action needed}\n")
	w("response:\n  ja: 修正版へ更新してください。\n  en: Update to a fixed version.\n")
	w("actions:\n")
	steps := [][2]string{
		{"対象のサーバーを洗い出してください。", "Identify the affected servers."},
		{"ベンダーが公開した修正版 %d.%d.%d へ更新してください。", "Update to the fixed version %d.%d.%d released by the vendor."},
		{"更新できない場合は、管理画面へのアクセスを社内ネットワークに限定してください。", "If you cannot update, restrict access to the management interface to the internal network."},
		{"過去30日間のアクセスログに不審な通信がないか確認してください。", "Check the last 30 days of access logs for suspicious requests."},
		{"対応結果をセキュリティ窓口へ報告してください。", "Report the result to the security desk."},
	}
	maj, mnr, pat := 1+r.IntN(9), r.IntN(20), r.IntN(50)
	for j, s := range steps {
		ja, en := s[0], s[1]
		if j == 1 {
			ja, en = fmt.Sprintf(ja, maj, mnr, pat), fmt.Sprintf(en, maj, mnr, pat)
		}
		w("  - ja: %s\n    en: %s\n", ja, en)
	}
	w("references:\n")
	for j := 0; j < 3; j++ {
		w("  - title: {ja: ベンダーアドバイザリ %d, en: Vendor advisory %d}\n    url: https://psirt.example.com/advisories/%d-%d\n", j+1, j+1, i, j)
	}
	return id, []byte(b.String())
}

// Write writes n synthetic records to dir as <id>.yaml.
func Write(dir string, seed uint64, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		id, data := Record(seed, i)
		if err := os.WriteFile(filepath.Join(dir, id+".yaml"), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
