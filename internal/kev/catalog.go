// Package kev reads a local copy of CISA's Known Exploited Vulnerabilities
// (KEV) catalog — the JSON feed known_exploited_vulnerabilities.json, in
// the form of the JSON schema CISA publishes beside it — and relates it to
// records: which of a record's vulnerabilities are known to be exploited,
// and the latest deadline a notice about them may give (policy.go).
// noticegen never fetches the catalog: a user downloads it and names the
// file (import --kev, check --kev).
//
// Parse is strict about what makes the file the catalog (an object with
// catalogVersion, dateReleased, count and a vulnerabilities list whose
// entries have the fields the schema requires, dates that are dates, CVE
// ids that are CVE ids) and tolerant of keys it does not know, which CISA
// adds from time to time. Every problem is reported at once, located as
// path:line:col.
package kev

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
)

// MaxSize is the largest catalog file read, in bytes. The whole catalog
// was about 1.5 MB in 2025; a file over the limit is refused before it is
// read.
const MaxSize = 64 << 20

// Catalog is one copy of the KEV catalog.
type Catalog struct {
	File     string    // the path it was read from, for messages
	Title    string    // "CISA Catalog of Known Exploited Vulnerabilities"
	Version  string    // catalogVersion, e.g. 2025.02.25
	Released time.Time // dateReleased
	Vulns    []Vuln    // in the file's order (CISA lists the newest first)
	index    map[string]int
}

// Vuln is one entry of the catalog.
type Vuln struct {
	CVE            string        // cveID
	Vendor         string        // vendorProject
	Product        string        // product
	Name           string        // vulnerabilityName
	Added          advisory.Date // dateAdded
	Description    string        // shortDescription
	RequiredAction string        // requiredAction
	Due            advisory.Date // dueDate: for US federal agencies (BOD 22-01)
	Ransomware     bool          // knownRansomwareCampaignUse is "Known"
	Notes          string        // notes
	CWEs           []string      // cwes
	Pos            advisory.Pos  // where the entry starts in the file
}

// Lookup returns the entry of a CVE id.
func (c *Catalog) Lookup(cve string) (Vuln, bool) {
	i, ok := c.index[cve]
	if !ok {
		return Vuln{}, false
	}
	return c.Vulns[i], true
}

// Name words the catalog for messages: its file and version.
func (c *Catalog) Name() string {
	return fmt.Sprintf("%s (catalogVersion %s)", c.File, c.Version)
}

// Load reads and parses the catalog file at path. Errors are
// advisory.ErrorLists naming the file.
func Load(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, advisory.BareError(err).Error())
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fileError(path, advisory.BareError(err).Error())
	case fi.IsDir():
		return nil, fileError(path, "is a directory, not the catalog file")
	case fi.Mode().IsRegular() && fi.Size() > MaxSize:
		return nil, fileError(path, fmt.Sprintf("file is %d bytes; the catalog may be at most %d bytes", fi.Size(), MaxSize))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fileError(path, advisory.BareError(err).Error())
	}
	if len(data) > MaxSize {
		return nil, fileError(path, fmt.Sprintf("file is larger than %d bytes, the limit for the catalog", MaxSize))
	}
	return Parse(path, data)
}

func fileError(file, msg string) error {
	return advisory.ErrorList{{File: file, Msg: msg}}
}

// notCatalog is the error of a file that is something else.
func notCatalog(file, why string) error {
	return fileError(file, "not a KEV catalog: "+why)
}

