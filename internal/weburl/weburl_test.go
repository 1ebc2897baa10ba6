package weburl

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"see https://example.com/a.", []string{"https://example.com/a"}},
		{"(https://example.com/a_(b)) and HTTP://x.test/,", []string{"https://example.com/a_(b)", "HTTP://x.test/"}},
		{"詳細はhttps://example.jp/x を参照。https://example.jp/yを", []string{"https://example.jp/x", "https://example.jp/y"}},
		{"only https:// here, and xhttps://no.test", nil},
		{"ftp://example.com www.example.com", nil},
		{"<https://example.com/a>, \"https://example.com/b\" `https://example.com/c`", []string{"https://example.com/a", "https://example.com/b", "https://example.com/c"}},
		{"https://support.сitrix.com/x（参照）", []string{"https://support.сitrix.com/x"}},
	} {
		var got []string
		for _, r := range Find(c.in) {
			got = append(got, c.in[r[0]:r[1]])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Find(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestProblem(t *testing.T) {
	for s, bad := range map[string]bool{
		"https://support.citrix.com/article/CTX579459": false,
		"https://[::1]:8443/x":                         false,
		"https://例え.jp/":                               false,
		"javascript:alert(1)":                          true,
		"https://user@example.com/":                    true,
		"https://support.сitrix.com/":                  true, // a Cyrillic с
		"https://exa mple.com/":                        true,
		"https://example.com:99999/":                   true,
	} {
		if got := Problem(s); (got != "") != bad {
			t.Errorf("Problem(%q) = %q", s, got)
		}
	}
}
