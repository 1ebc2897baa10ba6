package changes_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/render"
)

// base is the version of a record the cases change.
const base = `id: x-1
category: vulnerability
author: sato
published: 2026-06-20
source: {name: Example PSIRT, language: en}
vendor: Example Corp
product: Widget Server
platforms: [Linux]
cves: [CVE-2026-1001]
priority: medium
deadline: 2026-06-30
title: {ja: 題, en: Title}
summary: {ja: 要約, en: Summary}
lead: {ja: 導入, en: Lead}
overview: {ja: 概要, en: Overview}
scope:
  product: {ja: 製品, en: Product}
  condition: {ja: 条件, en: Condition}
  status:
    - {status: affected, products: [Widget Server, Widget Lite], versions: ["vers:generic/>=2.9|<=4.1"], fixed_in: ["4.2"]}
    - {status: not_affected, products: [Widget Desktop], justification: component_not_present}
applicability:
  conditions:
    - {ja: 使っている, en: You use it}
  otherwise: {ja: 対応は不要です, en: No action needed}
actions:
  - {ja: 4.2 に更新してください。, en: Update to 4.2.}
  - {ja: 管理画面を制限してください。, en: Restrict the console.}
references:
  - title: {ja: 公式, en: Official}
    url: https://example.com/a
  - title: {ja: 報道, en: News}
`

