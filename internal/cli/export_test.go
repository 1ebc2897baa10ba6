package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/noticegen/noticegen/internal/cli"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// TestSeedEML exports the seed record as .eml in both locales and both
// charsets, compares each with its golden file, and reads it back with
// net/mail and mime/multipart: the subject decodes to the draft's subject
// and the parts come text first, HTML last. The record is approved first
// by two reviewers (noticegen review), so the messages are send-ready:
// no "not approved" marker, and the disclosure naming both reviewers in
// the disclaimer's place.
func TestSeedEML(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "2026-06-09-trend-micro-dsa-linux.yaml")
	data, err := os.ReadFile("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ by, now string }{{"suzuki", "2026-06-09T08:00:00+09:00"}, {"tanaka", "2026-06-09T08:30:00+09:00"}} {
		var approveErr bytes.Buffer
		approve := []string{"review", "approve", "2026-06-09-trend-micro-dsa-linux", "--dir", dir, "--by", a.by, "--now", a.now, "--approvals", "2"}
		if code := cli.Main(approve, nil, io.Discard, &approveErr); code != 0 {
			t.Fatalf("review approve: exit %d: %s", code, approveErr.String())
		}
	}
	subjects := map[string]string{
		"ja": "【共有】Trend Micro Deep Security Agent (DSA) の挙動に関する報告について",
		"en": "[Info] Behavior of Trend Micro Deep Security Agent (DSA) on Linux",
	}
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		out := t.TempDir()
		var stderr bytes.Buffer
		args := []string{"export", seed, "-o", out, "--format", "eml", "--charset", cs, "--now", "2026-06-09T09:00:00+09:00", "--approvals", "2", "--approved-only"}
		if code := cli.Main(args, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", cs, code, stderr.String())
		}
		for loc, subject := range subjects {
			name := fmt.Sprintf("dsa_%s.eml", loc)
			if cs != "utf-8" {
				name = fmt.Sprintf("dsa_%s_iso2022jp.eml", loc)
			}
			data, err := os.ReadFile(filepath.Join(out, "2026-06-09-trend-micro-dsa-linux", loc+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "../../testdata/golden/"+name, data)
			readBack(t, name, data, subject)
			text := textPart(t, name, data)
			want := map[string]string{
				"ja": "このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki、tanaka が 2026年6月9日に確認しました。",
				"en": "This notice is based on an AI-generated draft. Its content was reviewed by suzuki and tanaka on June 9, 2026.",
			}[loc]
			if !strings.HasPrefix(unwrap(text), unwrap(want)) {
				t.Errorf("%s: the text part starts %q, want the disclosure %q", name, text[:min(len(text), 200)], want)
			}
			for _, sender := range []string{"配信前に必ず内容をご確認", "Before sending, check"} {
				if strings.Contains(unwrap(text), sender) {
					t.Errorf("%s: the send-ready message still tells its reader %q", name, sender)
				}
			}
		}
	}
}

