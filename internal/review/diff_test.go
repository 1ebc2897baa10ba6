package review

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

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
	} {
		if got := Unified("old", "new", c.a, c.b, 3); got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}

// TestUnifiedApplies checks on random texts that the diff, applied to
// the old text, gives the new one, and that the edit script is minimal
// enough (no more edits than replacing everything).
func TestUnifiedApplies(t *testing.T) {
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
	for i := range 2000 {
		a, b := text(), text()
		ops := diffLines(splitLines(a), splitLines(b))
		var gotA, gotB strings.Builder
		for _, o := range ops {
			if o.kind != opInsert {
				gotA.WriteString(o.line)
			}
			if o.kind != opDelete {
				gotB.WriteString(o.line)
			}
		}
		if gotA.String() != a || gotB.String() != b {
			t.Fatalf("case %d: script does not turn\n%q into\n%q", i, a, b)
		}
		if got := apply(t, a, Unified("a", "b", a, b, 3)); got != b {
			t.Fatalf("case %d: patch gives %q, want %q", i, got, b)
		}
	}
}

// apply applies a unified diff made by Unified to a.
func apply(t *testing.T, a, patch string) string {
	if patch == "" {
		return a
	}
	old := splitLines(a)
	var out []string
	pos := 0 // next line of old not yet copied
	ls := splitLines(patch)[2:]
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if strings.HasPrefix(l, "@@") {
			f := strings.Fields(l)
			start, _, _ := strings.Cut(strings.TrimPrefix(f[1], "-"), ",")
			n, _ := strconv.Atoi(start)
			if strings.HasSuffix(f[1], ",0") {
				n++ // an empty range names the line before it
			}
			for pos < n-1 {
				out = append(out, old[pos])
				pos++
			}
			continue
		}
		switch l[0] {
		case ' ':
			out = append(out, old[pos])
			pos++
		case '-':
			pos++
		case '+':
			out = append(out, l[1:])
		case '\\':
			if ls[i-1][0] == '+' {
				out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
			}
		default:
			t.Fatalf("bad patch line %q", l)
		}
	}
	out = append(out, old[pos:]...)
	return strings.Join(out, "")
}
