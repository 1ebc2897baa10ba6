package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	gocvss31 "github.com/pandatix/go-cvss/31"
	gocvss40 "github.com/pandatix/go-cvss/40"
)

// CVSS is a parsed CVSS vector with its base score.
type CVSS struct {
	Version string  // "2.0", "3.0", "3.1" or "4.0"
	Vector  string  // as written in the source, without surrounding space
	Score   float64 // base score, 0.0 to 10.0
}

// v4NotBase are the CVSS v4.0 metrics that are not base metrics but change
// the score: the threat metric and the environmental ones. Supplemental
// metrics never change it.
var v4NotBase = []string{"E", "CR", "IR", "AR", "MAV", "MAC", "MAT", "MPR", "MUI", "MVC", "MVI", "MVA", "MSC", "MSI", "MSA"}

// ParseCVSS parses a CVSS v2, v3.0, v3.1 or v4.0 vector and computes its
// base score with github.com/pandatix/go-cvss, which follows the FIRST
// specifications. Temporal, threat and environmental metrics are checked
// and ignored: the score is the base score (for v4.0, CVSS-B). A v2 vector
// may be wrapped in parentheses, as some sources write it.
func ParseCVSS(vector string) (CVSS, error) {
	v := strings.TrimSpace(vector)
	c := CVSS{Vector: v}
	var err error
	switch {
	case v == "":
		err = errors.New("empty vector")
	case strings.HasPrefix(v, "CVSS:3.0/"):
		c.Version = "3.0"
		var p *gocvss30.CVSS30
		if p, err = gocvss30.ParseVector(v); err == nil {
			c.Score = p.BaseScore()
		}
	case strings.HasPrefix(v, "CVSS:3.1/"):
		c.Version = "3.1"
		var p *gocvss31.CVSS31
		if p, err = gocvss31.ParseVector(v); err == nil {
			c.Score = p.BaseScore()
		}
	case strings.HasPrefix(v, "CVSS:4.0/"):
		c.Version = "4.0"
		var p *gocvss40.CVSS40
		if p, err = gocvss40.ParseVector(v); err == nil {
			for _, m := range v4NotBase {
				if err = p.Set(m, "X"); err != nil {
					break
				}
			}
			c.Score = p.Score()
		}
	case strings.HasPrefix(v, "CVSS:"):
		// "CVSS:2.0/" included: v2 vectors have no prefix.
		err = errors.New("unknown CVSS version")
	default:
		c.Version = "2.0"
		v2 := strings.TrimSuffix(strings.TrimPrefix(v, "("), ")")
		var p *gocvss20.CVSS20
		if p, err = gocvss20.ParseVector(v2); err != nil {
			// go-cvss wants the metric groups complete and in the
			// specification's order; sources also write a partial
			// temporal group ("…/A:P/E:F") or another order. The base
			// score needs only the six base metrics.
			if base, ok := v2Base(v2); ok {
				p, err = gocvss20.ParseVector(base)
			}
		}
		if err == nil {
			c.Score = p.BaseScore()
		}
	}
	if err != nil {
		return CVSS{}, fmt.Errorf("CVSS vector %q: %v", vector, err)
	}
	return c, nil
}

// v2Metrics are the metric names of CVSS v2.0: base, temporal and
// environmental.
var v2Metrics = []string{"AV", "AC", "Au", "C", "I", "A", "E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"}

// v2Base returns the base metrics of a CVSS v2 vector in the
// specification's order, when the vector names only v2 metrics, each
// once, the six base ones among them.
func v2Base(v string) (string, bool) {
	seen := map[string]string{}
	for _, part := range strings.Split(v, "/") {
		k, val, ok := strings.Cut(part, ":")
		if !ok || val == "" || !slices.Contains(v2Metrics, k) {
			return "", false
		}
		if _, dup := seen[k]; dup {
			return "", false
		}
		seen[k] = val
	}
	var b []string
	for _, k := range v2Metrics[:6] {
		val, ok := seen[k]
		if !ok {
			return "", false
		}
		b = append(b, k+":"+val)
	}
	return strings.Join(b, "/"), true
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
