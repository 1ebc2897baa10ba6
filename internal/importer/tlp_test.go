package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
)

// TestTLPCarried: CSAF's document.distribution.tlp.label becomes the
// record's tlp (WHITE as CLEAR; TLP 2.0 labels as they are; the url
// ignored), with a comment saying where it came from; a restricting label
// is a warning and a value to confirm; an unknown one leaves the record
// unmarked, with a warning.
func TestTLPCarried(t *testing.T) {
	doc := func(distribution string) []byte {
		return []byte(`{"document": {"category": "csaf_base", "csaf_version": "2.0", "lang": "en", "title": "T",
  "publisher": {"category": "vendor", "name": "P", "namespace": "https://p.example"},` + distribution + `
  "tracking": {"id": "X-1", "status": "final", "version": "1", "initial_release_date": "2099-01-01T00:00:00Z",
    "current_release_date": "2099-01-01T00:00:00Z", "revision_history": [{"date": "2099-01-01T00:00:00Z", "number": "1", "summary": "x"}],
    "generator": {"engine": {"name": "hand"}}}}}`)
	}
	for _, c := range []struct {
		label       string // "" for no distribution
		want        advisory.TLP
		comment     string
		warn        string
		unconfirmed bool
	}{
		{"", "", "", "", false},
		{"WHITE", advisory.TLPClear, "tlp: clear # noticegen: from the source's TLP label WHITE, which TLP 2.0 calls CLEAR\n", "", false},
		{"CLEAR", advisory.TLPClear, "tlp: clear # noticegen: from the source's TLP label CLEAR\n", "", false},
		{"GREEN", advisory.TLPGreen, "tlp: green # noticegen: from the source's TLP label GREEN\n", "", false},
		{"AMBER", advisory.TLPAmber, "tlp: amber # noticegen: from the source's TLP label AMBER, which restricts distribution; confirm, then remove from provenance.unconfirmed\n",
			"the source is marked TLP:AMBER: the record carries it (tlp: amber)", true},
		{"AMBER+STRICT", advisory.TLPAmberStrict, "tlp: amber+strict # noticegen: from the source's TLP label AMBER+STRICT, which restricts", "the source is marked TLP:AMBER+STRICT", true},
		{"red", advisory.TLPRed, "tlp: red # noticegen: from the source's TLP label RED, which restricts", "the source is marked TLP:RED", true},
		{"YELLOW", "", "", `the source's TLP label "YELLOW" is not one of TLP 2.0`, true},
	} {
		dist := ""
		if c.label != "" {
			dist = `"distribution": {"tlp": {"label": "` + c.label + `", "url": "https://www.first.org/tlp/"}},`
		}
		res, err := Import("x.json", doc(dist), testOptions)
		if err != nil {
			t.Fatal(err)
		}
		imp := res.Records[0]
		if imp.Record.TLP != c.want {
			t.Errorf("%q: tlp %q, want %q", c.label, imp.Record.TLP, c.want)
		}
		if c.comment != "" && !strings.Contains(string(imp.YAML), c.comment) {
			t.Errorf("%q: no %q in\n%s", c.label, c.comment, imp.YAML)
		}
		if c.comment == "" && strings.Contains(string(imp.YAML), "\ntlp:") {
			t.Errorf("%q: marked:\n%s", c.label, imp.YAML)
		}
		warned := false
		for _, w := range res.Warnings {
			warned = warned || c.warn != "" && strings.Contains(w, c.warn)
			if c.warn == "" && strings.Contains(w, "TLP") {
				t.Errorf("%q: warning %q", c.label, w)
			}
		}
		if c.warn != "" && !warned {
			t.Errorf("%q: no warning %q in %q", c.label, c.warn, res.Warnings)
		}
		if got := slices.Contains(imp.Record.Provenance.Unconfirmed, "tlp"); got != c.unconfirmed {
			t.Errorf("%q: tlp unconfirmed %v, want %v", c.label, got, c.unconfirmed)
		}
		if strings.Contains(string(imp.YAML), "first.org") {
			t.Errorf("%q: the TLP url is carried over", c.label)
		}
	}
}

// TestTLPCorpus: every corpus document that gives a TLP label gives its
// record the label, as TLP 2.0 says it (the corpus has WHITE and CLEAR).
func TestTLPCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Document struct {
				Distribution struct {
					TLP struct{ Label string } `json:"tlp"`
				} `json:"distribution"`
			} `json:"document"`
		}
		if json.Unmarshal(data, &m) != nil || m.Document.Distribution.TLP.Label == "" {
			continue
		}
		label := m.Document.Distribution.TLP.Label
		want, ok := advisory.TLPFromSource(label)
		if !ok {
			t.Errorf("%s: label %q", f, label)
			continue
		}
		res, err := ImportFile(f, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range res.Records {
			n++
			if imp.Record.TLP != want || imp.Record.Provenance.TLP != strings.ToUpper(label) {
				t.Errorf("%s: tlp %q (provenance %q), want %q from %q", filepath.Base(f), imp.Record.TLP, imp.Record.Provenance.TLP, want, label)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d corpus records with a TLP label", n)
	}
}
