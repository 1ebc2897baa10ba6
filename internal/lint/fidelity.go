package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// The ids of the rules about an imported record's source.
const (
	ruleFidelity      = "source-fidelity"
	ruleSourceMissing = "source-missing"
	ruleSourceChanged = "source-changed"
)

// maxSourceSize is the largest source file read, as noticegen import
// reads no larger one.
const maxSourceSize = 32 << 20

// checkSourceFidelity checks an imported record against its source file,
// when it is at hand: every CVE id, every product with its status and
// version, every OSV package with the versions that end its affected
// ranges, and the malware flag must still be in the record.
func checkSourceFidelity(c *checker) {
	p := c.rec.Provenance
	if p.Format == "" {
		return // written by hand: no source to check against
	}
	data, path := c.findSource()
	if data == nil {
		return
	}
	f, err := readFacts(p.Format, data)
	if err != nil {
		c.report(ruleSourceMissing, "provenance.file", "the source %s cannot be read as %s (%v): the record is not checked against it", path, p.Format, err)
		return
	}
	if f.id != p.ID {
		c.report(ruleSourceChanged, "provenance.id", "the source %s is advisory %q, not %q: the record is not checked against it", path, f.id, p.ID)
		return
	}
	if sum := sha256.Sum256(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))); hex.EncodeToString(sum[:]) != p.SHA256 {
		c.report(ruleSourceChanged, "provenance.sha256", "the source %s has changed since the import (its SHA-256 is %s): the record is checked against it as it is now; re-import it, or update provenance.sha256 once the record says what it says",
			path, hex.EncodeToString(sum[:]))
	}
	fc := &fidelity{c: c, src: path, f: f}
	fc.cves()
	fc.malware()
	fc.products()
	fc.packages()
	fc.named()
	fc.marking()
}

