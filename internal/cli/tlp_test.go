package cli_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/cli"
	"github.com/noticegen/noticegen/internal/golden"
)

// TestTLPEML exports the TLP:AMBER record (the seed, marked) as .eml in
// both locales, to recipients in the organisation's domain, approved and
// not: the approved drafts are compared with testdata/golden/
// tlp_amber_<locale>.eml, every draft is read back, and the subject
// starts with the label, before the review gate's prefix.
func TestTLPEML(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../testdata/tlp/dsa-amber.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "dsa-amber.yaml")
	policy := "mail:\n  from: Security Team <security@example.co.jp>\n  to: it-admins@example.co.jp\norganisation:\n  domains: [example.co.jp]\n"
	for name, content := range map[string][]byte{"dsa-amber.yaml": data, "noticegen.yaml": []byte(policy)} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := "2026-06-09T09:00:00+09:00"
	export := func(cs string) string {
		t.Helper()
		out := t.TempDir()
		var stderr bytes.Buffer
		if code := cli.Main([]string{"export", rec, "-o", out, "--format", "eml", "--charset", cs, "--now", now}, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("export: exit %d: %s", code, stderr.String())
		}
		return out
	}
	read := func(out, loc string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "dsa-amber", loc+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	unapproved := map[string]string{
		"ja": "[TLP:AMBER] 【未承認】【共有】Trend Micro Deep Security Agent (DSA) の挙動に関する報告について",
		"en": "[TLP:AMBER] [DRAFT - NOT APPROVED] [Info] Behavior of Trend Micro Deep Security Agent (DSA) on Linux",
	}
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		out := export(cs)
		for loc, subject := range unapproved {
			readBack(t, loc+" "+cs, read(out, loc), subject)
		}
	}
	var stderr bytes.Buffer
	if code := cli.Main([]string{"review", "approve", "dsa-amber", "--dir", dir, "--by", "reviewer", "--now", now}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("review approve: exit %d: %s", code, stderr.String())
	}
	out := export("utf-8")
	for loc, subject := range unapproved {
		b := read(out, loc)
		golden.Check(t, "../../testdata/golden/tlp_amber_"+loc+".eml", b)
		subject = strings.Replace(strings.Replace(subject, "【未承認】", "", 1), "[DRAFT - NOT APPROVED] ", "", 1)
		readBack(t, loc+" approved", b, subject)
	}
}
