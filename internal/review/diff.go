package review

import (
	"fmt"
	"strings"
)

// maxEdits bounds the work of a diff: texts that differ in more lines
// than this are shown as wholly replaced. Drafts are a few hundred lines.
const maxEdits = 4000

type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

type op struct {
	kind opKind
	line string
}

// Unified returns a unified diff of the texts a and b, with the file
// labels from and to and context lines of context around each change, or
// "" when they are equal. Lines are compared exactly; a last line without
// a line end is marked as diff(1) does.
func Unified(from, to, a, b string, context int) string {
	if a == b {
		return ""
	}
	ops := diffLines(splitLines(a), splitLines(b))
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", from, to)
	// Line numbers (1-based) of ops[i] in a and b.
	ai, bi := make([]int, len(ops)+1), make([]int, len(ops)+1)
	x, y := 1, 1
	for i, o := range ops {
		ai[i], bi[i] = x, y
		if o.kind != opInsert {
			x++
		}
		if o.kind != opDelete {
			y++
		}
	}
	ai[len(ops)], bi[len(ops)] = x, y
	for i := 0; i < len(ops); {
		if ops[i].kind == opEqual {
			i++
			continue
		}
		// A hunk: from context lines before the change to context lines
		// after the last change that is no more than 2*context lines on.
		start := max(0, i-context)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != opEqual {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		end = min(len(ops), end+context)
		na, nb := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != opInsert {
				na++
			}
			if o.kind != opDelete {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ai[start], na), hunkRange(bi[start], nb))
		for _, o := range ops[start:end] {
			out.WriteByte(byte(o.kind))
			if l, ok := strings.CutSuffix(o.line, "\n"); ok {
				out.WriteString(l + "\n")
			} else {
				out.WriteString(o.line + "\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s after each line feed; the last line may lack one.
func splitLines(s string) []string {
	var ls []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(ls, s)
		}
		ls, s = append(ls, s[:i+1]), s[i+1:]
	}
	return ls
}

// diffLines returns a shortest edit script from a to b (Myers' greedy
// algorithm, "An O(ND) Difference Algorithm and Its Variations", 1986).
func diffLines(a, b []string) []op {
	n, m := len(a), len(b)
	off := n + m + 1
	v := make([]int, 2*off+1)
	// trace[d] holds v[k] for k in -d..d after round d.
	var trace [][]int
	found := false
	for d := 0; d <= n+m && d <= maxEdits && !found; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	if !found {
		var ops []op
		for _, l := range a {
			ops = append(ops, op{opDelete, l})
		}
		for _, l := range b {
			ops = append(ops, op{opInsert, l})
		}
		return ops
	}
	// Walk back from (n, m) through the rounds.
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1] // k in -(d-1)..d-1, index k+d-1
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, op{opEqual, a[x]})
		}
		if x == px {
			y--
			rev = append(rev, op{opInsert, b[y]})
		} else {
			x--
			rev = append(rev, op{opDelete, a[x]})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{opEqual, a[x]})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}
