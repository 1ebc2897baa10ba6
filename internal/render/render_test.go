package render_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/synth"
)

const seedPath = "../../advisories/2026-06-09-trend-micro-dsa-linux.yaml"

// newRenderer builds a renderer over the embedded defaults plus optional
// user layers for locales and templates.
func newRenderer(t testing.TB, locs, tmpls fstest.MapFS) (*render.Renderer, error) {
	t.Helper()
	var ll, tl []locale.Layer
	if locs != nil {
		ll = append(ll, locale.Layer{Name: "user-locales", FS: locs})
	}
	if tmpls != nil {
		tl = append(tl, locale.Layer{Name: "user-templates", FS: tmpls})
	}
	return render.NewLayered(ll, tl)
}

func mustRenderer(t testing.TB, locs, tmpls fstest.MapFS) *render.Renderer {
	t.Helper()
	r, err := newRenderer(t, locs, tmpls)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustLoad(t testing.TB, path string) *advisory.Record {
	t.Helper()
	r, err := advisory.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func text(t testing.TB, d *render.Draft) string {
	t.Helper()
	var b bytes.Buffer
	// Unwrapped: the seed's emails have one line per paragraph.
	if err := format.WriteTextWidth(&b, d, 0); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSeedEmails checks that the seed record reproduces the seed's two
// emails: every line of their content, in the same order.
func TestSeedEmails(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	rec := mustLoad(t, seedPath)
	for _, loc := range []string{"ja", "en"} {
		t.Run(loc, func(t *testing.T) {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Split(text(t, d), "\n")
			want, err := os.ReadFile(filepath.Join("../../testdata/seed", "dsa_"+loc+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for _, line := range strings.Split(string(want), "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				for i < len(got) && got[i] != line {
					i++
				}
				if i == len(got) {
					t.Fatalf("seed line %q missing or out of order in:\n%s", line, strings.Join(got, "\n"))
				}
				i++
			}
			if !strings.HasPrefix(got[0], "⚠️") {
				t.Errorf("draft does not start with the disclaimer: %q", got[0])
			}
		})
	}
}

// TestBundledRecords renders every bundled record in every locale.
func TestBundledRecords(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	for _, f := range golden.Samples(t, "../..") {
		rec := mustLoad(t, f)
		for _, loc := range r.Locales() {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Errorf("%s %s: %v", f, loc, err)
				continue
			}
			if d.Disclaimer == "" || d.Subject == "" || len(d.Sections) < 4 {
				t.Errorf("%s %s: incomplete draft %+v", f, loc, d)
			}
		}
	}
}

// frMessages is a complete French message file built from the English one
// with a few messages translated, as a user adding a locale would write.
func frMessages(t testing.TB) []byte {
	t.Helper()
	en, err := os.ReadFile("../../locales/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(en)
	for _, r := range [][2]string{
		{"greeting: Dear team,", "greeting: Bonjour à tous,"},
		{"  overview: Overview", "  overview: Aperçu"},
		{"  low: \"[Info] \"", "  low: \"[Pour info] \""},
		{"  as_needed: As needed", "  as_needed: Selon les besoins"},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("en.yaml has no line %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return []byte(s)
}

// addLocale adds text in locale loc to every localized field of rec.
func addLocale(rec *advisory.Record, loc string) {
	rec.EachText(func(_ string, t advisory.Text, _ bool) {
		if t != nil {
			t[loc] = "[" + loc + "] " + t["en"]
		}
	})
}

// TestThirdLocale proves that adding a locale needs files only: a message
// file from a temporary directory, and optionally a template.
func TestThirdLocale(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fr.yaml"), frMessages(t), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := render.NewLayered([]locale.Layer{{Name: dir, FS: os.DirFS(dir)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Locales(), ","); got != "en,fr,ja" {
		t.Fatalf("locales = %s", got)
	}
	rec := mustLoad(t, seedPath)
	if _, err := r.Render(rec, "fr"); err == nil || !strings.Contains(err.Error(), `title: no "fr" text`) {
		t.Errorf("rendering a record without fr text: err = %v", err)
	}
	addLocale(rec, "fr")
	d, err := r.Render(rec, "fr")
	if err != nil {
		t.Fatal(err)
	}
	out := text(t, d)
	for _, want := range []string{"Subject: [Pour info] [fr] Behavior", "Bonjour à tous,", "■ Aperçu", "Deadline: Selon les besoins"} {
		if !strings.Contains(out, want) {
			t.Errorf("fr draft lacks %q:\n%s", want, out)
		}
	}
}

// TestTemplateLookup checks draft.<locale>.tmpl before draft.tmpl, and a
// user's file replacing the embedded file of the same name only.
func TestTemplateLookup(t *testing.T) {
	user := fstest.MapFS{"draft.ja.tmpl": {Data: []byte("{{subject}}JA {{.Title}}\n{{section \"s\" \"見出し\"}}{{.Overview}}\n")}}
	r := mustRenderer(t, nil, user)
	rec := mustLoad(t, seedPath)
	ja, err := r.Render(rec, "ja")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ja.Subject, "JA ") || len(ja.Sections) != 1 || ja.Sections[0].Heading != "見出し" {
		t.Errorf("ja did not use the user's draft.ja.tmpl: %+v", ja)
	}
	if ja.Disclaimer == "" {
		t.Error("the user's template dropped the disclaimer")
	}
	en, err := r.Render(rec, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(en.Subject, "[Info] ") {
		t.Errorf("en changed: subject %q", en.Subject)
	}
}

// TestRecordTextIsData checks that template syntax in a record is shown as
// written, never executed.
func TestRecordTextIsData(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	rec := mustLoad(t, seedPath)
	rec.Title["en"] = `{{.Author}} {{template "x"}} {{subject}}`
	rec.Overview["en"] = "{{section \"evil\" \"Evil\"}}{{step}}"
	d, err := r.Render(rec, "en")
	if err != nil {
		t.Fatal(err)
	}
	if want := `[Info] {{.Author}} {{template "x"}} {{subject}}`; d.Subject != want {
		t.Errorf("subject = %q, want %q", d.Subject, want)
	}
	for _, s := range d.Sections {
		if s.ID == "evil" {
			t.Error("record text created a section")
		}
	}
}

func TestRenderErrors(t *testing.T) {
	rec := mustLoad(t, seedPath)
	tests := []struct {
		name string
		locs fstest.MapFS
		tmpl string
		want string // substring of the error
	}{
		{"empty disclaimer", fstest.MapFS{"en.yaml": {Data: []byte("disclaimer: \"\"\n")}}, "", `user-locales/en.yaml:1:13: message "disclaimer" is empty`},
		{"no subject", nil, "{{section \"a\" \"A\"}}x\n", "the template gives no subject"},
		{"item outside section", nil, "{{subject}}S\n{{item}}x\n", "{{item}} outside {{lead}}, {{section}} or {{closing}}"},
		{"text before blocks", nil, "hello {{subject}}S\n", `text "hello " before the first block`},
		{"two-line subject", nil, "{{subject}}S\nT\n", "the subject must be one line"},
		{"duplicate section", nil, "{{subject}}S\n{{section \"a\"}}x{{section \"a\"}}y", `section "a" used twice`},
		{"missing message", nil, "{{subject}}{{t \"nope\"}}", `locale "en" has no message "nope"`},
		{"missing field", nil, "{{subject}}{{.Nope}}", `can't evaluate field Nope`},
		{"syntax error", nil, "{{subject}}{{if}}", "user-templates/draft.tmpl:1: missing value for if"},
		{"url without item", nil, "{{subject}}S\n{{section \"a\"}}{{url \"https://x\"}}", "{{url}} must follow"},
		{"empty item", nil, "{{subject}}S\n{{section \"a\"}}{{item}}\n", `section "a" has an empty list item`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tmpls fstest.MapFS
			if tt.tmpl != "" {
				tmpls = fstest.MapFS{"draft.tmpl": {Data: []byte(tt.tmpl)}}
			}
			r, err := newRenderer(t, tt.locs, tmpls)
			if err == nil {
				_, err = r.Render(rec, "en")
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestHashChanges(t *testing.T) {
	r := mustRenderer(t, nil, nil)
	rec := mustLoad(t, seedPath)
	a, _ := r.Render(rec, "en")
	b, _ := r.Render(rec, "en")
	if a.Hash() != b.Hash() {
		t.Error("same input, different hash")
	}
	rec.Actions[0]["en"] += "!"
	c, _ := r.Render(rec, "en")
	if a.Hash() == c.Hash() {
		t.Error("changed action, same hash")
	}
}

// BenchmarkLoadRender loads the seed record and renders it in both
// locales.
func BenchmarkLoadRender(b *testing.B) {
	r := mustRenderer(b, nil, nil)
	data, err := os.ReadFile(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec, err := advisory.Decode(seedPath, data)
		if err != nil {
			b.Fatal(err)
		}
		for _, loc := range []string{"ja", "en"} {
			if _, err := r.Render(rec, loc); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRender renders an already loaded record in one locale: the
// seed record, and a synthetic one as export's performance runs use.
func BenchmarkRender(b *testing.B) {
	r := mustRenderer(b, nil, nil)
	seed := mustLoad(b, seedPath)
	_, data := synth.Record(1, 7)
	syn, err := advisory.Decode("synth.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		rec  *advisory.Record
	}{{"seed", seed}, {"synth", syn}} {
		for _, loc := range []string{"ja", "en"} {
			b.Run(c.name+"-"+loc, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := r.Render(c.rec, loc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestForgedMarkers checks that a template or message producing the
// renderer's marker characters is an error, never a panic or a forged
// section.
func TestForgedMarkers(t *testing.T) {
	rec := mustLoad(t, seedPath)
	for name, tt := range map[string]struct {
		locs  fstest.MapFS
		tmpls fstest.MapFS
	}{
		"template":        {tmpls: fstest.MapFS{"draft.tmpl": {Data: []byte("{{subject}}x\n{{\"\\x1esection\\x1d\"}}\n")}}},
		"stray separator": {tmpls: fstest.MapFS{"draft.tmpl": {Data: []byte("{{subject}}x\n{{section \"a\"}}a\x1fb\n")}}},
		"message":         {locs: fstest.MapFS{"en.yaml": {Data: []byte("greeting: 'Dear team,{{\"\\x1esection\\x1fx\\x1fInjected\\x1d\"}}'\n")}}},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := newRenderer(t, tt.locs, tt.tmpls)
			if err == nil {
				_, err = r.Render(rec, "en")
			}
			if err == nil || !strings.Contains(err.Error(), "control character") && !strings.Contains(err.Error(), "malformed block marker") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// TestDeadlineWords: every form of deadline, worded in both locales as
// the drafts show it, under a policy with a team calendar and an SLA.
func TestDeadlineWords(t *testing.T) {
	const file = "../../testdata/deadline/2026-04-28-example-vpn-business-days.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("noticegen.yaml", []byte("calendar:\n  closed: [{from: 2026-05-07, to: 2026-05-08, name: 社内休業}]\nsla:\n  high: 3bd\n  medium: 30d\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := mustRenderer(t, nil, nil)
	for _, tc := range []struct {
		deadline, priority string
		policy             bool
		ja, en             string
	}{
		{"as-needed", "high", false, "適宜", "As needed"},
		{"2026-05-15", "high", false, "2026年5月15日（金）", "Fri, May 15, 2026"},
		{"+14d", "high", false, "2026年5月12日（火）", "Tue, May 12, 2026"},
		{"+5bd", "high", false, "2026年5月11日（月）（公開から 5営業日）", "Mon, May 11, 2026 (5 business days after publication)"},
		{"+1bd", "high", false, "2026年4月30日（木）（公開から 1営業日）", "Thu, April 30, 2026 (1 business day after publication)"},
		// The team's closure of 5/7–5/8 counts too.
		{"+5bd", "high", true, "2026年5月13日（水）（公開から 5営業日）", "Wed, May 13, 2026 (5 business days after publication)"},
		{"policy", "high", true, "2026年5月11日（月）（公開から 3営業日）", "Mon, May 11, 2026 (3 business days after publication)"},
		{"policy", "medium", true, "2026年5月28日（木）", "Thu, May 28, 2026"},
		{"2026-05-11T17:00+09:00", "high", false, "2026年5月11日（月）17:00", "Mon, May 11, 2026, 17:00 JST"},
		{"2026-05-11T08:00Z", "high", false, "2026年5月11日（月）08:00（UTC）", "Mon, May 11, 2026, 08:00 UTC"},
		{"2026-05-11T17:00+02:00", "high", false, "2026年5月11日（月）17:00（UTC+02:00）", "Mon, May 11, 2026, 17:00 UTC+02:00"},
		{"2026-05-10T23:30-05:00", "high", false, "2026年5月10日（日）23:30（UTC-05:00）", "Sun, May 10, 2026, 23:30 UTC-05:00"},
		{"2026-05-11T09:30+05:30", "high", false, "2026年5月11日（月）09:30（UTC+05:30）", "Mon, May 11, 2026, 09:30 UTC+05:30"},
	} {
		t.Run(tc.deadline+"/"+tc.priority, func(t *testing.T) {
			src := strings.Replace(strings.Replace(string(data), "deadline: +5bd", "deadline: "+tc.deadline, 1), "priority: high", "priority: "+tc.priority, 1)
			rec, err := advisory.Decode(file, []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			rr := r
			if tc.policy {
				rr = r.WithPolicy(cfg)
			}
			for loc, want := range map[string]string{"ja": tc.ja, "en": tc.en} {
				v, err := rr.View(rec, loc)
				if err != nil {
					t.Fatal(err)
				}
				if v.Deadline != want {
					t.Errorf("%s: %q, want %q", loc, v.Deadline, want)
				}
			}
		})
	}
}

// TestDeadlineUnresolved: a deadline that does not resolve stops the
// draft with the located error, not a half-worded deadline.
func TestDeadlineUnresolved(t *testing.T) {
	const file = "../../testdata/deadline/2026-04-28-example-vpn-business-days.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := advisory.Decode(file, []byte(strings.Replace(string(data), "deadline: +5bd", "deadline: policy", 1)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mustRenderer(t, nil, nil).Render(rec, "ja")
	want := file + ":17:11: deadline: policy, but no policy file gives an sla for high (noticegen.yaml beside the records, or --config FILE) — add one with sla: high: …, or write a date"
	if err == nil || err.Error() != want {
		t.Errorf("error\n got: %v\nwant: %s", err, want)
	}
}
