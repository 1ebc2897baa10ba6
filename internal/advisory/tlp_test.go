package advisory

import (
	"strings"
	"testing"
)

// TestDecodeTLP: every TLP 2.0 label decodes; no tlp: is unmarked; WHITE,
// upper case, "TLP:" and unknown labels are refused, located, with what to
// write instead.
func TestDecodeTLP(t *testing.T) {
	withTLP := func(v string) string {
		return strings.Replace(valid, "category: info\n", "category: info\ntlp: "+v+"\n", 1)
	}
	for _, c := range []struct {
		in   string
		want TLP
	}{
		{"clear", TLPClear}, {"green", TLPGreen}, {"amber", TLPAmber}, {"amber+strict", TLPAmberStrict}, {"red", TLPRed},
		{"'amber'", TLPAmber},
	} {
		r, err := Decode("x.yaml", []byte(withTLP(c.in)))
		if err != nil {
			t.Errorf("tlp: %s: %v", c.in, err)
			continue
		}
		if r.TLP != c.want {
			t.Errorf("tlp: %s gave %q, want %q", c.in, r.TLP, c.want)
		}
	}
	r, err := Decode("x.yaml", []byte(valid))
	if err != nil || r.TLP != "" {
		t.Errorf("no tlp: got %q, %v; want unmarked", r.TLP, err)
	}
	for in, want := range map[string]string{
		"white":        `x.yaml:3:6: tlp: TLP label "white": TLP 2.0 calls it clear; write tlp: clear`,
		"WHITE":        `x.yaml:3:6: tlp: TLP label "WHITE": TLP 2.0 calls it clear; write tlp: clear`,
		"AMBER":        `x.yaml:3:6: tlp: TLP label "AMBER": write it as amber (lower case, without "TLP:"; drafts show TLP:AMBER)`,
		"'TLP:RED'":    `x.yaml:3:6: tlp: TLP label "TLP:RED": write it as red (lower case, without "TLP:"; drafts show TLP:RED)`,
		"AMBER+STRICT": `x.yaml:3:6: tlp: TLP label "AMBER+STRICT": write it as amber+strict (lower case, without "TLP:"; drafts show TLP:AMBER+STRICT)`,
		"amber-strict": `x.yaml:3:6: tlp: unknown TLP label "amber-strict": want one of "clear", "green", "amber", "amber+strict", "red"`,
		"yellow":       `x.yaml:3:6: tlp: unknown TLP label "yellow": want one of "clear", "green", "amber", "amber+strict", "red"`,
		"[amber]":      `x.yaml:3:6: tlp: want a single value, got a list`,
	} {
		_, err := Decode("x.yaml", []byte(withTLP(in)))
		if err == nil || err.Error() != want {
			t.Errorf("tlp: %s: got %v\nwant %s", in, err, want)
		}
	}
}

func TestTLPWords(t *testing.T) {
	for _, c := range []struct {
		t                   TLP
		label, marking, key string
		rank                int
	}{
		{"", "", "", "", 0},
		{TLPClear, "CLEAR", "TLP:CLEAR", "clear", 1},
		{TLPGreen, "GREEN", "TLP:GREEN", "green", 2},
		{TLPAmber, "AMBER", "TLP:AMBER", "amber", 3},
		{TLPAmberStrict, "AMBER+STRICT", "TLP:AMBER+STRICT", "amber_strict", 4},
		{TLPRed, "RED", "TLP:RED", "red", 5},
	} {
		if c.t.Label() != c.label || c.t.Marking() != c.marking || c.t.Key() != c.key || c.t.Rank() != c.rank {
			t.Errorf("%q: %q %q %q %d", c.t, c.t.Label(), c.t.Marking(), c.t.Key(), c.t.Rank())
		}
	}
}

func TestTLPFromSource(t *testing.T) {
	for in, want := range map[string]TLP{
		"WHITE": TLPClear, "white": TLPClear, "CLEAR": TLPClear, "TLP:CLEAR": TLPClear, "GREEN": TLPGreen,
		"AMBER": TLPAmber, "AMBER+STRICT": TLPAmberStrict, "AMBER + STRICT": TLPAmberStrict, "tlp:amber+strict": TLPAmberStrict,
		" RED ": TLPRed,
	} {
		if got, ok := TLPFromSource(in); !ok || got != want {
			t.Errorf("TLPFromSource(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "YELLOW", "AMBER-STRICT", "TLP:"} {
		if got, ok := TLPFromSource(in); ok {
			t.Errorf("TLPFromSource(%q) = %q; want not a label", in, got)
		}
	}
}
