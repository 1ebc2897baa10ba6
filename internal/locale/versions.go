package locale

import (
	"regexp"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// pseudoRE matches a Go pseudo-version: a commit, not a release
// (v0.0.0-20240101120000-abcdef123456, v1.2.4-0.20240101120000-abcdef123456).
var pseudoRE = regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+-(?:[0-9A-Za-z.]*\.)?([0-9]{4})([0-9]{2})([0-9]{2})[0-9]{6}-([0-9a-f]{12})$`)

// zeroPreRE matches the Go vulnerability database's "1.22.0-0", the first
// pre-release of 1.22.0: the 1.22.0 line from its first pre-release on.
var zeroPreRE = regexp.MustCompile(`^(v?[0-9]+\.[0-9]+\.[0-9]+)-0$`)

// VersionWord words one version in loc: a Go pseudo-version as the commit
// it stands for ("version.pseudo"), "1.22.0-0" as 1.22.0, anything else as
// written.
func (c *Catalog) VersionWord(loc, v string) (string, error) {
	v = strings.TrimSpace(v)
	if m := pseudoRE.FindStringSubmatch(v); m != nil {
		return c.T(loc, "version.pseudo", map[string]any{"Date": m[1] + "-" + m[2] + "-" + m[3], "Commit": m[4]})
	}
	if m := zeroPreRE.FindStringSubmatch(v); m != nil {
		return m[1], nil
	}
	return v, nil
}

// isZero reports whether v is a lower bound that bounds nothing: "0" (OSV's
// "from the first version").
func isZero(v string) bool { return v == "0" || v == "0.0.0" || v == "v0.0.0" }

// Version words a version as records write it (advisory.ParseVersion) in
// loc: "*" and vers:all/* as "version.all", a lower and an upper bound as
// one phrase ("2.9 through 4.1", "2.9 以上 4.1 以下"), single bounds as
// "before 4.1" and the like. Text that is not a vers: range is worded as
// one version. A malformed vers: range is returned as written; the record
// validator reports it.
func (c *Catalog) Version(loc, v string) (string, error) {
	vr, err := advisory.ParseVersion(v)
	if err != nil {
		return v, nil
	}
	if vr.All {
		return c.T(loc, "version.all", nil)
	}
	var parts []string
	cs := vr.Constraints
	for i := 0; i < len(cs); i++ {
		lo := cs[i]
		if (lo.Op == ">=" || lo.Op == ">") && i+1 < len(cs) && (cs[i+1].Op == "<" || cs[i+1].Op == "<=") {
			hi := cs[i+1]
			i++
			from, err := c.VersionWord(loc, lo.Version)
			if err != nil {
				return "", err
			}
			to, err := c.VersionWord(loc, hi.Version)
			if err != nil {
				return "", err
			}
			var id string
			switch {
			case isZero(lo.Version) && hi.Op == "<":
				id, from = "version.before", to
			case isZero(lo.Version):
				id, from = "version.through", to
			case lo.Op == ">=" && hi.Op == "<=":
				id = "version.from_through"
			case lo.Op == ">=":
				id = "version.from_before"
			case hi.Op == "<=":
				id = "version.after_through"
			default:
				id = "version.after_before"
			}
			s, err := c.T(loc, id, map[string]any{"From": from, "To": to, "V": from})
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
			continue
		}
		w, err := c.VersionWord(loc, lo.Version)
		if err != nil {
			return "", err
		}
		id := map[string]string{"<": "version.before", "<=": "version.through", ">=": "version.from", ">": "version.after", "!=": "version.except"}[lo.Op]
		if lo.Op == ">=" && isZero(lo.Version) {
			id = "version.all"
		}
		if id == "" {
			parts = append(parts, w)
			continue
		}
		s, err := c.T(loc, id, map[string]any{"V": w})
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return c.List(loc, parts, 0)
}

// List joins items for a sentence with the locale's "list.separator",
// showing at most max of them (0: all) and counting the rest with
// "list.more" ("a, b and 3 more" / "a、b ほか 3 件").
func (c *Catalog) List(loc string, items []string, max int) (string, error) {
	sep, err := c.T(loc, "list.separator", nil)
	if err != nil {
		return "", err
	}
	if max <= 0 || len(items) <= max {
		return strings.Join(items, sep), nil
	}
	return c.T(loc, "list.more", map[string]any{"List": strings.Join(items[:max], sep), "Count": len(items) - max})
}

// Versions words a list of versions (Version each) as one list of the
// locale (List).
func (c *Catalog) Versions(loc string, vs []string) (string, error) {
	words := make([]string, 0, len(vs))
	for _, v := range vs {
		s, err := c.Version(loc, v)
		if err != nil {
			return "", err
		}
		words = append(words, s)
	}
	return c.List(loc, words, 0)
}
