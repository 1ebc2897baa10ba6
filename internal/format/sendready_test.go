package format_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/render"
)

// goldenApprovals are the approvals of the approved goldens: two
// reviewers, on two days.
var goldenApprovals = []render.Approval{
	{Reviewer: "suzuki", At: time.Date(2026, 6, 9, 8, 0, 0, 0, time.FixedZone("JST", 9*3600))},
	{Reviewer: "tanaka", At: time.Date(2026, 6, 10, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))},
}

func sendReady(t *testing.T, d *render.Draft) *render.Draft {
	t.Helper()
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	sr, err := r.SendReady(d, goldenApprovals)
	if err != nil {
		t.Fatal(err)
	}
	return sr
}

// TestSendReadyGolden compares the approved, send-ready seed drafts (the
// disclosure naming both reviewers in the disclaimer's place) as plain
// text and HTML with testdata/golden/dsa_<locale>_approved.<ext>.
func TestSendReadyGolden(t *testing.T) {
	h := newHTML(t)
	for _, d := range seedDrafts(t) {
		o, err := h.Outputs(sendReady(t, d))
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, fmt.Sprintf("../../testdata/golden/dsa_%s_approved.txt", d.Locale), o.Text)
		golden.Check(t, fmt.Sprintf("../../testdata/golden/dsa_%s_approved.html", d.Locale), o.HTML)
	}
}

var noticeHTML = regexp.MustCompile(`(?s)<blockquote class="ng-note"[^>]*>.*?</blockquote>\n`)

// TestSendReadyChangesOnlyTheNotice: in every format, the send-ready
// draft is the approved one with the disclaimer's slot filled by the
// disclosure, and nothing else changed: with that slot cut out of both,
// the bytes are the same. This is what lets an approval of the draft with
// the disclaimer stand for the send-ready files (see review.Take).
func TestSendReadyChangesOnlyTheNotice(t *testing.T) {
	h := newHTML(t)
	for _, d := range bundledDrafts(t) {
		name := d.RecordID + " " + d.Locale
		sr := sendReady(t, d)
		a, err := h.Outputs(d)
		if err != nil {
			t.Fatal(err)
		}
		b, err := h.Outputs(sr)
		if err != nil {
			t.Fatal(err)
		}
		notice := func(s string) string { return strings.Join(format.Wrap(s, format.Width, "", ""), "\n") + "\n" }
		// Plain text and the .eml text part: the notice's lines first.
		for _, p := range []struct {
			what string
			a, b []byte
		}{{"txt", a.Text, b.Text}, {"body", a.TextBody, b.TextBody}} {
			restA, okA := strings.CutPrefix(string(p.a), notice(d.Disclaimer))
			restB, okB := strings.CutPrefix(string(p.b), notice(sr.Disclosure))
			if !okA || !okB || restA != restB {
				t.Errorf("%s %s: differs beyond the notice (%v %v)", name, p.what, okA, okB)
			}
		}
		// Markdown: the blockquote under the subject heading.
		cutQuote := func(md []byte) (string, string) {
			lines := strings.SplitAfter(string(md), "\n")
			i := 2 // "# subject", ""
			j := i
			for j < len(lines) && strings.HasPrefix(lines[j], ">") {
				j++
			}
			return strings.Join(lines[i:j], ""), strings.Join(lines[:i], "") + strings.Join(lines[j:], "")
		}
		qa, ma := cutQuote(a.Markdown)
		qb, mb := cutQuote(b.Markdown)
		if ma != mb || !strings.Contains(qa, "> ") || !strings.Contains(qb, "> ") {
			t.Errorf("%s md: differs beyond the notice", name)
		}
		// HTML: the blockquote, once in each document.
		for _, p := range []struct {
			what string
			a, b []byte
		}{{"html", a.HTML, b.HTML}, {"html body", a.HTMLBody, b.HTMLBody}} {
			if len(noticeHTML.FindAll(p.a, -1)) != 1 || len(noticeHTML.FindAll(p.b, -1)) != 1 ||
				string(noticeHTML.ReplaceAll(p.a, nil)) != string(noticeHTML.ReplaceAll(p.b, nil)) {
				t.Errorf("%s %s: differs beyond the notice", name, p.what)
			}
		}
		// JSON: the disclosure is one more field; the content hash is the
		// approved draft's.
		var ja, jb []map[string]any
		if err := json.Unmarshal(a.JSON(), &ja); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b.JSON(), &jb); err != nil {
			t.Fatal(err)
		}
		if jb[0]["disclosure"] != sr.Disclosure || jb[0]["content_hash"] != d.Hash() {
			t.Errorf("%s json: disclosure %v, content hash %v", name, jb[0]["disclosure"], jb[0]["content_hash"])
		}
		delete(jb[0], "disclosure")
		if !reflect.DeepEqual(ja, jb) {
			t.Errorf("%s json: differs beyond the disclosure", name)
		}
	}
}