func load(t *testing.T, data string) *advisory.Record {
	t.Helper()
	r, err := advisory.Decode("x.yaml", []byte(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return r
}

// edit applies replacements (old, new, old, new …) to base, each of which
// must be found.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%q not in the base record", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestCompare(t *testing.T) {
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	cat := r.Catalog()
	for _, tc := range []struct {
		name  string
		pairs []string
		// want: per change, its String(), its path, then its Japanese and
		// English sentences.
		want [][4]string
	}{
		{"wording only", []string{
			"title: {ja: 題, en: Title}", "title: {ja: 新しい題, en: New title}",
			"overview: {ja: 概要, en: Overview}", "overview: {ja: 概要を書き直しました, en: A new overview}",
			"en: Update to 4.2.}", "en: \"Update  to\\n4.2.\"}",
			"ja: 4.2 に更新してください。", "ja: ４．２ に更新してください。",
			"title: {ja: 公式, en: Official}", "title: {ja: ベンダー公式, en: Vendor's page}",
		}, nil},
		{"the same due date, written as a span", []string{"deadline: 2026-06-30", "deadline: +10d"}, nil},
		{"statuses regrouped", []string{
			"    - {status: affected, products: [Widget Server, Widget Lite], versions: [\"vers:generic/>=2.9|<=4.1\"], fixed_in: [\"4.2\"]}\n",
			"    - {status: affected, products: [Widget Lite], versions: [\"vers:generic/>=2.9|<=4.1\"], fixed_in: [\"4.2\"]}\n" +
				"    - {status: affected, products: [Widget Server], versions: [\"vers:generic/>=2.9|<=4.1\"], fixed_in: [\"4.2\"]}\n",
		}, nil},
		{"a translation added", []string{"en: Restrict the console.}", "en: Restrict the console., fr: Restreignez la console.}"}, nil},
		{"deadline later", []string{"deadline: 2026-06-30", "deadline: 2026-07-10"}, [][4]string{{
			"deadline: 2026-06-30 → 2026-07-10", "deadline",
			"対応期限を 2026年6月30日（火）から 2026年7月10日（金）に延長しました。",
			"Extended the deadline from Tue, June 30, 2026 to Fri, July 10, 2026.",
		}}},
		{"deadline earlier", []string{"deadline: 2026-06-30", "deadline: +5d"}, [][4]string{{
			"deadline: 2026-06-30 → 2026-06-25", "deadline",
			"対応期限を 2026年6月30日（火）から 2026年6月25日（木）に前倒ししました。",
			"Moved the deadline up from Tue, June 30, 2026 to Thu, June 25, 2026.",
		}}},
		{"deadline removed", []string{"deadline: 2026-06-30", "deadline: as-needed"}, [][4]string{{
			"deadline: 2026-06-30 → as-needed", "deadline",
			"対応期限を 2026年6月30日（火）から「適宜」に変更しました。",
			"Removed the deadline of Tue, June 30, 2026: act as needed.",
		}}},
		{"priority raised and a CVE added", []string{"priority: medium", "priority: critical", "cves: [CVE-2026-1001]", "cves: [CVE-2026-1001, CVE-2026-1002]"}, [][4]string{{
			"priority: medium → critical", "priority",
			"対応優先度を「中」から「緊急」に引き上げました。",
			"Raised the priority from Medium to Critical.",
		}, {
			"cves: added CVE-2026-1002", "cves[1]",
			"対象の脆弱性に CVE-2026-1002 を追加しました。",
			"Added CVE-2026-1002 to the vulnerabilities concerned.",
		}}},
		{"priority lowered, a CVE removed", []string{"priority: medium", "priority: low", "cves: [CVE-2026-1001]", "cves: []"}, [][4]string{{
			"priority: medium → low", "priority",
			"対応優先度を「中」から「低」に引き下げました。",
			"Lowered the priority from Medium to Low.",
		}, {
			"cves: removed CVE-2026-1001", "cves",
			"対象の脆弱性から CVE-2026-1001 を除外しました。",
			"Removed CVE-2026-1001 from the vulnerabilities concerned.",
		}}},
		{"vendor, product, platforms", []string{"vendor: Example Corp", "vendor: Example Holdings", "product: Widget Server", "product: Widget Server Pro", "platforms: [Linux]", "platforms: [Windows]"}, [][4]string{{
			"vendor: Example Corp → Example Holdings", "vendor",
			"ベンダー名を「Example Corp」から「Example Holdings」に変更しました。",
			"Changed the vendor from Example Corp to Example Holdings.",
		}, {
			"product: Widget Server → Widget Server Pro", "product",
			"製品名を「Widget Server」から「Widget Server Pro」に変更しました。",
			"Changed the product from Widget Server to Widget Server Pro.",
		}, {
			"platforms: added Windows", "platforms",
			"対象プラットフォームに Windows を追加しました。",
			"Added Windows to the platforms concerned.",
		}, {
			"platforms: removed Linux", "platforms",
			"対象プラットフォームから Linux を除外しました。",
			"Removed Linux from the platforms concerned.",
		}}},
		{"products added and removed", []string{
			"    - {status: not_affected, products: [Widget Desktop], justification: component_not_present}\n",
			"    - {status: affected, products: [Widget Gateway, Widget Edge], versions: [\"*\"], cves: [CVE-2026-1001]}\n    - {status: under_investigation, products: [Widget Cloud]}\n",
		}, [][4]string{{
			"scope.status: added Widget Gateway, Widget Edge (CVE-2026-1001): affected, versions *", "scope.status[1]",
			"影響範囲に Widget Gateway、Widget Edge（CVE-2026-1001）を「影響あり」として追加しました（対象バージョン：すべてのバージョン）。",
			"Added Widget Gateway, Widget Edge (CVE-2026-1001) to the scope as affected (all versions).",
		}, {
			"scope.status: added Widget Cloud: under_investigation", "scope.status[2]",
			"影響範囲に Widget Cloud を「調査中」として追加しました。",
			"Added Widget Cloud to the scope as under investigation.",
		}, {
			"scope.status: removed Widget Desktop: not_affected", "scope.status",
			"影響範囲から「影響なし」としていた Widget Desktop を削除しました。",
			"Removed Widget Desktop, listed as not affected, from the scope.",
		}}},
		{"a status changed", []string{"{status: not_affected, products: [Widget Desktop], justification: component_not_present}", "{status: affected, products: [Widget Desktop]}"}, [][4]string{{
			"scope.status: Widget Desktop: not_affected → affected", "scope.status[1]",
			"Widget Desktop の状態を「影響なし」から「影響あり」に変更しました。",
			"Changed the status of Widget Desktop from not affected to affected.",
		}}},
		{"versions, fixed versions and justification", []string{
			`versions: ["vers:generic/>=2.9|<=4.1"], fixed_in: ["4.2"]}`, `versions: ["vers:generic/<=4.1"], fixed_in: ["4.2.1"]}`,
			"justification: component_not_present", "justification: vulnerable_code_not_present",
		}, [][4]string{{
			"scope.status: Widget Server, Widget Lite (affected): versions vers:generic/>=2.9|<=4.1 → vers:generic/<=4.1", "scope.status[0]",
			"「影響あり」とした Widget Server、Widget Lite の対象バージョンを「2.9 以上 4.1 以下」から「4.1 以下」に変更しました。",
			"Changed the versions of Widget Server, Widget Lite listed as affected from 2.9 through 4.1 to 4.1 and earlier.",
		}, {
			"scope.status: Widget Server, Widget Lite (affected): fixed in 4.2 → 4.2.1", "scope.status[0]",
			"Widget Server、Widget Lite の修正版を「4.2」から「4.2.1」に変更しました。",
			"Changed the fixed version of Widget Server, Widget Lite from 4.2 to 4.2.1.",
		}, {
			"scope.status: Widget Desktop (not_affected): justification component_not_present → vulnerable_code_not_present", "scope.status[1]",
			"Widget Desktop が影響を受けない理由を「該当するコンポーネントを含まない」から「脆弱なコードを含まない」に変更しました。",
			"Changed the reason Widget Desktop is not affected from “the component is not present” to “the vulnerable code is not present”.",
		}}},
		{"a fixed version removed, one given", []string{`fixed_in: ["4.2"]`, `fixed_in: []`,
			"{status: not_affected, products: [Widget Desktop], justification: component_not_present}",
			"{status: not_affected, products: [Widget Desktop], justification: component_not_present}\n    - {status: affected, products: [Widget Mobile], versions: [\"3.0\"]}"}, [][4]string{{
			"scope.status: Widget Server, Widget Lite (affected): fixed in 4.2 → (none)", "scope.status[0]",
			"Widget Server、Widget Lite の修正版（4.2）の記載を削除しました。",
			"Removed the fixed version of Widget Server, Widget Lite (4.2).",
		}, {
			"scope.status: added Widget Mobile: affected, versions 3.0", "scope.status[2]",
			"影響範囲に Widget Mobile を「影響あり」として追加しました（対象バージョン：3.0）。",
			"Added Widget Mobile to the scope as affected (3.0).",
		}}},
		{"a status changed, one for a CVE added", []string{"{status: not_affected, products: [Widget Desktop], justification: component_not_present}",
			"{status: affected, products: [Widget Desktop]}\n    - {status: affected, products: [Widget Desktop], versions: [\"1.0\"], fixed_in: [\"1.1\"], cves: [CVE-2026-1001]}"}, [][4]string{{
			"scope.status: Widget Desktop: not_affected → affected", "scope.status[1]",
			"Widget Desktop の状態を「影響なし」から「影響あり」に変更しました。",
			"Changed the status of Widget Desktop from not affected to affected.",
		}, {
			"scope.status: added Widget Desktop (CVE-2026-1001): affected, versions 1.0, fixed in 1.1", "scope.status[2]",
			"影響範囲に Widget Desktop（CVE-2026-1001）を「影響あり」として追加しました（対象バージョン：1.0、修正版：1.1）。",
			"Added Widget Desktop (CVE-2026-1001) to the scope as affected (1.0), fixed in 1.1.",
		}}},
		{"actions inserted, changed and removed", []string{
			"  - {ja: 4.2 に更新してください。, en: Update to 4.2.}\n  - {ja: 管理画面を制限してください。, en: Restrict the console.}\n",
			"  - {ja: 影響を確認してください。, en: Check whether you are affected.}\n  - {ja: 4.2 に更新してください。, en: Update to 4.2.}\n  - {ja: 管理画面を停止してください。, en: Restrict the console.}\n  - {ja: ログを確認してください。, en: Review the logs.}\n",
		}, [][4]string{{
			"actions: added steps 1, 4", "actions[0]",
			"対応手順 1、4 を追加しました。",
			"Added steps 1, 4 to the recommended actions.",
		}, {
			"actions: changed step 3 (ja)", "actions[2]",
			"対応手順 3 の内容を変更しました。",
			"Revised step 3 of the recommended actions.",
		}}},
		{"an action inserted before one reworded", []string{
			"  - {ja: 4.2 に更新してください。, en: Update to 4.2.}\n  - {ja: 管理画面を制限してください。, en: Restrict the console.}\n",
			"  - {ja: 影響を確認してください。, en: Check whether you are affected.}\n  - {ja: 4.2 以降に更新してください。, en: Update to 4.2 or later.}\n  - {ja: 管理画面を制限してください。, en: Restrict the console.}\n",
		}, [][4]string{{
			"actions: added step 1", "actions[0]",
			"対応手順 1 を追加しました。",
			"Added step 1 to the recommended actions.",
		}, {
			"actions: changed step 2 (en, ja)", "actions[1]",
			"対応手順 2 の内容を変更しました。",
			"Revised step 2 of the recommended actions.",
		}}},
		{"an action replaced by another", []string{"  - {ja: 管理画面を制限してください。, en: Restrict the console.}\n",
			"  - {ja: 侵害の痕跡がないかログを調査してください。, en: Search the logs for signs of compromise.}\n"}, [][4]string{{
			"actions: added step 2", "actions[1]",
			"対応手順 2 を追加しました。",
			"Added step 2 to the recommended actions.",
		}, {
			"actions: removed step 2 (as numbered before)", "actions",
			"従来の対応手順 2 を削除しました。",
			"Removed former step 2 from the recommended actions.",
		}}},
		{"an action removed", []string{"  - {ja: 4.2 に更新してください。, en: Update to 4.2.}\n", ""}, [][4]string{{
			"actions: removed step 1 (as numbered before)", "actions",
			"従来の対応手順 1 を削除しました。",
			"Removed former step 1 from the recommended actions.",
		}}},
		{"references", []string{"    url: https://example.com/a\n", "    url: https://example.com/b\n"}, [][4]string{{
			"references: added https://example.com/b", "references[0]",
			"参考情報に「公式」を追加しました。",
			"Added a reference: Official.",
		}, {
			"references: removed https://example.com/a", "references",
			"参考情報から「公式」を削除しました。",
			"Removed a reference: Official.",
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := changes.Of(load(t, base), nil), changes.Of(load(t, edit(t, tc.pairs...)), nil)
			list := changes.Compare(old, new)
			ja, err := changes.Word(cat, "ja", list)
			if err != nil {
				t.Fatal(err)
			}
			en, err := changes.Word(cat, "en", list)
			if err != nil {
				t.Fatal(err)
			}
			var got [][4]string
			for i, c := range list {
				got = append(got, [4]string{c.String(), c.Path, ja[i], en[i]})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			// The other way round, the same facts changed.
			if back := changes.Compare(new, old); len(back) == 0 != (len(list) == 0) {
				t.Errorf("reversed: %v", back)
			}
		})
	}
}

// TestFactsJSON: facts kept as JSON (as the review log keeps them) read
// back as the same facts, marshal to the same bytes, and pass Check;
// facts of another version or with unknown values do not.
func TestFactsJSON(t *testing.T) {
	f := changes.Of(load(t, base), nil)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var back changes.Facts
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Check(); err != nil {
		t.Error(err)
	}
	if c := changes.Compare(&back, f); len(c) != 0 {
		t.Errorf("facts read back differ: %v", c)
	}
	again, _ := json.Marshal(&back)
	if string(again) != string(b) {
		t.Errorf("marshalled again:\n%s\nwant\n%s", again, b)
	}
	for _, bad := range []changes.Facts{
		{V: 2, Priority: "low", Deadline: "as-needed"},
		{V: 1, Priority: "urgent", Deadline: "as-needed"},
		{V: 1, Priority: "low", Deadline: "soon"},
		{V: 1, Priority: "low", Deadline: "as-needed", Status: []changes.Status{{Product: "P", Status: "broken"}}},
	} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// TestFactsDeadline: the deadline fact is the day (and time) the drafts
// give, under the policy they are rendered with: every form a record may
// write, the team calendar and the sla counted; one that does not resolve
// is kept as written. Every one passes Check once read back as the review
// log keeps it, so that an approval of any record can be logged.
func TestFactsDeadline(t *testing.T) {
	policy, err := config.Parse("noticegen.yaml", []byte("sla: {critical: 2bd, medium: 10d}\ncalendar:\n  closed: [2026-06-22]\n"))
	if err != nil {
		t.Fatal(err)
	}
	critical, err := config.Parse("noticegen.yaml", []byte("sla: {critical: 2bd}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		deadline string
		policy   *config.Config
		want     string
	}{
		{"2026-06-30", nil, "2026-06-30"},
		{"2026-06-30T17:00+09:00", nil, "2026-06-30T17:00+09:00"},
		{"2026-06-30T08:00Z", policy, "2026-06-30T08:00Z"},
		{"+10d", nil, "2026-06-30"},
		{"as-needed", policy, "as-needed"},
		// Published on Saturday 2026-06-20: Monday the 22nd is closed.
		{"+2bd", nil, "2026-06-23"},
		{"+2bd", policy, "2026-06-24"},
		{"policy", policy, "2026-06-30"}, // medium: 10d
		{"policy", nil, "policy"},        // no sla: as written
		{"policy", critical, "policy"},   // no sla for medium
	} {
		rec := load(t, edit(t, "deadline: 2026-06-30", "deadline: "+tc.deadline))
		check(t, tc.deadline, changes.Of(rec, tc.policy), tc.want)
	}
	// Business days that run past 2099 do not resolve: as written.
	rec := load(t, edit(t, "published: 2026-06-20", "published: 2099-12-28", "deadline: 2026-06-30", "deadline: +5bd"))
	check(t, "+5bd from 2099-12-28", changes.Of(rec, nil), "+5bd")
}

// check tests the deadline fact of f and that f passes Check as the
// review log reads it back.
func check(t *testing.T, what string, f *changes.Facts, want string) {
	t.Helper()
	if f.Deadline != want {
		t.Errorf("%s: deadline fact %q, want %q", what, f.Deadline, want)
	}
	b, _ := json.Marshal(f)
	var back changes.Facts
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Check(); err != nil {
		t.Errorf("%s: facts read back: %v", what, err)
	}
}

// TestSummaryDeadline: deadlines with a time are worded as drafts word
// them, and ordered as they fall: a date alone lasts the whole day.
func TestSummaryDeadline(t *testing.T) {
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		old, new string
		want     advisory.Text
	}{
		{"2026-06-30", "2026-06-30T17:00+09:00", advisory.Text{
			"ja": "対応期限を 2026年6月30日（火）から 2026年6月30日（火）17:00に前倒ししました。",
			"en": "Moved the deadline up from Tue, June 30, 2026 to Tue, June 30, 2026, 17:00 JST.",
		}},
		{"2026-06-30T17:00+09:00", "2026-06-30T09:00Z", advisory.Text{
			"ja": "対応期限を 2026年6月30日（火）17:00から 2026年6月30日（火）09:00（UTC）に延長しました。",
			"en": "Extended the deadline from Tue, June 30, 2026, 17:00 JST to Tue, June 30, 2026, 09:00 UTC.",
		}},
		{"2026-06-30T17:00+09:00", "2026-06-29", advisory.Text{
			"ja": "対応期限を 2026年6月30日（火）17:00から 2026年6月29日（月）に前倒ししました。",
			"en": "Moved the deadline up from Tue, June 30, 2026, 17:00 JST to Mon, June 29, 2026.",
		}},
	} {
		a := load(t, edit(t, "deadline: 2026-06-30", "deadline: "+tc.old))
		b := load(t, edit(t, "deadline: 2026-06-30", "deadline: "+tc.new))
		got, err := changes.Summary(r.Catalog(), []string{"ja", "en"}, changes.Compare(changes.Of(a, nil), changes.Of(b, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s → %s (-want +got):\n%s", tc.old, tc.new, diff)
		}
	}
}

// TestSummary: one sentence per line, per locale.
func TestSummary(t *testing.T) {
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	list := changes.Compare(changes.Of(load(t, base), nil), changes.Of(load(t, edit(t, "priority: medium", "priority: high", "deadline: 2026-06-30", "deadline: 2026-06-27")), nil))
	got, err := changes.Summary(r.Catalog(), []string{"ja", "en"}, list)
	if err != nil {
		t.Fatal(err)
	}
	want := advisory.Text{
		"ja": "対応期限を 2026年6月30日（火）から 2026年6月27日（土）に前倒ししました。\n対応優先度を「中」から「高」に引き上げました。",
		"en": "Moved the deadline up from Tue, June 30, 2026 to Sat, June 27, 2026.\nRaised the priority from Medium to High.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzCompare: for any two records that load, Compare does not fail,
// finds nothing between a record and itself, finds changes both ways or
// neither, and every change is worded in every locale.
func FuzzCompare(f *testing.F) {
	f.Add([]byte(base), []byte(strings.Replace(base, "priority: medium", "priority: high", 1)))
	f.Add([]byte(base), []byte(strings.Replace(base, "  - {ja: 4.2 に更新してください。, en: Update to 4.2.}\n", "", 1)))
	f.Add([]byte(strings.Replace(base, "deadline: 2026-06-30", "deadline: policy", 1)), []byte(strings.Replace(base, "deadline: 2026-06-30", "deadline: 2026-06-30T17:00+09:00", 1)))
	r, err := render.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ra, err := advisory.Decode("a.yaml", a)
		if err != nil {
			return
		}
		rb, err := advisory.Decode("b.yaml", b)
		if err != nil {
			return
		}
		fa, fb := changes.Of(ra, nil), changes.Of(rb, nil)
		// What an approval logs reads back as valid facts.
		js, _ := json.Marshal(fa)
		var back changes.Facts
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatal(err)
		}
		if err := back.Check(); err != nil {
			t.Fatalf("facts of a record that loads do not pass Check: %v", err)
		}
		if c := changes.Compare(fa, fa); len(c) != 0 {
			t.Fatalf("a record differs from itself: %v", c)
		}
		ab, ba := changes.Compare(fa, fb), changes.Compare(fb, fa)
		if (len(ab) == 0) != (len(ba) == 0) {
			t.Fatalf("a→b %v, b→a %v", ab, ba)
		}
		for _, loc := range r.Locales() {
			if _, err := changes.Word(r.Catalog(), loc, ab); err != nil {
				t.Fatal(err)
			}
		}
	})
}
