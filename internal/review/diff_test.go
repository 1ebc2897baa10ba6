package review

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/golden"
)

// TestUnified: each expected diff is what GNU diff -u prints for the same
// texts and labels.
func TestUnified(t *testing.T) {
	for _, c := range []struct{ name, a, b, want string }{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added at end", "a\n", "a\nb\n", "--- old\n+++ new\n@@ -1 +1,2 @@\n a\n+b\n"},
		{"from empty", "", "a\n", "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n"},
		{"to empty", "a\nb\n", "", "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"no final newline", "a\nb", "a\nb\n", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{
			"two hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			"1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
			"--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n",
		},
		{
			"close changes share a hunk",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			"1\nX\n3\n4\n5\n6\n7\nY\n9\n",
			"--- old\n+++ new\n@@ -1,9 +1,9 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n-8\n+Y\n 9\n",
		},
		{"multibyte lines", "件名: 旧\n本文\n", "件名: 新\n本文\n", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n-件名: 旧\n+件名: 新\n 本文\n"},
	} {
		if got := Unified("old", "new", c.a, c.b, 3); got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}

// TestUnifiedPatch applies diffs of random texts with patch(1): each must
// turn the old text into the new one exactly.
func TestUnifiedPatch(t *testing.T) {
	patch := golden.Command(t, "patch")
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(strconv.Itoa(r.IntN(6)) + "\n")
		}
		if r.IntN(4) == 0 {
			return strings.TrimSuffix(b.String(), "\n")
		}
		return b.String()
	}
	dir := t.TempDir()
	old, diff, out := filepath.Join(dir, "old"), filepath.Join(dir, "diff"), filepath.Join(dir, "out")
	for i := range 200 {
		a, b := text(), text()
		d := Unified("old", "new", a, b, 3)
		if d == "" {
			if a != b {
				t.Fatalf("case %d: no diff between %q and %q", i, a, b)
			}
			continue
		}
		if err := os.WriteFile(old, []byte(a), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(diff, []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(out)
		if b, err := exec.Command(patch, "--quiet", "--force", "--fuzz=0", "--no-backup-if-mismatch", "-o", out, old, diff).CombinedOutput(); err != nil {
			t.Fatalf("case %d: patch: %v\n%s\ndiff:\n%s", i, err, b, d)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != b {
			t.Fatalf("case %d: patch gives %q, want %q\ndiff:\n%s", i, got, b, d)
		}
	}
}
