package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
)

// The example documented in advisories/README.md is valid and means what
// it says.
func TestExample(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "docs", FileName))
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.From != "Security Team <security@example.co.jp>" || c.Mail.Cc != "ciso-office@example.co.jp" {
		t.Errorf("mail = %+v", c.Mail)
	}
	if got := strings.Join(c.Organisation.Domains, ","); got != "example.co.jp,example-group.com" {
		t.Errorf("domains = %s", got)
	}
	want := map[advisory.Priority]advisory.Span{
		advisory.PriorityCritical: {Days: 2, Business: true}, advisory.PriorityHigh: {Days: 5, Business: true},
		advisory.PriorityMedium: {Days: 10, Business: true}, advisory.PriorityLow: {Days: 30},
	}
	if len(c.SLA) != len(want) {
		t.Errorf("sla = %v", c.SLA)
	}
	for p, s := range want {
		if c.SLA[p] != s {
			t.Errorf("sla[%s] = %v, want %v", p, c.SLA[p], s)
		}
	}
	a, err := c.Audience("clients-en")
	if err != nil || a.Language != "en" || len(a.Domains) != 1 || a.Domains[0] != "client.example.com" {
		t.Errorf("audience = %+v, %v", a, err)
	}
	if _, err := c.Audience("nobody"); err == nil || !strings.Contains(err.Error(), "defines the audiences admins-ja, clients-en") {
		t.Errorf("unknown audience: %v", err)
	}
	// The calendar: the year-end break, a single closed day, a worked Saturday.
	for _, tc := range []struct {
		day  string
		open bool
	}{
		{"2026-12-28", true}, {"2026-12-29", false}, {"2027-01-03", false}, {"2027-01-04", true},
		{"2027-04-30", false}, {"2027-02-06", true}, {"2027-02-07", false}, {"2027-02-11", false},
	} {
		d, _ := calendar.ParseDate(tc.day)
		got, err := c.Calendar.IsBusinessDay(d)
		if err != nil || got != tc.open {
			t.Errorf("%s business day = %v, %v; want %v", tc.day, got, err, tc.open)
		}
	}
	if c.Digest == "" || len(c.Digest) != 64 {
		t.Errorf("digest = %q", c.Digest)
	}
}

func TestDefault(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.Digest != "" || c.Calendar == nil || len(c.SLA) != 0 || len(c.Audiences) != 0 {
		t.Errorf("default = %+v", c)
	}
	if _, err := c.Audience("x"); err == nil || !strings.Contains(err.Error(), "no policy file") {
		t.Errorf("audience without a file: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"old form":          {"from: a@example.com\n", `p.yaml:1:1: from: "from" at the top level is the old mail settings form`},
		"old form to":       {"mail: {from: a@example.com}\nto: b@example.com\n", `p.yaml:2:1: to: "to" at the top level`},
		"unknown section":   {"mial: {}\n", `p.yaml:1:1: unknown field "mial" (did you mean "mail"?)`},
		"span zero":         {"sla: {high: 0bd}\n", `p.yaml:1:13: sla.high: span "0bd" out of range`},
		"span words":        {"sla: {high: five}\n", `p.yaml:1:13: sla.high: invalid span "five"`},
		"sla order":         {"sla: {critical: 3w, low: 2bd}\n", `sla.critical: critical (21d) gives more time than low (2bd)`},
		"period shorthand":  {"calendar: {closed: [2026-02-30]}\n", `calendar.closed[0]: invalid date "2026-02-30": not a calendar date`},
		"period missing to": {"calendar: {closed: [{from: 2026-05-01}]}\n", `calendar.closed[0]: missing required field "to"`},
		"period name ctl":   {"calendar: {closed: [{from: 2026-05-01, to: 2026-05-02, name: \"a\\u0007\"}]}\n", `calendar.closed[0].name: "a\a" holds the control character U+0007`},
		"domain single":     {"organisation: {domains: [localhost]}\n", `"localhost" is not a mail domain`},
		"domain suffix":     {"organisation: {domains: [example.co.jp, co.jp]}\n", `p.yaml:1:41: organisation.domains[1]: "co.jp" is a public suffix, under which anyone can register a domain`},
		"client suffix":     {"audiences: [{name: a, to: a@example.com, domains: [github.io]}]\n", `audiences[0].domains[0]: "github.io" is a public suffix`},
		"domain utf8":       {"organisation: {domains: [例え.jp]}\n", `is not a mail domain: want a name such as example.co.jp (an internationalised name in its xn-- form)`},
		"audience no name":  {"audiences: [{to: a@example.com}]\n", `audiences[0]: missing required field "name"`},
		"audience bad to":   {"audiences: [{name: a, to: \"x\"}]\n", `audiences[0].to: "x" is not a valid address`},
		"cc header":         {"mail: {cc: \"a@example.com\\nBcc: x@example.com\"}\n", `mail.cc: "a@example.com\nBcc: x@example.com" holds the control character U+000A`},
		"not yaml":          {"mail: [\n", `p.yaml:`},
		// A look-alike domain (Cyrillic а): no mail header can carry it,
		// so every .eml would fail; refused here, where it is written.
		"to look-alike":   {"mail: {to: \"admins@ex\u0430mple.co.jp\"}\n", `p.yaml:1:12: mail.to: "admins@exаmple.co.jp" is not ASCII: write an internationalised domain in its xn-- form`},
		"audience cc idn": {"audiences: [{name: a, to: a@example.com, cc: \"Team <t@例え.jp>\"}]\n", `audiences[0].cc: "t@例え.jp" is not ASCII`},
		"from utf8 local": {"mail: {from: \"すずき@example.co.jp\"}\n", `mail.from: "すずき@example.co.jp" is not ASCII`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
			var list advisory.ErrorList
			if !errors.As(err, &list) {
				t.Errorf("error is %T, not a located ErrorList", err)
			}
		})
	}
}

