package importer

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// CVSS is a parsed CVSS vector with its base score.
type CVSS struct {
	Version string  // "2.0", "3.0", "3.1" or "4.0"
	Vector  string  // as written in the source
	Score   float64 // base score, 0.0 to 10.0; meaningful only if Scored
	Scored  bool    // false for CVSS v4, whose score noticegen does not compute
}

// errV4 says a CVSS v4 vector was recognised but not scored: v4 scores come
// from a lookup table of macro vectors rather than a formula, and noticegen
// uses the score given by the source instead (or none).
var errV4 = errors.New("CVSS v4 base scores are not computed from the vector")

// ParseCVSS parses a CVSS v2, v3.0, v3.1 or v4.0 vector and computes its
// base score following the FIRST specifications (v4 is recognised but not
// scored: see errV4). Temporal and environmental metrics are accepted and
// ignored; base metrics must all be present, once.
func ParseCVSS(vector string) (CVSS, error) {
	v := strings.TrimSpace(vector)
	switch {
	case strings.HasPrefix(v, "CVSS:3.0/"), strings.HasPrefix(v, "CVSS:3.1/"):
		score, err := cvss3(v[len("CVSS:3.x/"):])
		if err != nil {
			return CVSS{}, fmt.Errorf("CVSS vector %q: %v", vector, err)
		}
		return CVSS{Version: v[5:8], Vector: v, Score: score, Scored: true}, nil
	case strings.HasPrefix(v, "CVSS:4.0/"):
		if _, err := metrics(v[len("CVSS:4.0/"):], []string{"AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"}); err != nil {
			return CVSS{}, fmt.Errorf("CVSS vector %q: %v", vector, err)
		}
		return CVSS{Version: "4.0", Vector: v}, errV4
	case strings.HasPrefix(v, "CVSS:"):
		return CVSS{}, fmt.Errorf("CVSS vector %q: unknown CVSS version", vector)
	}
	// CVSS v2 vectors have no prefix; some sources wrap them in parentheses
	// or write "CVSS:2.0/" (handled above as unknown: it is not standard).
	v = strings.TrimSuffix(strings.TrimPrefix(v, "("), ")")
	score, err := cvss2(v)
	if err != nil {
		return CVSS{}, fmt.Errorf("CVSS vector %q: %v", vector, err)
	}
	return CVSS{Version: "2.0", Vector: vector, Score: score, Scored: true}, nil
}

// metrics splits "AV:N/AC:L/..." and checks that every base metric is
// present exactly once.
func metrics(s string, base []string) (map[string]string, error) {
	m := map[string]string{}
	for _, part := range strings.Split(s, "/") {
		k, val, ok := strings.Cut(part, ":")
		if !ok || k == "" || val == "" {
			return nil, fmt.Errorf("malformed metric %q", part)
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("metric %s given twice", k)
		}
		m[k] = val
	}
	for _, k := range base {
		if _, ok := m[k]; !ok {
			return nil, fmt.Errorf("base metric %s missing", k)
		}
	}
	return m, nil
}

func weight(m map[string]string, metric string, w map[string]float64) (float64, error) {
	x, ok := w[m[metric]]
	if !ok {
		return 0, fmt.Errorf("invalid value %q for %s", m[metric], metric)
	}
	return x, nil
}

// cvss3 computes a CVSS v3.0/v3.1 base score (specification v3.1 §7.1,
// with the v3.1 Roundup; v3.0 and v3.1 base formulas are identical).
func cvss3(s string) (float64, error) {
	m, err := metrics(s, []string{"AV", "AC", "PR", "UI", "S", "C", "I", "A"})
	if err != nil {
		return 0, err
	}
	changed := false
	switch m["S"] {
	case "U":
	case "C":
		changed = true
	default:
		return 0, fmt.Errorf("invalid value %q for S", m["S"])
	}
	pr := map[string]float64{"N": 0.85, "L": 0.62, "H": 0.27}
	if changed {
		pr = map[string]float64{"N": 0.85, "L": 0.68, "H": 0.5}
	}
	cia := map[string]float64{"H": 0.56, "L": 0.22, "N": 0}
	var w [7]float64
	for i, x := range []struct {
		metric string
		w      map[string]float64
	}{
		{"AV", map[string]float64{"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}},
		{"AC", map[string]float64{"L": 0.77, "H": 0.44}},
		{"PR", pr},
		{"UI", map[string]float64{"N": 0.85, "R": 0.62}},
		{"C", cia}, {"I", cia}, {"A", cia},
	} {
		if w[i], err = weight(m, x.metric, x.w); err != nil {
			return 0, err
		}
	}
	iss := 1 - (1-w[4])*(1-w[5])*(1-w[6])
	var impact float64
	if changed {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	} else {
		impact = 6.42 * iss
	}
	exploitability := 8.22 * w[0] * w[1] * w[2] * w[3]
	if impact <= 0 {
		return 0, nil
	}
	if changed {
		return roundup(math.Min(1.08*(impact+exploitability), 10)), nil
	}
	return roundup(math.Min(impact+exploitability, 10)), nil
}

// roundup is the CVSS v3.1 Roundup: the smallest number with one decimal
// that is equal to or higher than x, computed in integers to avoid
// floating-point artefacts (specification v3.1, Appendix A).
func roundup(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return (math.Floor(float64(i)/10000) + 1) / 10
}

// cvss2 computes a CVSS v2 base score (CVSS v2 guide §3.2.1).
func cvss2(s string) (float64, error) {
	m, err := metrics(s, []string{"AV", "AC", "Au", "C", "I", "A"})
	if err != nil {
		return 0, err
	}
	cia := map[string]float64{"N": 0, "P": 0.275, "C": 0.660}
	var w [6]float64
	for i, x := range []struct {
		metric string
		w      map[string]float64
	}{
		{"AV", map[string]float64{"L": 0.395, "A": 0.646, "N": 1.0}},
		{"AC", map[string]float64{"H": 0.35, "M": 0.61, "L": 0.71}},
		{"Au", map[string]float64{"M": 0.45, "S": 0.56, "N": 0.704}},
		{"C", cia}, {"I", cia}, {"A", cia},
	} {
		if w[i], err = weight(m, x.metric, x.w); err != nil {
			return 0, err
		}
	}
	impact := 10.41 * (1 - (1-w[3])*(1-w[4])*(1-w[5]))
	exploitability := 20 * w[0] * w[1] * w[2]
	f := 1.176
	if impact == 0 {
		f = 0
	}
	score := ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f
	return math.Round(score*10) / 10, nil
}

// severityOf names a base score's qualitative rating (CVSS v3.1 §5; used
// for v2 scores too, so that 9.0 and above count as critical everywhere).
func severityOf(score float64) string {
	switch {
	case score >= 9.0:
		return "critical"
	case score >= 7.0:
		return "high"
	case score >= 4.0:
		return "medium"
	case score > 0:
		return "low"
	}
	return "none"
}