// textPart returns the decoded text/plain part of an .eml message.
func textPart(t *testing.T, name string, data []byte) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p, err := multipart.NewReader(msg.Body, params["boundary"]).NextPart()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var r io.Reader = p // multipart decodes quoted-printable, not base64
	if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
		r = base64.NewDecoder(base64.StdEncoding, p)
	}
	_, ps, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
	if strings.EqualFold(ps["charset"], "iso-2022-jp") {
		r = japanese.ISO2022JP.NewDecoder().Reader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// unwrap returns s without white space: wrapped text compares with the
// text before wrapping, wherever the lines were broken.
func unwrap(s string) string { return strings.Join(strings.Fields(s), "") }

// TestRevisionEML exports a follow-up notice (a record with revisions) as
// .eml in both locales, approved first, and compares each with
// testdata/golden/revision_update_<locale>.eml: the subject, encoded per
// RFC 2047, starts with the update prefix before the priority prefix.
func TestRevisionEML(t *testing.T) {
	const id = "2026-06-20-example-widget-update"
	dir, out := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../testdata/revisions/" + id + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+".yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	now := "2026-06-24T09:00:00+09:00"
	var stderr bytes.Buffer
	for _, args := range [][]string{
		{"review", "approve", id, "--dir", dir, "--by", "reviewer", "--now", now},
		{"export", dir, "-o", out, "--format", "eml", "--now", now},
	} {
		if code := cli.Main(args, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
	}
	for loc, subject := range map[string]string{
		"ja": "【更新】【重要】Example Widget Server の脆弱性（CVE-2026-2001）について",
		"en": "[Update] [Important] Example Widget Server vulnerability (CVE-2026-2001)",
	} {
		data, err := os.ReadFile(filepath.Join(out, id, loc+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		name := "revision_update_" + loc + ".eml"
		golden.Check(t, "../../testdata/golden/"+name, data)
		readBack(t, name, data, subject)
	}
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	if strings.EqualFold(cs, "iso-2022-jp") {
		return japanese.ISO2022JP.NewDecoder().Reader(r), nil
	}
	return nil, fmt.Errorf("charset %q", cs)
}}

func readBack(t *testing.T, name string, data []byte, subject string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got, err := wordDecoder.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || got != subject {
		t.Errorf("%s: subject %q, %v; want %q", name, got, err, subject)
	}
	if msg.Header.Get("X-Unsent") != "1" || msg.Header.Get("Message-ID") == "" || msg.Header.Get("Date") == "" {
		t.Errorf("%s: header %v", name, msg.Header)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("%s: content type %q, %v", name, mt, err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		types = append(types, pt)
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Errorf("%s: parts %v, want text/plain then text/html", name, types)
	}
}

// TestApprovedIsExported checks the gate end to end: the files export
// --approved-only writes are the content the approval in the review log
// names, with the disclaimer's slot holding the disclosure. Each exported
// JSON file holds the draft with its disclosure; that draft as reviewed
// (without it) gives, format by format, the bytes whose hashes the
// approval names, and the draft as it is gives the exported files byte
// for byte. (That the disclosure changes nothing but that slot is
// format's TestSendReadyChangesOnlyTheNotice.)
func TestApprovedIsExported(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../advisories/2026-06-09-trend-micro-dsa-linux.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "2026-06-09-trend-micro-dsa-linux.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	now := "2026-06-09T09:00:00+09:00"
	for _, args := range [][]string{
		{"review", "approve", "2026-06-09-trend-micro-dsa-linux", "--dir", dir, "--by", "reviewer", "--now", now},
		{"export", dir, "-o", out, "--approved-only", "--now", now},
	} {
		if code := cli.Main(args, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
	}
	log, err := os.ReadFile(filepath.Join(dir, ".noticegen-review.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var entry struct {
		Drafts []map[string]string `json:"drafts"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(log), &entry); err != nil {
		t.Fatal(err)
	}
	if len(entry.Drafts) != 2 {
		t.Fatalf("%d drafts in the approval", len(entry.Drafts))
	}
	h, err := format.NewHTML([]locale.Layer{render.EmbeddedTemplates})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range entry.Drafts {
		file := func(ext string) []byte {
			b, err := os.ReadFile(filepath.Join(out, "2026-06-09-trend-micro-dsa-linux", d["locale"]+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		var js []format.JSONDraft
		if err := json.Unmarshal(file("json"), &js); err != nil || len(js) != 1 {
			t.Fatalf("%s.json: %v", d["locale"], err)
		}
		sent := js[0].Draft
		if !strings.Contains(sent.Disclosure, "reviewer") || sent.Banner != "" || js[0].ContentHash != d["draft"] {
			t.Errorf("%s.json: disclosure %q, banner %q, content hash %s (approved %s)", d["locale"], sent.Disclosure, sent.Banner, js[0].ContentHash, d["draft"])
		}
		approved, err := h.Outputs(sent.Reviewed())
		if err != nil {
			t.Fatal(err)
		}
		written, err := h.Outputs(sent)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range format.Hashed() {
			if sum := sha256.Sum256(f.Of(approved)); hex.EncodeToString(sum[:]) != d[f.Ext] {
				t.Errorf("%s.%s: the exported draft, as reviewed, is not what was approved", d["locale"], f.Ext)
			}
			if !bytes.Equal(file(f.Ext), f.Of(written)) {
				t.Errorf("%s.%s: not the approved draft with its disclosure", d["locale"], f.Ext)
			}
		}
		if first := format.Wrap(sent.Disclosure, format.Width, "", "")[0]; !bytes.HasPrefix(file("txt"), []byte(first+"\n")) {
			t.Errorf("%s.txt does not start with the disclosure", d["locale"])
		}
	}
}