// Parse parses a catalog; file names it in messages. It reports every
// problem of the file at once, as an advisory.ErrorList.
func Parse(file string, data []byte) (*Catalog, error) {
	data = []byte(strings.TrimPrefix(string(data), "\ufeff"))
	trimmed := strings.TrimSpace(string(data))
	switch {
	case trimmed == "":
		return nil, notCatalog(file, "the file is empty")
	case !utf8.Valid(data):
		off := advisory.InvalidUTF8(data)
		return nil, advisory.ErrorList{{File: file, Pos: advisory.OffsetPos(data, off), Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x); the catalog is UTF-8 JSON", data[off])}}
	case strings.HasPrefix(trimmed, "cveID,"):
		return nil, notCatalog(file, "this is the CSV form of the catalog; give the JSON feed (known_exploited_vulnerabilities.json)")
	case trimmed[0] != '{' && trimmed[0] != '[':
		return nil, notCatalog(file, "not a JSON document (give the JSON feed, known_exploited_vulnerabilities.json)")
	}
	r := newReader(data)
	root, err := r.document()
	if err != nil {
		se := err.(*errSyntax)
		return nil, advisory.ErrorList{{File: file, Pos: r.pos(se.off), Msg: se.msg}}
	}
	if root.kind != '{' {
		return nil, notCatalog(file, fmt.Sprintf("the file holds %s, not the catalog's object", root.kindName()))
	}
	vulns := root.get("vulnerabilities")
	if vulns == nil {
		return nil, notCatalog(file, `no "vulnerabilities" list`)
	}
	if root.get("catalogVersion") == nil {
		why := `no "catalogVersion"`
		if root.get("document") != nil {
			why += " (this looks like a CSAF document: import it as an advisory, not as --kev)"
		}
		return nil, notCatalog(file, why)
	}
	p := &parser{r: r, file: file}
	c := &Catalog{File: file, index: map[string]int{}}
	p.dups(root, "")
	c.Title = p.str(root, "title", "", false)
	c.Version = p.str(root, "catalogVersion", "", true)
	if s := p.str(root, "dateReleased", "", true); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			p.add(root.get("dateReleased"), "dateReleased", "invalid time %q: want an RFC 3339 time such as 2025-02-25T20:33:53.3676Z", s)
		}
		c.Released = t
	}
	count, countOK := -1, false
	if n := root.get("count"); n == nil {
		p.add(root, "", `missing "count"`)
	} else if i, err := strconv.Atoi(n.num.String()); n.kind != 'n' || err != nil || i < 0 {
		p.add(n, "count", "want the number of vulnerabilities, got %s", describe(n))
	} else {
		count, countOK = i, true
	}
	if vulns.kind != '[' {
		p.add(vulns, "vulnerabilities", "want a list, got %s", vulns.kindName())
	} else {
		for i, v := range vulns.items {
			if x, ok := p.vuln(v, fmt.Sprintf("vulnerabilities[%d]", i)); ok {
				if j, dup := c.index[x.CVE]; dup {
					p.add(v.get("cveID"), fmt.Sprintf("vulnerabilities[%d].cveID", i), "%s is listed twice (also vulnerabilities[%d])", x.CVE, j)
					continue
				}
				c.index[x.CVE] = len(c.Vulns)
				c.Vulns = append(c.Vulns, x)
			}
		}
		if countOK && count != len(vulns.items) {
			p.add(root.get("count"), "count", "is %d, but the file lists %d vulnerabilities: a cut or edited copy? Download the catalog again", count, len(vulns.items))
		}
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// describe words a value for messages: its kind, and a short value.
func describe(n *node) string {
	switch n.kind {
	case 'n':
		return "the number " + n.num.String()
	case 's':
		return fmt.Sprintf("the text %q", clip(n.str))
	}
	return n.kindName()
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// parser collects the problems of one file.
type parser struct {
	r    *reader
	file string
	errs advisory.ErrorList
}

func (p *parser) add(n *node, field, format string, args ...any) {
	p.addAt(n.off, field, format, args...)
}

func (p *parser) addAt(off int, field, format string, args ...any) {
	p.errs = append(p.errs, &advisory.Error{File: p.file, Pos: p.r.pos(off), Field: field, Msg: fmt.Sprintf(format, args...)})
}

// dups reports keys given twice in an object: JSON readers differ in which
// one they keep, so such a file could say two things.
func (p *parser) dups(n *node, path string) {
	for _, d := range n.dups {
		p.addAt(d.off, path, "key %q given twice", d.key)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// str returns the text of key in object n, reporting a value that is not
// text, or a required key that is missing or empty. Leading and trailing
// white space is dropped (the catalog has some).
func (p *parser) str(n *node, key, path string, required bool) string {
	v := n.get(key)
	field := join(path, key)
	switch {
	case v == nil:
		if required {
			p.add(n, path, "missing %q", key)
		}
		return ""
	case v.kind == '0' && !required:
		return ""
	case v.kind != 's':
		p.add(v, field, "want text, got %s", describe(v))
		return ""
	}
	s := strings.TrimSpace(v.str)
	if s == "" && required {
		p.add(v, field, "is empty")
	}
	return s
}

// date returns the date of key in object n (YYYY-MM-DD, required).
func (p *parser) date(n *node, key, path string) (advisory.Date, bool) {
	s := p.str(n, key, path, true)
	if s == "" {
		return advisory.Date{}, false
	}
	var d advisory.Date
	if err := d.UnmarshalText([]byte(s)); err != nil {
		p.add(n.get(key), join(path, key), "%v", err)
		return d, false
	}
	return d, true
}

// vuln reads one entry; ok is false when it has a problem (reported).
func (p *parser) vuln(n *node, path string) (Vuln, bool) {
	if n.kind != '{' {
		p.add(n, path, "want an object (one vulnerability), got %s", describe(n))
		return Vuln{}, false
	}
	before := len(p.errs)
	p.dups(n, path)
	v := Vuln{
		CVE:            p.str(n, "cveID", path, true),
		Vendor:         p.str(n, "vendorProject", path, true),
		Product:        p.str(n, "product", path, true),
		Name:           p.str(n, "vulnerabilityName", path, true),
		Description:    p.str(n, "shortDescription", path, false),
		RequiredAction: p.str(n, "requiredAction", path, false),
		Notes:          p.str(n, "notes", path, false),
		Pos:            p.r.pos(n.off),
	}
	// shortDescription and requiredAction are required by the schema,
	// but what noticegen uses are the id and the dates; an entry without
	// them is still an entry.
	for _, key := range []string{"shortDescription", "requiredAction"} {
		if n.get(key) == nil {
			p.add(n, path, "missing %q", key)
		}
	}
	if v.CVE != "" && !advisory.IsCVE(v.CVE) {
		p.add(n.get("cveID"), join(path, "cveID"), "%q is not a CVE id (want CVE-YYYY-NNNN)", v.CVE)
	}
	var okAdded, okDue bool
	v.Added, okAdded = p.date(n, "dateAdded", path)
	v.Due, okDue = p.date(n, "dueDate", path)
	if okAdded && okDue && v.Due.Before(v.Added.Time) {
		p.add(n.get("dueDate"), join(path, "dueDate"), "%s is before dateAdded %s", v.Due, v.Added)
	}
	switch s := p.str(n, "knownRansomwareCampaignUse", path, false); {
	case strings.EqualFold(s, "Known"):
		v.Ransomware = true
	case s == "" || strings.EqualFold(s, "Unknown"):
	default:
		p.add(n.get("knownRansomwareCampaignUse"), join(path, "knownRansomwareCampaignUse"), `%q: want "Known" or "Unknown"`, s)
	}
	if c := n.get("cwes"); c != nil && c.kind != '0' {
		if c.kind != '[' {
			p.add(c, join(path, "cwes"), "want a list of CWE ids, got %s", describe(c))
		}
		for i, x := range c.items {
			if x.kind != 's' {
				p.add(x, fmt.Sprintf("%s.cwes[%d]", path, i), "want text (a CWE id), got %s", describe(x))
				continue
			}
			v.CWEs = append(v.CWEs, strings.TrimSpace(x.str))
		}
	}
	return v, len(p.errs) == before
}
