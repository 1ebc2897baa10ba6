package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Known base scores (FIRST calculators, NVD).
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
}

func TestCVSSScores(t *testing.T) {
	for _, c := range cvssTable {
		got, err := ParseCVSS(c.vector)
		if err != nil {
			t.Errorf("%s: %v", c.vector, err)
			continue
		}
		if !got.Scored || got.Score != c.score {
			t.Errorf("%s: score %.1f (scored %v), want %.1f", c.vector, got.Score, got.Scored, c.score)
		}
	}
}

func TestCVSSErrors(t *testing.T) {
	for vector, want := range map[string]string{
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H":          "base metric A missing",
		"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H":      `invalid value "X" for AV`,
		"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": "metric AV given twice",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:Q/C:H/I:H/A:H":      `invalid value "Q" for S`,
		"CVSS:3.2/AV:N":          "unknown CVSS version",
		"AV:N/AC:L/Au:N/C:P/I:P": "base metric A missing",
		"":                       "malformed metric",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/": "malformed metric",
	} {
		_, err := ParseCVSS(vector)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", vector, err, want)
		}
	}
	c, err := ParseCVSS("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
	if err != errV4 || c.Scored || c.Version != "4.0" {
		t.Errorf("v4: %+v, %v; want recognised, not scored", c, err)
	}
}

func TestSeverityOf(t *testing.T) {
	for score, want := range map[float64]string{0: "none", 0.1: "low", 3.9: "low", 4.0: "medium", 6.9: "medium", 7.0: "high", 8.9: "high", 9.0: "critical", 10: "critical"} {
		if got := severityOf(score); got != want {
			t.Errorf("severityOf(%.1f) = %s, want %s", score, got, want)
		}
	}
}

// TestCVSSCorpus checks the computed base score of every CVSS v2/v3 vector
// in the corpus against the score its source gives.
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
			if !ok1 || !ok2 || strings.HasPrefix(vec, "CVSS:4") || strings.HasPrefix(vec, "CVSS:5") {
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
