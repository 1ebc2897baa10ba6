package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// jvndbURL is the JVN iPedia page of a JVNDB id.
func jvndbURL(id string) string {
	if m := regexp.MustCompile(`^JVNDB-([0-9]{4})-[0-9]{6}$`).FindStringSubmatch(id); m != nil {
		return "https://jvndb.jvn.jp/ja/contents/" + m[1] + "/" + id + ".html"
	}
	return ""
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// parseTime reads the date-times of CSAF, OSV and JVN: RFC 3339 with any
// fraction, or a plain date. Unknown and zero times give the zero time.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() <= 1 {
				return time.Time{}
			}
			return t
		}
	}
	return time.Time{}
}

func refTitle(r csafRef) string {
	s := oneLine(r.Summary)
	if src := oneLine(r.Source); src != "" && s != "" && !strings.Contains(s, " ") && !strings.Contains(s, src) {
		return src + ": " + s
	}
	return s
}

// noteText returns the text of the first note of the first category found.
func noteText(notes []csafNote, categories ...string) string {
	for _, c := range categories {
		for _, n := range notes {
			if n.Category == c && strings.TrimSpace(n.Text) != "" {
				return n.Text
			}
		}
	}
	return ""
}

// boilerplate matches titles of general notes that are the same in every
// advisory of a publisher (disclaimers, generic recommendations).
var boilerplate = regexp.MustCompile(`(?i)disclaimer|terms of use|legal|recommend|resources|policy|conversion`)

// overviewNotes picks the document notes that say what happened.
func overviewNotes(notes []csafNote) []string {
	var picked []csafNote
	for _, n := range notes {
		switch n.Category {
		case "description", "details":
		case "general":
			if boilerplate.MatchString(n.Title) {
				continue
			}
		default:
			continue
		}
		if strings.TrimSpace(n.Text) != "" {
			picked = append(picked, n)
		}
	}
	var out []string
	for _, n := range picked {
		text := clip(unwrap(cleanText(htmlText(n.Text))), maxParagraph)
		if len(picked) > 1 && oneLine(n.Title) != "" {
			text = oneLine(n.Title) + ": " + text
		}
		out = append(out, text)
	}
	return out
}

// vulnScore finds the base score of one vulnerability: of its newest CVSS
// version (v4, then v3.x, then v2), computed from the vector when the
// source gives none.
func (d *doc) vulnScore(v csafVuln, label string) (scored, bool) {
	var cands []*cvssJSON
	for _, m := range v.Metrics {
		cands = append(cands, m.Content.CVSSv4, m.Content.CVSSv3, m.Content.CVSSv2)
	}
	for _, s := range v.Scores {
		cands = append(cands, s.CVSSv3, s.CVSSv2)
	}
	var best scored
	found, bestRank := false, -1
	for _, c := range cands {
		if c == nil {
			continue
		}
		sc, ok := d.score(c, label)
		if !ok {
			continue
		}
		rank := versionRank(sc.version)
		if !found || rank > bestRank || (rank == bestRank && sc.score > best.score) {
			best, found, bestRank = sc, true, rank
		}
	}
	if found {
		d.scores = append(d.scores, best)
	}
	return best, found
}

func versionRank(v string) int {
	switch {
	case strings.HasPrefix(v, "4"):
		return 4
	case strings.HasPrefix(v, "3"):
		return 3
	}
	return 2
}

