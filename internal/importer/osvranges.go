package importer

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// osvFix collects what the ranges of one affected package say about
// fixes: every fixed, last_affected and limit event, and fix commits.
type osvFix struct {
	versions, commits, last, limits []string
	sourceCommits                   []string // fix commits given beside fixed versions
}

func (f *osvFix) empty() bool {
	return len(f.versions)+len(f.commits)+len(f.last)+len(f.limits) == 0
}

func (f *osvFix) key() string {
	return strings.Join(f.versions, "\x00") + "\x01" + strings.Join(f.commits, "\x00") + "\x01" + strings.Join(f.last, "\x00") + "\x01" + strings.Join(f.limits, "\x00") + "\x01" + strings.Join(f.sourceCommits, "\x00")
}

func (f *osvFix) merge(g *osvFix) {
	for _, v := range g.versions {
		f.versions = uniq(f.versions, v)
	}
	for _, v := range g.commits {
		f.commits = uniq(f.commits, v)
	}
	for _, v := range g.last {
		f.last = uniq(f.last, v)
	}
	for _, v := range g.limits {
		f.limits = uniq(f.limits, v)
	}
	for _, v := range g.sourceCommits {
		f.sourceCommits = uniq(f.sourceCommits, v)
	}
}

func shortHash(s string) string {
	if len(s) == 40 && strings.Trim(s, "0123456789abcdef") == "" {
		return s[:12]
	}
	return s
}

// versScheme is the vers: scheme for an OSV ecosystem ("Debian:11" is
// deb); records only word the ranges, so the scheme names the versioning
// for a reader.
func versScheme(eco string) string {
	base, _, _ := strings.Cut(eco, ":")
	switch base {
	case "Go":
		return "golang"
	case "PyPI":
		return "pypi"
	case "npm":
		return "npm"
	case "RubyGems":
		return "gem"
	case "crates.io":
		return "cargo"
	case "Maven":
		return "maven"
	case "NuGet":
		return "nuget"
	case "Packagist":
		return "composer"
	case "Debian", "Ubuntu":
		return "deb"
	case "Alpine":
		return "alpine"
	case "Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE":
		return "rpm"
	}
	return "generic"
}

// versRange writes a range as a vers: string when its versions allow it;
// else nil (the caller words it another way).
func versRange(scheme string, cons ...string) (string, bool) {
	var parts []string
	for _, c := range cons {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		return "*", true
	}
	s := "vers:" + scheme + "/" + strings.Join(parts, "|")
	if _, err := advisory.ParseVersion(s); err != nil {
		return "", false
	}
	return s, true
}

func isZeroVersion(v string) bool { return v == "" || v == "0" }

// rangeVersions turns the events of one SEMVER or ECOSYSTEM range into
// vers: ranges, pair by pair, and collects every fixed, last_affected and
// limit event.
func rangeVersions(scheme string, events []map[string]flexStr, f *osvFix) (out []string, odd []*msg) {
	intro, open := "", false
	lower := func() string {
		if isZeroVersion(intro) {
			return ""
		}
		return ">=" + intro
	}
	add := func(upper, end string) {
		if s, ok := versRange(scheme, lower(), upper); ok {
			out = uniq(out, s)
			return
		}
		odd = append(odd, say("range.raw", "From", intro, "To", end))
	}
	for _, e := range events {
		switch {
		case e["introduced"] != "":
			if open {
				add("", "")
			}
			intro, open = string(e["introduced"]), true
		case e["fixed"] != "":
			fx := string(e["fixed"])
			f.versions = uniq(f.versions, fx)
			add("<"+fx, fx)
			open = false
		case e["last_affected"] != "":
			la := string(e["last_affected"])
			f.last = uniq(f.last, la)
			add("<="+la, la)
			open = false
		case e["limit"] != "":
			lm := string(e["limit"])
			if lm != "*" {
				f.limits = uniq(f.limits, lm)
				add("<"+lm, lm)
			} else {
				add("", "")
			}
			open = false
		}
	}
	if open {
		add("", "")
	}
	return out, odd
}

// gitRanges words the events of a GIT range: commits are not versions.
func gitRanges(events []map[string]flexStr, f *osvFix) []*msg {
	var out []*msg
	var fixes []string
	intro, open := "", false
	for _, e := range events {
		switch {
		case e["introduced"] != "":
			intro, open = string(e["introduced"]), true
		case e["fixed"] != "":
			fixes = uniq(fixes, shortHash(string(e["fixed"])))
			f.commits = uniq(f.commits, shortHash(string(e["fixed"])))
			open = false
		case e["last_affected"] != "":
			f.last = uniq(f.last, shortHash(string(e["last_affected"])))
			out = append(out, say("range.commit_through", "Commit", shortHash(string(e["last_affected"]))))
			open = false
		case e["limit"] != "":
			f.limits = uniq(f.limits, shortHash(string(e["limit"])))
			out = append(out, say("range.commit_limit", "Commit", shortHash(string(e["limit"]))))
			open = false
		}
	}
	if len(fixes) > 0 {
		out = append(out, say("range.without_commit", "Commits", names{fixes, 0}))
	} else if open {
		if isZeroVersion(intro) {
			out = append(out, say("range.all_no_fix"))
		} else {
			out = append(out, say("range.from_commit", "Commit", shortHash(intro)))
		}
	}
	return out
}

