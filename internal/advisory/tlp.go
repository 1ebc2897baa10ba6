package advisory

import (
	"fmt"
	"strings"
)

// TLP is a Traffic Light Protocol 2.0 label (FIRST): who the recipients
// of a notice may share it with. The zero value is an unmarked record.
type TLP string

// The TLP 2.0 labels, from the least to the most restrictive.
const (
	TLPClear       TLP = "clear"        // no limit on disclosure
	TLPGreen       TLP = "green"        // within the recipients' community
	TLPAmber       TLP = "amber"        // their organisation and its clients, need to know
	TLPAmberStrict TLP = "amber+strict" // their organisation only, need to know
	TLPRed         TLP = "red"          // the individual recipients only
)

// TLPs lists every label, least restrictive first.
var TLPs = []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

func (t *TLP) parse(s string) error {
	for _, v := range TLPs {
		if string(v) == s {
			*t = v
			return nil
		}
	}
	lower := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(s, "TLP:"), "tlp:"))
	switch {
	case lower == "white":
		return fmt.Errorf("TLP label %q: TLP 2.0 calls it clear; write tlp: clear", s)
	case lower != s:
		for _, v := range TLPs {
			if string(v) == lower {
				return fmt.Errorf("TLP label %q: write it as %s (lower case, without \"TLP:\"; drafts show TLP:%s)", s, v, v.Label())
			}
		}
	}
	return fmt.Errorf("unknown TLP label %q: want one of %s", s, quoteList(TLPs))
}

func (TLP) schema() map[string]any {
	return map[string]any{"type": "string", "enum": TLPs}
}

// MarshalText writes the label as a record writes it.
func (t TLP) MarshalText() ([]byte, error) { return []byte(t), nil }

// ParseTLP reads a label as a record writes it (clear, green, amber,
// amber+strict, red).
func ParseTLP(s string) (TLP, error) {
	var t TLP
	err := t.parse(s)
	return t, err
}

// TLPFromSource maps a label as a source document writes it (CSAF's
// distribution.tlp.label: WHITE, GREEN, AMBER, RED; TLP 2.0's CLEAR and
// AMBER+STRICT; any case, with or without "TLP:") to a record's label.
// TLP 1.0's WHITE is TLP 2.0's CLEAR. ok is false for anything else.
func TLPFromSource(s string) (t TLP, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "tlp:")
	s = strings.Join(strings.Fields(s), "")
	if s == "white" {
		return TLPClear, true
	}
	for _, v := range TLPs {
		if string(v) == s {
			return v, true
		}
	}
	return "", false
}

// Label returns the label as TLP 2.0 writes it, without "TLP:": CLEAR,
// GREEN, AMBER, AMBER+STRICT, RED; "" when unmarked.
func (t TLP) Label() string { return strings.ToUpper(string(t)) }

// Marking returns the label as drafts show it: "TLP:AMBER"; "" when
// unmarked. TLP 2.0 has the label written so, in capitals and in English,
// whatever the language of the text around it.
func (t TLP) Marking() string {
	if t == "" {
		return ""
	}
	return "TLP:" + t.Label()
}

// Key returns the label as message ids and class names use it: clear,
// green, amber, amber_strict, red.
func (t TLP) Key() string { return strings.ReplaceAll(string(t), "+", "_") }

// Rank orders the labels by how far a notice may travel: 0 for an unmarked
// record, then 1 (clear) to 5 (red).
func (t TLP) Rank() int {
	for i, v := range TLPs {
		if v == t {
			return i + 1
		}
	}
	return 0
}