// findSource returns the source file of the record and where it was
// found: beside the record, else in the first of Options.Sources that has
// it; a file whose SHA-256 is provenance.sha256 is preferred wherever it
// is. Without one it reports why, once, and returns nil.
func (c *checker) findSource() ([]byte, string) {
	name := c.rec.Provenance.File
	if name == "" {
		c.report(ruleSourceMissing, "provenance", "provenance names no source file: the record cannot be checked against its source")
		return nil, ""
	}
	if name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		c.report(ruleSourceMissing, "provenance.file", "%q is not a file name: the source is looked for only beside the record and in --sources", name)
		return nil, ""
	}
	var dirs []string
	if c.rec.File != "" {
		dirs = append(dirs, filepath.Dir(c.rec.File))
	}
	dirs = append(dirs, c.o.Sources...)
	var first []byte
	var firstPath string
	var problems []string
	for _, d := range dirs {
		path := filepath.Join(d, name)
		data, err := readSource(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		sum := sha256.Sum256(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if hex.EncodeToString(sum[:]) == c.rec.Provenance.SHA256 {
			return data, path
		}
		if first == nil {
			first, firstPath = data, path
		}
	}
	if first != nil {
		return first, firstPath
	}
	where := "is not beside the record (give the directory of the sources with --sources)"
	if len(c.o.Sources) > 0 {
		where = "is neither beside the record nor in " + strings.Join(c.o.Sources, ", ")
	}
	msg := fmt.Sprintf("the source %s %s: the record is not checked against it", name, where)
	if len(problems) > 0 {
		msg = fmt.Sprintf("the source %s cannot be read (%s): the record is not checked against it", name, strings.Join(problems, "; "))
	}
	c.report(ruleSourceMissing, "provenance.file", "%s", msg)
	return nil, ""
}

// readSource reads a regular file of at most maxSourceSize bytes.
func readSource(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSourceSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSourceSize {
		return nil, fmt.Errorf("%s is larger than %d MiB", path, maxSourceSize>>20)
	}
	return data, nil
}

// fidelity compares one record with the facts of its source.
type fidelity struct {
	c   *checker
	src string
	f   *sourceFacts
}

// at reports a lost fact at the field path, or, when the record has no
// such field, at the nearest of fallbacks it has.
func (fc *fidelity) at(path string, fallbacks []string, format string, args ...any) {
	c := fc.c
	for _, p := range append([]string{path}, fallbacks...) {
		if _, ok := c.rec.Positions[p]; ok {
			c.reportAt(ruleFidelity, c.rec.Positions[p], path+": "+fmt.Sprintf(format, args...))
			return
		}
	}
	c.report(ruleFidelity, path, format, args...)
}

// marking reports a record marked less strictly than its source (an
// unmarked record counts as TLP:CLEAR): its notice could go where the
// source does not allow.
func (fc *fidelity) marking() {
	want, ok := advisory.TLPFromSource(fc.f.tlp)
	have := fc.c.rec.TLP
	if !ok || max(have.Rank(), advisory.TLPClear.Rank()) >= want.Rank() {
		return
	}
	marked := "unmarked"
	if have != "" {
		marked = "marked " + have.Marking()
	}
	fc.at("tlp", []string{"provenance.tlp", "provenance"}, "the source %s is marked %s, but the record is %s: a notice made from it may go no further than the source allows; write tlp: %s (or a stricter label)", fc.src, want.Marking(), marked, want)
}

func (fc *fidelity) cves() {
	for _, id := range fc.f.cves {
		if !slices.Contains(fc.c.rec.CVEs, id) {
			fc.at("cves", []string{"provenance"}, "%s is in the source %s but not in the record", id, fc.src)
		}
	}
}

func (fc *fidelity) malware() {
	if fc.f.malware && fc.c.rec.Category != advisory.CategoryIncident {
		fc.at("category", nil, "the source %s says the package is malicious, but the category is %s: a malware notice is an incident (hosts where it was installed are compromised)", fc.src, fc.c.rec.Category)
	}
}

// statusPath is where a lost status fact is reported.
func statusPath(i int) (string, []string) {
	if i < 0 {
		return "scope.status", []string{"scope"}
	}
	return fmt.Sprintf("scope.status[%d]", i), []string{"scope.status", "scope"}
}

// products checks the CSAF products: every product with its status (for
// its CVE) and version must be in a scope.status entry of that status.
func (fc *fidelity) products() {
	if len(fc.f.products) == 0 {
		return
	}
	st := fc.c.rec.Scope.Status
	has := map[advisory.Status]bool{}
	for _, e := range st {
		has[e.Status] = true
	}
	// Missing facts, by status, CVE and product line, with the versions.
	type lost struct {
		status   advisory.Status
		cve      string
		line     string
		versions []string
	}
	var out []*lost
	index := map[string]*lost{}
	count := map[advisory.Status]int{}
	for _, pf := range fc.f.products {
		count[pf.status]++
		if !has[pf.status] || slices.ContainsFunc(st, func(e advisory.ProductStatus) bool { return entryHas(e, pf) }) {
			continue
		}
		key := string(pf.status) + "\x00" + pf.cve + "\x00" + pf.names[0]
		l := index[key]
		if l == nil {
			l = &lost{status: pf.status, cve: pf.cve, line: pf.names[0]}
			index[key] = l
			out = append(out, l)
		}
		if len(pf.versions) > 0 && !slices.Contains(l.versions, pf.versions[0]) {
			l.versions = append(l.versions, pf.versions[0])
		}
	}
	for _, s := range advisory.Statuses {
		if count[s] > 0 && !has[s] {
			path, fb := statusPath(-1)
			fc.at(path, fb, "the source %s says %s %s, but no entry has status %s", fc.src, countWord(count[s], "product is", "products are"), s, s)
		}
	}
	for _, l := range out {
		what := l.line
		if len(l.versions) > 0 {
			what += " " + cutList(l.versions, 5)
		}
		forCVE := ""
		if l.cve != "" {
			forCVE = " for " + l.cve
		}
		path, fb := statusPath(-1)
		fc.at(path, fb, "the source %s says %s is %s%s; no %s entry names it", fc.src, what, l.status, forCVE, l.status)
	}
}

// entryHas reports whether a scope.status entry says what pf says.
func entryHas(e advisory.ProductStatus, pf productFact) bool {
	if e.Status != pf.status || (pf.cve != "" && len(e.CVEs) > 0 && !slices.Contains(e.CVEs, pf.cve)) {
		return false
	}
	named := slices.ContainsFunc(e.Products, func(p string) bool {
		return slices.ContainsFunc(pf.names, func(n string) bool { return holdsWord(p, n) })
	})
	if !named {
		return false
	}
	if len(pf.versions) == 0 {
		return true
	}
	vs := append(append([]string(nil), e.Versions...), e.FixedIn...)
	return slices.ContainsFunc(vs, func(v string) bool {
		return slices.ContainsFunc(pf.versions, func(w string) bool { return holdsWord(v, w) }) ||
			slices.ContainsFunc(pf.names, func(n string) bool { return holdsWord(v, n) })
	}) || slices.ContainsFunc(e.Products, func(p string) bool {
		return slices.ContainsFunc(pf.versions, func(w string) bool { return holdsWord(p, w) })
	})
}

// holdsWord reports whether the product or version s is w, or w with
// more words before it (a vendor: "Example Networks Router RX-100") or
// after it (a version or a parenthesis: "RHEL 8 8.6", "mod (Go)").
func holdsWord(s, w string) bool {
	return w != "" && (s == w || strings.HasSuffix(s, " "+w) || strings.HasPrefix(s, w+" "))
}

// packages checks the OSV packages: each in a scope.status entry, with
// the versions that end its ranges; the fixed versions also in the
// actions. A distribution advisory names its components, so only the
// packages it names are checked, and an action must point to the errata.
func (fc *fidelity) packages() {
	if len(fc.f.packages) == 0 {
		return
	}
	fc.inventedFixes()
	if fc.f.distro {
		fc.distro()
		return
	}
	for _, pk := range fc.f.packages {
		entries := fc.entriesOf(pk)
		label := pk.name
		if pk.ecosystem != "" {
			label += " (" + pk.ecosystem + ")"
		}
		if len(entries) == 0 {
			path, fb := statusPath(-1)
			fc.at(path, fb, "the source %s names the package %s, but no affected entry names it", fc.src, label)
			continue
		}
		if fc.f.malware {
			continue // no fix to apply: remove it
		}
		fc.versions(pk, label, entries)
	}
}

// versions checks the versions that end the affected ranges of one
// package in its scope.status entries (fixed versions in fixed_in, last
// affected and limit versions in the ranges), fix commits anywhere in the
// entries or actions, and the fixes in the actions of every locale.
func (fc *fidelity) versions(pk packageFact, label string, entries []int) {
	rec := fc.c.rec
	fixedIn, ranges := map[string]bool{}, map[string]bool{}
	for _, i := range entries {
		e := rec.Scope.Status[i]
		for _, v := range e.FixedIn {
			fixedIn[v] = true
		}
		for _, v := range e.Versions {
			ranges[v] = true
			if vr, err := advisory.ParseVersion(v); err == nil {
				for _, c := range vr.Constraints {
					ranges[c.Version] = true
				}
			}
		}
	}
	path, fb := statusPath(entries[0])
	for _, v := range pk.fixed {
		if !fixedIn[v] {
			fc.at(path+".fixed_in", append([]string{path}, fb...), "the source %s gives the fixed version %s of %s; the entry does not", fc.src, v, label)
		}
	}
	for _, set := range []struct {
		what string
		vs   []string
	}{{"the last affected version", pk.last}, {"an affected range ending before", pk.limits}} {
		for _, v := range set.vs {
			if !ranges[v] {
				fc.at(path+".versions", append([]string{path}, fb...), "the source %s gives %s %s of %s; the entry does not", fc.src, set.what, v, label)
			}
		}
	}
	for _, v := range pk.commits {
		if !pseudoCommit(fixedIn, v) && !pseudoCommit(ranges, v) && !fc.inActions(v, "") {
			fc.at("actions", nil, "the source %s gives the fix commit %s of %s; neither the entry nor an action does", fc.src, v, label)
		}
	}
	if fc.f.withdrawn {
		return // the actions say it was withdrawn
	}
	for _, v := range append(append([]string(nil), pk.fixed...), pk.last...) {
		for _, loc := range fc.c.o.Locales {
			if !fc.inActions(v, loc) {
				fc.at("actions", nil, "the source %s gives %s for %s; no %s action says it", fc.src, v, label, loc)
			}
		}
	}
}

// inventedFixes reports fixed_in versions of OSV entries that no package
// the entry names is fixed in, in the source.
func (fc *fidelity) inventedFixes() {
	for i, e := range fc.c.rec.Scope.Status {
		if len(e.FixedIn) == 0 {
			continue
		}
		known := map[string]bool{}
		for _, pk := range fc.f.packages {
			if slices.ContainsFunc(e.Products, func(p string) bool { return p == pk.name || strings.HasPrefix(p, pk.name+" (") }) {
				for _, v := range pk.fixed {
					known[v] = true
				}
				for _, v := range pk.commits {
					known[v] = true
				}
			}
		}
		for j, v := range e.FixedIn {
			if !known[v] && !pseudoCommit(known, v) && !known[pseudoOf(v)] {
				p := fmt.Sprintf("scope.status[%d].fixed_in[%d]", i, j)
				fc.at(p, []string{fmt.Sprintf("scope.status[%d]", i)}, "%s is not a fixed version the source %s gives for %s", v, fc.src, strings.Join(e.Products, ", "))
			}
		}
	}
}

// pseudoOf returns the commit of a Go pseudo-version, or "".
func pseudoOf(v string) string {
	if m := pseudoRE.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}

// pseudoCommit reports whether v is a commit that one of the versions in
// have is a Go pseudo-version of.
func pseudoCommit(have map[string]bool, v string) bool {
	for h := range have {
		if m := pseudoRE.FindStringSubmatch(h); m != nil && m[1] == v {
			return true
		}
	}
	return false
}

var pseudoRE = regexp.MustCompile(`-[0-9]{14}-([0-9a-f]{12})$`)

// inActions reports whether an action's text in loc (any locale for "")
// gives the version v: as written, without a "-0" pre-release suffix, or
// the commit of a Go pseudo-version.
func (fc *fidelity) inActions(v, loc string) bool {
	forms := []string{v}
	if s := strings.TrimSuffix(v, "-0"); s != v {
		forms = append(forms, s)
	}
	if m := pseudoRE.FindStringSubmatch(v); m != nil {
		forms = append(forms, m[1])
	}
	for _, a := range fc.c.rec.Actions {
		for l, s := range a {
			if loc != "" && l != loc {
				continue
			}
			if slices.ContainsFunc(forms, func(f string) bool { return versionIn(s, f) }) {
				return true
			}
		}
	}
	return false
}

// versionIn reports whether text holds the version v, not as part of a
// longer version.
func versionIn(text, v string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], v)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(v)
		before := j == 0 || !isVersionChar(text[j-1])
		after := end == len(text) || !isVersionChar(text[end]) ||
			(strings.IndexByte(".:-+_~", text[end]) >= 0 && (end+1 == len(text) || !isVersionChar(text[end+1])))
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isVersionChar(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '.' || b == '-' || b == '+' || b == '_' || b == '~' || b == ':'
}