// score reads one CVSS object: the given base score, checked against the
// vector; or the vector's computed score when none is given.
func (d *doc) score(c *cvssJSON, label string) (scored, bool) {
	parsed, err := ParseCVSS(c.VectorString)
	version := c.Version
	if version == "" {
		version = parsed.Version
	}
	switch {
	case c.BaseScore != nil:
		given := float64(*c.BaseScore)
		if given < 0 || given > 10 {
			d.warnings = append(d.warnings, fmt.Sprintf("%s: CVSS base score %v is out of range", label, given))
			return scored{}, false
		}
		if err == nil && abs(parsed.Score-given) > 0.05 {
			d.warnings = append(d.warnings, fmt.Sprintf("%s: the CVSS base score %.1f does not match its vector %s (computed %.1f); the given score is used", label, given, oneLine(c.VectorString), parsed.Score))
		}
		return scored{score: given, version: version, of: label}, true
	case err == nil:
		return scored{score: parsed.Score, version: version, of: label}, true
	case c.VectorString != "":
		d.warnings = append(d.warnings, fmt.Sprintf("%s: %v", label, err))
	}
	if c.BaseSeverity != "" {
		d.labels = append(d.labels, c.BaseSeverity)
	}
	return scored{}, false
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// vulnText is what a vulnerability's notes (or impact statements) say.
func vulnText(v csafVuln) string {
	text := noteText(v.Notes, "description", "summary", "details", "general")
	if text == "" {
		for _, th := range v.Threats {
			if th.Category == "impact" && len([]rune(th.Details)) > 20 {
				return th.Details
			}
		}
	}
	return text
}

type vulnPara struct {
	label    string
	text     string
	extra    string // added after the clipped text
	fallback bool   // label made up from the position: not worth a line alone
	score    float64
	version  string
	scored   bool
}

const maxVulnParas = 10

// vulnOverview words the vulnerabilities: every one when there are few,
// else the most severe with a count of the rest.
func vulnOverview(ps []vulnPara, ja bool) ([]string, *msg) {
	if len(ps) == 0 {
		return nil, nil
	}
	shown := ps
	if len(ps) > maxVulnParas {
		shown = make([]vulnPara, len(ps))
		copy(shown, ps)
		// stable: most severe first, source order among equals
		for i := 1; i < len(shown); i++ {
			for j := i; j > 0 && shown[j].score > shown[j-1].score; j-- {
				shown[j], shown[j-1] = shown[j-1], shown[j]
			}
		}
		shown = shown[:maxVulnParas]
	}
	var out []string
	for _, p := range shown {
		head := p.label
		if p.scored {
			head += fmt.Sprintf(" (CVSS %s %.1f)", p.version, p.score)
		}
		text := unwrap(cleanText(htmlText(p.text)))
		if len(ps) > 3 {
			text = firstSentence(text, 200)
		} else {
			text = clip(text, 600)
		}
		if p.extra != "" {
			text = strings.TrimSpace(text + "\n" + p.extra)
		}
		if text == "" {
			if len(ps) == 1 || p.fallback {
				continue
			}
			out = append(out, head)
			continue
		}
		sep := ": "
		if ja {
			sep = "："
		}
		out = append(out, head+sep+text)
	}
	if more := len(ps) - len(shown); more > 0 {
		id := "note.more_vulns"
		for _, p := range ps {
			if p.scored {
				id = "note.more_vulns_scored"
				break
			}
		}
		return out, say(id, "Count", itoa(more), "Shown", itoa(len(shown)))
	}
	return out, nil
}

// csafRemediation is one remediation of a CSAF vulnerability.
type csafRemediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	URL        string   `json:"url"`
	ProductIDs []string `json:"product_ids"`
	GroupIDs   []string `json:"group_ids"`
}

// isHeading reports whether remediation details are only a heading that
// introduces what follows: one line ending in a colon ("…take the
// following measures:").
func isHeading(details string) bool {
	d := strings.TrimSpace(details)
	return d != "" && !strings.Contains(d, "\n") && (strings.HasSuffix(d, ":") || strings.HasSuffix(d, "："))
}

// joinHeadings joins a remediation that is only a heading with the
// remediations it introduces, so that it does not become a step of its
// own: the entries after it of the same category and products become its
// items ("- item", each with its URL); a heading followed by none becomes
// the lead-in of the next remediation. A heading with nothing after it is
// kept as it is: it is all the source says.
func joinHeadings(rs []csafRemediation) []csafRemediation {
	var out []csafRemediation
	for i := 0; i < len(rs); i++ {
		h := rs[i]
		if !isHeading(h.Details) || i+1 == len(rs) || isHeading(rs[i+1].Details) {
			out = append(out, h)
			continue
		}
		text := strings.TrimSpace(h.Details)
		j := i + 1
		for ; j < len(rs) && !isHeading(rs[j].Details) && rs[j].Category == h.Category &&
			slices.Equal(rs[j].ProductIDs, h.ProductIDs) && slices.Equal(rs[j].GroupIDs, h.GroupIDs); j++ {
			if item := asItem(rs[j]); item != "" {
				text += "\n" + item
			}
		}
		if j > i+1 {
			h.Details = text
			out = append(out, h)
			i = j - 1
			continue
		}
		// No items of its own: the lead-in of the next remediation, for
		// the products of both.
		next := rs[i+1]
		next.Details = text + "\n" + asItem(next)
		next.URL = ""
		next.ProductIDs = concat(h.ProductIDs, next.ProductIDs)
		next.GroupIDs = concat(h.GroupIDs, next.GroupIDs)
		out = append(out, next)
		i++
	}
	return out
}

// asItem words a remediation as an item of a list: "- details URL".
func asItem(r csafRemediation) string {
	item := strings.TrimSpace(r.Details)
	if u := strings.TrimSpace(r.URL); u != "" && !strings.Contains(item, u) {
		item = strings.TrimSpace(item + " " + u)
	}
	if item != "" && !listItemRE.MatchString(item) {
		item = "- " + item
	}
	return item
}
