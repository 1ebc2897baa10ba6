package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/cli"
)

const seedID = "2026-06-09-trend-micro-dsa-linux"

// recordsDir makes a records directory holding the seed record.
func recordsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../../advisories/" + seedID + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, seedID+".yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Main(args, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// TestReviewExitCodes: bad input is status 1 with a clear message, usage
// mistakes status 2; the log is left as it was.
func TestReviewExitCodes(t *testing.T) {
	dir := recordsDir(t)
	now := "--now=2026-06-10T09:00:00+09:00"
	if code, _, stderr := run("review", "approve", seedID, "--dir", dir, "--by", "suzuki", now); code != 0 {
		t.Fatalf("approve: %d %s", code, stderr)
	}
	logPath := filepath.Join(dir, ".noticegen-review.jsonl")
	before, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"control character in name", []string{"approve", seedID, "--by", "sato\x1b[2J", "--comment", "x"}, 1, `reviewer name "sato\x1b[2J" has control character U+001B at character 5`},
		{"newline in name", []string{"approve", seedID, "--by", "sato\nsuzuki"}, 1, "control character U+000A"},
		{"bidi override in name", []string{"approve", seedID, "--by", "sato\u202e"}, 1, "control character U+202E"},
		{"name too long", []string{"approve", seedID, "--by", strings.Repeat("a", 65)}, 1, "at most 64"},
		{"empty name", []string{"approve", seedID, "--by", ""}, 1, "reviewer name is empty"},
		{"escape in comment", []string{"request-changes", seedID, "--by", "sato", "--comment", "fix\x1b]0;x\x07"}, 1, "comment has control character U+001B"},
		{"blank comment", []string{"request-changes", seedID, "--by", "sato", "--comment", "  "}, 1, "request-changes needs a comment"},
		{"author", []string{"approve", seedID, "--by", "SecOps-Digest"}, 1, "cannot approve it (four-eyes)"},
		{"unknown id", []string{"approve", "2026-01-01-nope", "--by", "sato"}, 1, `unknown record id "2026-01-01-nope"`},
		{"unsafe id", []string{"log", "../x"}, 1, "unknown record id: the id"},
		{"missing --by", []string{"approve", seedID}, 2, "--by NAME is required"},
		{"two ids", []string{"approve", seedID, seedID, "--by", "sato"}, 2, "want one record id, got 2"},
		{"bad --now", []string{"status", "--now", "yesterday"}, 2, "--now \"yesterday\": want an RFC 3339 time"},
		{"bad --format", []string{"status", "--format", "xml"}, 2, "--format \"xml\": want text or json"},
		{"unknown subcommand", []string{"sign"}, 2, `unknown subcommand "sign"`},
	} {
		args := append([]string{"review"}, c.args...)
		if c.args[0] != "sign" {
			args = append(args, "--dir", dir)
		}
		if !strings.Contains(strings.Join(c.args, " "), "--now") {
			args = append(args, now)
		}
		code, stdout, stderr := run(args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", c.name, code, stderr, c.code, c.want)
		}
		if stdout != "" {
			t.Errorf("%s: stdout %q", c.name, stdout)
		}
	}
	after, err := os.ReadFile(logPath)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the log changed: %v", err)
	}
}

// TestReviewGateEML: an unapproved draft's .eml subject carries the locale's
// prefix; once approved, it does not.
func TestReviewGateEML(t *testing.T) {
	dir := recordsDir(t)
	rec := filepath.Join(dir, seedID+".yaml")
	now := "--now=2026-06-10T09:00:00+09:00"
	subjects := map[string]string{
		"ja": "【共有】Trend Micro Deep Security Agent (DSA) の挙動に関する報告について",
		"en": "[Info] Behavior of Trend Micro Deep Security Agent (DSA) on Linux",
	}
	prefixes := map[string]string{"ja": "【未承認】", "en": "[DRAFT - NOT APPROVED] "}
	export := func() string {
		out := t.TempDir()
		if code, _, stderr := run("export", rec, "-o", out, "--format", "eml,txt", now); code != 0 {
			t.Fatalf("export: %d %s", code, stderr)
		}
		return out
	}
	check := func(out string, approved bool) {
		t.Helper()
		for loc, subject := range subjects {
			data, err := os.ReadFile(filepath.Join(out, seedID, loc+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			want := subject
			if !approved {
				want = prefixes[loc] + subject
			}
			readBack(t, loc+".eml", data, want)
			text, _ := os.ReadFile(filepath.Join(out, seedID, loc+".txt"))
			banner := map[string]string{"ja": "【下書き・未承認】", "en": "DRAFT — NOT APPROVED"}[loc]
			if strings.HasPrefix(string(text), banner) == approved {
				t.Errorf("%s.txt (approved %v) starts %q", loc, approved, string(text)[:40])
			}
		}
	}
	check(export(), false)
	if code, _, stderr := run("review", "approve", seedID, "--dir", dir, "--by", "suzuki", now); code != 0 {
		t.Fatalf("approve: %d %s", code, stderr)
	}
	check(export(), true)
}

// TestReviewStatusWritesNothing: status only reads.
func TestReviewStatusWritesNothing(t *testing.T) {
	dir := recordsDir(t)
	if code, _, stderr := run("review", "status", dir, "--now", "2026-06-10T09:00:00+09:00"); code != 0 {
		t.Fatalf("status: %d %s", code, stderr)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("status wrote files: %v", ents)
	}
}