// entriesOf returns the indexes of the affected scope.status entries that
// name the package: by its name, alone or with its ecosystem.
func (fc *fidelity) entriesOf(pk packageFact) []int {
	var out []int
	for i, e := range fc.c.rec.Scope.Status {
		if e.Status != advisory.StatusAffected {
			continue
		}
		if slices.ContainsFunc(e.Products, func(p string) bool { return p == pk.name || strings.HasPrefix(p, pk.name+" (") }) {
			out = append(out, i)
		}
	}
	return out
}

// distro checks a distribution advisory: an affected entry that names
// packages of the source, the fixed versions of the packages it names, and
// an action that points to the advisory.
func (fc *fidelity) distro() {
	rec := fc.c.rec
	named := false
	for _, pk := range fc.f.packages {
		entries := fc.entriesOf(pk)
		if len(entries) == 0 {
			continue
		}
		named = true
		have := map[string]bool{}
		for _, i := range entries {
			for _, v := range rec.Scope.Status[i].FixedIn {
				have[v] = true
			}
		}
		path, fb := statusPath(entries[0])
		for _, v := range pk.fixed {
			if !have[v] {
				fc.at(path, fb, "the source %s gives the fixed version %s of %s; the entry does not", fc.src, v, pk.name)
			}
		}
	}
	if !named && !slices.ContainsFunc(rec.Scope.Status, func(e advisory.ProductStatus) bool { return e.Status == advisory.StatusAffected }) {
		path, fb := statusPath(-1)
		fc.at(path, fb, "the source %s is a distribution advisory with %d packages, but no affected entry names its components", fc.src, len(fc.f.packages))
	}
	for _, loc := range fc.c.o.Locales {
		if !slices.ContainsFunc(rec.Actions, func(a advisory.Text) bool { return strings.Contains(a[loc], fc.f.id) }) {
			fc.at("actions", nil, "the source %s lists its fixed packages per product; no %s action points to %s", fc.src, loc, fc.f.id)
		}
	}
}

// named checks the products a VULDEF document names: in scope.status or
// in scope.product, in some locale.
func (fc *fidelity) named() {
	rec := fc.c.rec
	for _, n := range fc.f.named {
		in := slices.ContainsFunc(rec.Scope.Status, func(e advisory.ProductStatus) bool {
			return slices.ContainsFunc(e.Products, func(p string) bool { return strings.Contains(p, n) })
		})
		for _, s := range rec.Scope.Product {
			in = in || strings.Contains(s, n)
		}
		if !in {
			fc.at("scope.product", []string{"scope"}, "the source %s names the affected product %s; the scope does not", fc.src, n)
		}
	}
}

// countWord words a count: "1 product is", "3 products are".
func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// cutList joins up to n items and says how many more there are.
func cutList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
