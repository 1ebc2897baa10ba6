package render_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/noticegen/noticegen/internal/render"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestDisclosure words the approvals of a draft for its recipients, in
// both locales: one reviewer, several on one day, several days.
func TestDisclosure(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	suzuki := render.Approval{Reviewer: "suzuki", At: at("2026-06-10T09:00:00+09:00")}
	tanaka := render.Approval{Reviewer: "tanaka", At: at("2026-06-10T17:30:00+09:00")}
	sato := render.Approval{Reviewer: "sato", At: at("2026-06-11T10:00:00+09:00")}
	ito := render.Approval{Reviewer: "ito", At: at("2026-06-12T10:00:00+09:00")}
	for _, tc := range []struct {
		name      string
		approvals []render.Approval
		ja, en    string
	}{
		{"one", []render.Approval{suzuki},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki が 2026年6月10日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by suzuki on June 10, 2026."},
		{"two on one day", []render.Approval{suzuki, tanaka},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki、tanaka が 2026年6月10日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by suzuki and tanaka on June 10, 2026."},
		{"two days", []render.Approval{suzuki, sato},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki が 2026年6月10日に、sato が 2026年6月11日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by suzuki on June 10, 2026 and sato on June 11, 2026."},
		{"three days, one with two", []render.Approval{suzuki, tanaka, sato, ito},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki、tanaka が 2026年6月10日に、sato が 2026年6月11日に、ito が 2026年6月12日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by suzuki and tanaka on June 10, 2026, sato on June 11, 2026, and ito on June 12, 2026."},
		// The date is the one of the offset the approval was logged with:
		// 00:30 in Tokyo is the day before in UTC.
		{"date in the logged offset", []render.Approval{{Reviewer: "suzuki", At: at("2026-06-10T00:30:00+09:00")}},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki が 2026年6月10日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by suzuki on June 10, 2026."},
		// Names in kanji take no space before が; the space inside a
		// name is the reviewer's and stays.
		{"kanji names", []render.Approval{{Reviewer: "山田 太郎", At: suzuki.At}, {Reviewer: "鈴木", At: suzuki.At}},
			"このお知らせは、AI が生成した下書きをもとに作成したものです。内容は山田 太郎、鈴木が 2026年6月10日に確認しました。",
			"This notice is based on an AI-generated draft. Its content was reviewed by 山田 太郎 and 鈴木 on June 10, 2026."},
	} {
		for loc, want := range map[string]string{"ja": tc.ja, "en": tc.en} {
			got, err := r.Disclosure(loc, tc.approvals)
			if err != nil || got != want {
				t.Errorf("%s, %s:\n got %q, %v\nwant %q", tc.name, loc, got, err, want)
			}
		}
	}
	if _, err := r.Disclosure("ja", nil); err == nil {
		t.Error("a disclosure without approvals")
	}
	if _, err := r.Disclosure("ja", []render.Approval{{Reviewer: " \u200b", At: suzuki.At}}); err == nil {
		t.Error("a disclosure naming an invisible reviewer")
	}
}

// TestSendReady: the send-ready draft differs from the one rendered only
// in its Disclosure (and has no banner); it hashes as the draft the
// reviewer approved, and Reviewed gives that draft back.
func TestSendReady(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	rec := mustLoad(t, seedPath)
	for _, loc := range []string{"ja", "en"} {
		d, err := r.Render(rec, loc)
		if err != nil {
			t.Fatal(err)
		}
		hash := d.Hash()
		banner := *d
		banner.Banner = "NOT APPROVED"
		sr, err := r.SendReady(&banner, []render.Approval{{Reviewer: "suzuki", At: at("2026-06-10T09:00:00+09:00")}})
		if err != nil {
			t.Fatal(err)
		}
		if sr.Disclosure == "" || sr.Banner != "" || sr.Notice() != sr.Disclosure || d.Notice() != d.Disclaimer {
			t.Errorf("%s: disclosure %q, banner %q, notice %q", loc, sr.Disclosure, sr.Banner, sr.Notice())
		}
		if banner.Banner == "" || banner.Disclosure != "" {
			t.Errorf("%s: SendReady changed its argument", loc)
		}
		if sr.Hash() != hash {
			t.Errorf("%s: the send-ready draft hashes as %s, the approved one as %s", loc, sr.Hash(), hash)
		}
		back := sr.Reviewed()
		if back.Disclosure != "" || back.Disclaimer != d.Disclaimer || back.Hash() != hash {
			t.Errorf("%s: Reviewed() = %+v", loc, back)
		}
		if !strings.Contains(text(t, sr), sr.Disclosure) || strings.Contains(text(t, sr), d.Disclaimer) {
			t.Errorf("%s: the send-ready text:\n%s", loc, text(t, sr))
		}
	}
}

// TestDisclosureOverrides: the disclosure may be reworded, but a wording
// that leaves out who reviewed the draft or when is refused, naming the
// message; so is one that shows nothing but the reviewers' data.
func TestDisclosureOverrides(t *testing.T) {
	approvals := []render.Approval{{Reviewer: "suzuki", At: at("2026-06-10T09:00:00+09:00")}, {Reviewer: "sato", At: at("2026-06-11T09:00:00+09:00")}}
	for _, tc := range []struct {
		name, file, yaml, want string
	}{
		{"reworded", "en.yaml", "disclosure:\n  text: \"Drafted by a machine; checked by {{.Reviews}}.\"\n",
			"Drafted by a machine; checked by suzuki on June 10, 2026 and sato on June 11, 2026."},
		{"no reviews", "ja.yaml", "disclosure:\n  text: 機械生成の下書きです。\n",
			`user-locales/ja.yaml:2:9: message "disclosure.text" of locale "ja" leaves out "suzuki が 2026年6月10日に、sato が 2026年6月11日に"`},
		{"no date", "en.yaml", "disclosure:\n  review: \"{{.Names}}\"\n",
			`user-locales/en.yaml:2:11: message "disclosure.review" of locale "en" leaves out "June 10, 2026"`},
		{"no names", "ja.yaml", "disclosure:\n  review: \"{{.Date}}に\"\n",
			`user-locales/ja.yaml:2:11: message "disclosure.review" of locale "ja" leaves out "suzuki"`},
		{"list drops an item", "en.yaml", "list:\n  and: \"{{.Last}}\"\n",
			`user-locales/en.yaml:2:8: message "list.and" of locale "en" leaves out`},
	} {
		r := mustRenderer(t, fstest.MapFS{tc.file: {Data: []byte(tc.yaml)}}, nil)
		loc := strings.TrimSuffix(tc.file, ".yaml")
		got, err := r.Disclosure(loc, approvals)
		if tc.name == "reworded" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %q, %v; want an error starting %q", tc.name, got, err, tc.want)
		}
	}
}
