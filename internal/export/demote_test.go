package export

import (
	"strings"
	"testing"
)

// demoteReference is demoteHeadings as a string replacement, the
// definition the byte scanner must match.
var demoteReference = strings.NewReplacer("<h2", "<h4", "</h2>", "</h4>", "<h1", "<h3", "</h1>", "</h3>")

func TestDemoteHeadings(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"<h1>A</h1><h2 id=\"x\">B</h2>", "<h3>A</h3><h4 id=\"x\">B</h4>"},
		{"<h3>C</h3><hr><p>&lt;h1&gt;</p>", "<h3>C</h3><hr><p>&lt;h1&gt;</p>"},
		{"</h2 ><h2", "</h2 ><h4"},
		{"<<h1</h1", "<<h3</h1"},
		{"trailing <", "trailing <"},
		{"</h", "</h"},
	} {
		if got := string(demoteHeadings([]byte(tc.in))); got != tc.want {
			t.Errorf("demoteHeadings(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if ref := demoteReference.Replace(tc.in); ref != tc.want {
			t.Errorf("reference(%q) = %q, want %q (the table is wrong)", tc.in, ref, tc.want)
		}
	}
}

func FuzzDemoteHeadings(f *testing.F) {
	for _, s := range []string{"<h1>A</h1>", "</h2></h2 <h2", "<</h1>>", "<p>x</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(demoteHeadings([]byte(s))), demoteReference.Replace(s); got != want {
			t.Errorf("demoteHeadings(%q) = %q, want %q", s, got, want)
		}
	})
}