// releaseLineRE reads the release line of a version: 1.21.9 is 1.21.x.
var releaseLineRE = regexp.MustCompile(`^(v?[0-9]+\.[0-9]+)\.[0-9]+`)

// fixActions says what to do about each set of packages sharing the same
// fixes: every fixed version (by release line when there are several),
// last affected version, limit and fix commit reaches an action; the
// packages without any are named in one action.
func fixActions(pkgs []string, fixes map[string]*osvFix, display map[string]string) []*msg {
	var out []*msg
	type set struct {
		pkgs []string
		fix  *osvFix
	}
	var sets []*set
	byKey := map[string]*set{}
	var nofix []string
	for _, p := range pkgs {
		f := fixes[p]
		if f.empty() {
			nofix = uniq(nofix, display[p])
			continue
		}
		s, ok := byKey[f.key()]
		if !ok {
			s = &set{fix: f}
			byKey[f.key()] = s
			sets = append(sets, s)
		}
		s.pkgs = uniq(s.pkgs, display[p])
	}
	for _, s := range sets {
		f, pk := s.fix, names{s.pkgs, 0}
		switch {
		case len(f.versions) == 1:
			out = append(out, say("action.upgrade", "Packages", pk, "Version", ver(f.versions[0])))
		case len(f.versions) > 1:
			var lines []any
			byLine := true
			seen := map[string]bool{}
			for _, v := range f.versions {
				m := releaseLineRE.FindStringSubmatch(v)
				if m == nil || seen[m[1]] {
					byLine = false
					break
				}
				seen[m[1]] = true
				lines = append(lines, say("fix.line", "Line", m[1]+".x", "Version", ver(v)))
			}
			if byLine {
				out = append(out, say("action.upgrade_lines", "Packages", pk, "Lines", msgList(lines)))
			} else {
				out = append(out, say("action.upgrade_any", "Packages", pk, "Versions", vers(f.versions)))
			}
		}
		if len(f.commits) > 0 {
			out = append(out, say("action.commit", "Packages", pk, "Commits", names{f.commits, 0}))
		}
		if len(f.sourceCommits) > 0 {
			out = append(out, say("action.source_commit", "Packages", pk, "Commits", names{f.sourceCommits, 0}))
		}
		if len(f.last) > 0 && len(f.versions) == 0 {
			out = append(out, say("action.last_affected", "Packages", pk, "Versions", vers(f.last)))
		}
		if len(f.limits) > 0 && len(f.versions) == 0 {
			out = append(out, say("action.limit", "Packages", pk, "Versions", vers(f.limits)))
		}
	}
	if len(nofix) > 0 {
		out = append(out, say("action.no_fix", "Packages", names{nofix, 0}))
	}
	return out
}

// msgList is a list of messages, worded and joined per locale.
type msgList []any

// repoName is a repository's name ("graylog2-server"); repoOwner its
// owner ("graylog2").
func repoName(repo string) string {
	u, err := url.Parse(strings.TrimSuffix(repo, ".git"))
	if err != nil || u.Host == "" {
		return oneLine(repo)
	}
	return oneLine(u.Host + u.Path)
}

func repoOwner(repo string) string {
	u, err := url.Parse(repo)
	if err != nil || u.Host == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) > 1 {
		return oneLine(parts[0])
	}
	return oneLine(u.Host)
}

var refTypes = []string{"ADVISORY", "ARTICLE", "DETECTION", "DISCUSSION", "REPORT", "FIX", "INTRODUCED", "PACKAGE", "EVIDENCE", "WEB"}

// refWords titles an OSV reference by its type and host.
func refWords(r osvRef) *msg {
	typ := "WEB"
	for _, t := range refTypes {
		if t == r.Type {
			typ = t
		}
	}
	kind := say("reftype." + strings.ToLower(typ))
	host := ""
	if u, err := url.Parse(r.URL); err == nil {
		host = oneLine(u.Host)
	}
	if host == "" {
		return say("ref.typed_nohost", "Type", kind)
	}
	return say("ref.typed", "Type", kind, "Host", host)
}