func TestDomainsNormalised(t *testing.T) {
	c, err := Parse("p.yaml", []byte("organisation: {domains: [\"@Example.CO.jp.\", xn--r8jz45g.jp]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Organisation.Domains, ","); got != "example.co.jp,xn--r8jz45g.jp" {
		t.Errorf("domains = %s", got)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	a, b, none := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "none")
	for _, d := range []string{a, b, none} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "r.yaml"), []byte("id: r\n"), 0o644)
	}
	os.WriteFile(filepath.Join(a, FileName), []byte("{}\n"), 0o644)
	os.WriteFile(filepath.Join(b, "noticegen.yml"), []byte("{}\n"), 0o644)
	// Records below a directory, beside a policy file of their own (and
	// a hidden directory, which record discovery skips too).
	nested := filepath.Join(dir, "nested")
	teamB, hidden := filepath.Join(nested, "team-b"), filepath.Join(dir, "none", ".git")
	for _, d := range []string{teamB, hidden} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, FileName), []byte("{}\n"), 0o644)
	}
	os.WriteFile(filepath.Join(teamB, "r.yaml"), []byte("id: r\n"), 0o644)
	both := filepath.Join(dir, "both")
	if err := os.MkdirAll(filepath.Join(both, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(both, FileName), []byte("{}\n"), 0o644)
	os.WriteFile(filepath.Join(both, "sub", FileName), []byte("{}\n"), 0o644)
	for _, tc := range []struct {
		name     string
		explicit string
		paths    []string
		want     string
		err      string
	}{
		{"directory", "", []string{a}, filepath.Join(a, FileName), ""},
		{"file beside", "", []string{filepath.Join(a, "r.yaml")}, filepath.Join(a, FileName), ""},
		{"yml", "", []string{b}, filepath.Join(b, "noticegen.yml"), ""},
		{"none", "", []string{none}, "", ""},
		{"same twice", "", []string{a, filepath.Join(a, "r.yaml")}, filepath.Join(a, FileName), ""},
		{"with none", "", []string{a, none}, filepath.Join(a, FileName), ""},
		{"two files", "", []string{a, b}, "", "different policy files"},
		{"explicit wins", filepath.Join(b, "noticegen.yml"), []string{a}, filepath.Join(b, "noticegen.yml"), ""},
		{"explicit missing", filepath.Join(dir, "x.yaml"), nil, "", "--config: " + filepath.Join(dir, "x.yaml") + ": no such file or directory"},
		{"missing path", "", []string{filepath.Join(dir, "gone")}, "", ""},
		{"below the directory", "", []string{nested}, "", nested + " has no policy file, and the policy file " + filepath.Join(teamB, FileName) + " below it would govern every record of it"},
		{"the directory below", "", []string{teamB}, filepath.Join(teamB, FileName), ""},
		{"beside and below", "", []string{both}, "", "different policy files (" + filepath.Join(both, FileName) + ", " + filepath.Join(both, "sub", FileName) + ")"},
		{"hidden below", "", []string{none}, "", ""},
		{"below, explicit wins", filepath.Join(a, FileName), []string{both, nested}, filepath.Join(a, FileName), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Find(tc.explicit, tc.paths)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Find = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	for _, n := range []string{"noticegen.yaml", "noticegen.yml"} {
		if !IsConfigName(n) {
			t.Errorf("IsConfigName(%q) = false", n)
		}
	}
	if IsConfigName("noticegen.yaml.bak") || IsConfigName("my-noticegen.yaml") {
		t.Error("IsConfigName matches other names")
	}
}

// FuzzParse: the policy file is outside input; any bytes give a config or
// a located error list, never a panic, and a config's addresses hold no
// control characters.
func FuzzParse(f *testing.F) {
	ex, _ := os.ReadFile(filepath.Join("..", "..", "docs", FileName))
	f.Add(ex)
	f.Add([]byte("mail: {from: a@example.com, to: b@example.com}\n"))
	f.Add([]byte("calendar: {closed: [2026-01-01, {from: 2026-01-02, to: 2026-01-03}]}\n"))
	f.Add([]byte("sla: {critical: +2bd}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if err != nil {
			var list advisory.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			for _, e := range list {
				if e.File != "f.yaml" {
					t.Fatalf("error without the file: %v", e)
				}
			}
			return
		}
		for _, a := range append([]string{c.Mail.From, c.Mail.To, c.Mail.Cc}, audienceAddrs(c)...) {
			if strings.IndexFunc(a, isControl) >= 0 {
				t.Fatalf("address with a control character accepted: %q", a)
			}
		}
		if c.Calendar == nil {
			t.Fatal("nil calendar")
		}
	})
}

func audienceAddrs(c *Config) []string {
	var out []string
	for _, a := range c.Audiences {
		out = append(out, a.To, a.Cc)
	}
	return out
}
