package cli_test

import (
	"bytes"
	"crypto/sha256"
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
	"github.com/noticegen/noticegen/internal/golden"
)

// TestSeedEML exports the seed record as .eml in both locales and both
// charsets, compares each with its golden file, and reads it back with
// net/mail and mime/multipart: the subject decodes to the draft's subject
// and the parts come text first, HTML last. The record is approved first
// (noticegen review), so the drafts carry no "not approved" marker.
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
	var approveErr bytes.Buffer
	approve := []string{"review", "approve", "2026-06-09-trend-micro-dsa-linux", "--dir", dir, "--by", "reviewer", "--now", "2026-06-09T09:00:00+09:00"}
	if code := cli.Main(approve, nil, io.Discard, &approveErr); code != 0 {
		t.Fatalf("review approve: exit %d: %s", code, approveErr.String())
	}
	subjects := map[string]string{
		"ja": "【共有】Trend Micro Deep Security Agent (DSA) の挙動に関する報告について",
		"en": "[Info] Behavior of Trend Micro Deep Security Agent (DSA) on Linux",
	}
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		out := t.TempDir()
		var stderr bytes.Buffer
		args := []string{"export", seed, "-o", out, "--format", "eml", "--charset", cs, "--now", "2026-06-09T09:00:00+09:00"}
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
		}
	}
}

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
// --approved-only writes are byte for byte the content the approval in the
// review log names, format by format.
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
	for _, d := range entry.Drafts {
		for _, ext := range []string{"txt", "md", "html", "json"} {
			b, err := os.ReadFile(filepath.Join(out, "2026-06-09-trend-micro-dsa-linux", d["locale"]+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != d[ext] {
				t.Errorf("%s.%s differs from what was approved", d["locale"], ext)
			}
		}
	}
}
