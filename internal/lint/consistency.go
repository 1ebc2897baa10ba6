package lint

import (
	"fmt"
	"strings"
)

// Consistency rules: what one locale's text of a field says in figures —
// CVE ids, URLs, versions, dates, numbers — the other locales' text of the
// same field must say too. A translation that drops or changes one (a CVE
// id mistyped in the English version, a deadline moved by a day in the
// Japanese) is the kind of difference a reader acts on.
//
// Texts are compared field by field (title.ja with title.en, actions[2].ja
// with actions[2].en), in both directions, and each fact missing from a
// text is reported at that text. extract.go says how facts are found and
// which differences count; the rules of exact tokens (CVE ids, URLs,
// versions, dates) are errors, numbers and identifiers, where wording
// differs more between languages, a warning.

// kindRules maps each kind of fact to its rule, and kindNames to the word
// messages use for it.
var (
	kindRules = map[kind]string{kindCVE: "cve-mismatch", kindURL: "url-mismatch", kindVersion: "version-mismatch", kindDate: "date-mismatch", kindNumber: "number-mismatch"}
	kindNames = map[kind]string{kindCVE: "CVE id", kindURL: "URL", kindVersion: "version", kindDate: "date", kindNumber: "number"}
)

// factsOf returns the facts of a text, extracted once per record.
func (c *checker) factsOf(t text) *facts {
	if c.facts == nil {
		c.facts = map[string]*facts{}
	}
	f, ok := c.facts[t.path]
	if !ok {
		f = extract(t.s)
		c.facts[t.path] = f
	}
	return f
}

// consistency returns the check of the rule for facts of kind k.
func consistency(k kind) func(c *checker) {
	return func(c *checker) {
		var fields []string
		byField := map[string][]text{}
		for _, t := range c.texts() {
			if _, ok := byField[t.field]; !ok {
				fields = append(fields, t.field)
			}
			byField[t.field] = append(byField[t.field], t)
		}
		for _, field := range fields {
			ts := byField[field]
			for _, a := range ts {
				for _, b := range ts {
					if a.loc != b.loc {
						c.compare(k, a, b)
					}
				}
			}
		}
	}
}

// compare reports the facts of kind k in text a that text b lacks.
func (c *checker) compare(k kind, a, b text) {
	fa, fb := c.factsOf(a), c.factsOf(b)
	for _, x := range fa.strong {
		if x.kind != k || fb.says(x) {
			continue
		}
		name := kindNames[k]
		if x.ident {
			name = "identifier"
		}
		what := fmt.Sprintf("%s %s", name, quoteSnippet(x.shown))
		switch k {
		case kindCVE:
			what = x.shown
		case kindURL:
			what = "URL " + x.shown
		}
		c.report(kindRules[k], b.path, "%s is in the %s text but not in the %s text", what, a.loc, b.loc)
	}
}

// says reports whether the text with facts f says x.
func (f *facts) says(x fact) bool {
	switch x.kind {
	case kindDate:
		for _, d := range f.dates {
			if x.date.satisfiedBy(d) {
				return true
			}
		}
		return false
	case kindVersion:
		return f.keys[kindVersion][x.key] || f.keys[kindNumber][x.key]
	case kindNumber:
		if x.ident {
			return f.keys[kindNumber][x.key] || containsWord(f.lower, x.key)
		}
		return f.keys[kindNumber][x.key] || f.weak[x.key]
	}
	return f.keys[x.kind][x.key]
}

// containsWord reports whether s holds w not joined to letters or digits
// on either side.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isAlnum(s[start-1])) && (end == len(s) || !isAlnum(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isAlnum(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}
