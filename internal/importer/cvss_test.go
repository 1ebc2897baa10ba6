package importer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Known base scores. v2 and v3.x: FIRST calculators, NVD. v4.0: the FIRST
// v4.0 examples document (CVE-2014-6271 "Shellshock" 9.3, CVE-2022-41741
// nginx mp4 7.3) and the FIRST calculator; each v4.0 score was checked
// against a second implementation (the ae-cvss-calculator npm package).
var cvssTable = []struct {
	vector string
	score  float64
}{
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
	{"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
	{"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1},
	{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8},
	{"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
	{"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C", 6.1}, // temporal metrics ignored
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3},
	{"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:N/I:L/A:N", 4.7},
	{"CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:U/C:L/I:N/A:N", 1.9},
	{"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0},
	{"AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0},
	{"AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5},
	{"AV:L/AC:L/Au:N/C:C/I:C/A:C", 7.2},
	{"AV:N/AC:M/Au:N/C:P/I:P/A:P", 6.8},
	{"AV:N/AC:L/Au:S/C:P/I:P/A:P", 6.5},
	{"AV:N/AC:L/Au:N/C:N/I:N/A:P", 5.0},
	{"AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3},
	{"AV:N/AC:H/Au:N/C:N/I:P/A:N", 2.6},
	{"(AV:N/AC:L/Au:N/C:N/I:N/A:P)", 5.0},
	{"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C", 7.5},                       // temporal metrics ignored
	{"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F", 7.5},                                  // a partial temporal group
	{"AC:L/AV:N/Au:N/C:P/I:P/A:P", 7.5},                                      // another order
	{"AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:H/TD:M", 7.5},                           // environmental metrics ignored
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3}, // FIRST example: CVE-2014-6271
	{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3}, // FIRST example: CVE-2022-41741
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0},
	{"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:L", 9.5}, // as in the corpus (JVN's showcase)
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7},
	{"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9},
	{"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H", 6.4},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.3},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1},
	{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 2.1},
	{"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0},
	// The base score (CVSS-B) ignores threat and environmental metrics:
	// with E:U the FIRST calculator's CVSS-BT score would be 8.1, and 6.5
	// with the requirements lowered too.
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 9.3},
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/IR:L/AR:L/MAV:P/S:P/AU:Y", 9.3},
	// Exactly halfway between two scores: the FIRST calculator's
	// floating-point arithmetic gives 8.549999…, rounded to 8.5 (the
	// ae-cvss-calculator package rounds the exact 8.55 up to 8.6).
	{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.5},
}

func TestCVSSScores(t *testing.T) {
	for _, c := range cvssTable {
		got, err := ParseCVSS(c.vector)
		if err != nil {
			t.Errorf("%s: %v", c.vector, err)
			continue
		}
		if got.Score != c.score {
			t.Errorf("%s: score %.1f, want %.1f", c.vector, got.Score, c.score)
		}
		want := "2.0"
		if strings.HasPrefix(c.vector, "CVSS:") {
			want = c.vector[len("CVSS:"):len("CVSS:x.x")]
		}
		if got.Version != want {
			t.Errorf("%s: version %q, want %q", c.vector, got.Version, want)
		}
	}
}

// TestCVSSErrors: a vector that does not parse is an error that quotes it;
// the importers then warn and fall back to the source's severity words.
func TestCVSSErrors(t *testing.T) {
	for vector, want := range map[string]string{
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H":          "base metric A is not defined",
		"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H":      "invalid metric value",
		"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": "AV metric abbreviation defined multiple times",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:Q/C:H/I:H/A:H":      "invalid metric value",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/":     "invalid metric abbreviation",
		"CVSS:3.2/AV:N":                       "unknown CVSS version",
		"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P": "unknown CVSS version",
		"AV:N/AC:L/Au:N/C:P/I:P":              "too short vector",
		"AV:N/AC:L/Au:N/C:X/I:P/A:P/E:F":      "invalid metric value",
		"AV:N/AC:L/Au:N/C:P/I:P/A:P/ZZ:1":     "invalid metric order",
		"AV:N/AV:N/AC:L/Au:N/C:P/I:P/A:P":     "invalid metric order",
		"":                                    "empty vector",
		" ":                                   "empty vector",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N":          "too short vector",
		"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N":     "invalid metric order",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q":     "invalid metric value",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:Z": "invalid metric value",
	} {
		_, err := ParseCVSS(vector)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), fmt.Sprintf("%q", vector)) {
			t.Errorf("%q: error %v, want %q quoting the vector", vector, err, want)
		}
	}
}

func TestSeverityOf(t *testing.T) {
	for score, want := range map[float64]string{0: "none", 0.1: "low", 3.9: "low", 4.0: "medium", 6.9: "medium", 7.0: "high", 8.9: "high", 9.0: "critical", 10: "critical"} {
		if got := severityOf(score); got != want {
			t.Errorf("severityOf(%.1f) = %s, want %s", score, got, want)
		}
	}
}

// TestCVSSCorpus checks the computed base score of every CVSS vector in the
// corpus against the score its source gives.
func TestCVSSCorpus(t *testing.T) {
	n := 0
	for _, f := range corpusFiles(t) {
		if !strings.HasSuffix(f, ".json") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			continue
		}
		walkJSON(v, func(m map[string]any) {
			vec, ok1 := m["vectorString"].(string)
			score, ok2 := m["baseScore"].(float64)
			if !ok1 || !ok2 || strings.HasPrefix(vec, "CVSS:5") { // JVN's showcase has a made-up v5

				return
			}
			n++
			c, err := ParseCVSS(vec)
			if err != nil {
				t.Errorf("%s: %s: %v", filepath.Base(f), vec, err)
			} else if c.Score != score {
				t.Errorf("%s: %s: computed %.1f, the source says %.1f", filepath.Base(f), vec, c.Score, score)
			}
		})
	}
	if n < 400 {
		t.Errorf("only %d scored vectors found in the corpus", n)
	}
	t.Logf("%d vectors checked", n)
}

func walkJSON(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, c := range x {
			walkJSON(c, fn)
		}
	case []any:
		for _, c := range x {
			walkJSON(c, fn)
		}
	}
}

// v4OnlyDocs are minimal documents whose only severity is a CVSS v4.0
// vector without a score, in each format that carries v4 vectors; %s is
// the vector.
var v4OnlyDocs = map[string]string{
	"osv.json": `{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-05-01T00:00:00Z", "published": "2024-05-01T00:00:00Z", "summary": "s",
		"affected": [{"package": {"name": "m", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.3"}]}]}],
		"severity": [{"type": "CVSS_V4", "score": "%s"}]}`,
	"csaf.json": `{"document": {"csaf_version": "2.1", "category": "csaf_security_advisory", "lang": "en", "title": "t", "publisher": {"name": "p", "category": "vendor"}, "tracking": {"id": "X-2024-1", "initial_release_date": "2024-05-01T00:00:00Z", "current_release_date": "2024-05-01T00:00:00Z"}},
		"product_tree": {"branches": [{"category": "vendor", "name": "V", "branches": [{"category": "product_name", "name": "P", "product": {"name": "P 1", "product_id": "P1"}}]}]},
		"vulnerabilities": [{"cve": "CVE-2024-0001", "product_status": {"known_affected": ["P1"]}, "metrics": [{"products": ["P1"], "content": {"cvss_v4": {"version": "4.0", "vectorString": "%s"}}}]}]}`,
	"jvn.json": `{"document": {"category": "myjvn_security_advisory", "csaf_version": "2.1", "lang": "ja", "title": "題", "publisher": {"name": "IPA"}, "tracking": {"id": "JVNDB-2024-000001", "initial_release_date": "2024-05-01T00:00:00+09:00"}},
		"vulnerabilities": [{"cve": "CVE-2024-0001", "metrics": [{"content": {"cvss_v4": {"version": "4.0", "vectorString": "%s"}}}]}], "jvn_extension": {}}`,
}

// TestV4OnlyPriority: a document whose only severity is a CVSS v4.0
// vector gets its priority from the vector's base score, not the default.
func TestV4OnlyPriority(t *testing.T) {
	for name, doc := range v4OnlyDocs {
		for _, c := range []struct {
			vector string
			want   advisory.Priority
		}{
			{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", advisory.PriorityCritical}, // 9.3
			{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", advisory.PriorityHigh},     // 7.3
			{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", advisory.PriorityLow},      // 2.1
		} {
			res, err := Import(name, []byte(fmt.Sprintf(doc, c.vector)), testOptions)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(res.Records) != 1 {
				t.Fatalf("%s: %d records", name, len(res.Records))
			}
			imp := res.Records[0]
			if got := imp.Record.Priority; got != c.want {
				t.Errorf("%s, %s: priority %s, want %s", name, c.vector, got, c.want)
			}
			if slices.Contains(imp.Record.Provenance.Unconfirmed, "priority") {
				t.Errorf("%s, %s: priority left unconfirmed, as a default", name, c.vector)
			}
			if !strings.Contains(string(imp.YAML), "CVSS 4.0") {
				t.Errorf("%s, %s: the priority comment does not name CVSS 4.0:\n%s", name, c.vector, imp.YAML)
			}
			for _, w := range res.Warnings {
				if strings.Contains(w, "CVSS") {
					t.Errorf("%s, %s: warning %q", name, c.vector, w)
				}
			}
		}
	}
}

// TestUnparseableVector: a vector that does not parse is a warning that
// quotes it; the priority then comes from what else the source says (here
// nothing: the default, to confirm), never from a guessed score.
func TestUnparseableVector(t *testing.T) {
	bad := "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q"
	for name, doc := range v4OnlyDocs {
		res, err := Import(name, []byte(fmt.Sprintf(doc, bad)), testOptions)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		imp := res.Records[0]
		if imp.Record.Priority != defaultPriority || !slices.Contains(imp.Record.Provenance.Unconfirmed, "priority") {
			t.Errorf("%s: priority %s (unconfirmed %v), want the default %s to confirm", name, imp.Record.Priority, imp.Record.Provenance.Unconfirmed, defaultPriority)
		}
		if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, bad) && strings.Contains(w, "invalid metric value") }) {
			t.Errorf("%s: warnings %q, want one quoting the vector", name, res.Warnings)
		}
	}
}
