// Package config reads noticegen.yaml, the team's notice policy: the
// addresses .eml drafts carry (mail), the organisation and its mail
// domains, the team calendar that business days skip, the response times
// per priority (sla) and the named recipient lists (audiences).
//
// The file sits beside the records (in the records directory, found by
// Find) or is named with --config. It is never read as a record, and it is
// decoded as strictly as one (advisory.DecodeStrict): unknown and
// duplicate keys, wrong types and bad values are all reported at once,
// located as path:line:col.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
)

// FileName is the name of the policy file in a records directory.
const FileName = "noticegen.yaml"

// IsConfigName reports whether a file name (without directory) is the
// policy file's, which record discovery skips.
func IsConfigName(name string) bool {
	return name == FileName || name == "noticegen.yml"
}

// Config is a decoded and validated policy file. The zero Config (no file)
// is valid: placeholder addresses, no organisation domains, the national
// holidays and weekends only, no SLA, no audiences.
type Config struct {
	// File is the path the configuration was read from; "" for none.
	File string
	// Digest is the SHA-256 of the file's bytes (hex); "" for none. What
	// the policy changes in the output is keyed by it (export manifest).
	Digest       string
	Mail         Mail
	Organisation Organisation
	// Calendar is the team calendar; never nil.
	Calendar *calendar.Calendar
	// SLA is the time to act per priority, when the file gives one.
	SLA map[advisory.Priority]advisory.Span
	// Audiences are the named recipient lists, in the file's order.
	Audiences []Audience
	// Pos locates every value of the file by dotted path ("sla.high",
	// "audiences[1].to"), for messages about them.
	Pos map[string]advisory.Pos
}

// Mail holds the addresses .eml drafts carry. Empty fields give the
// placeholders documented in internal/mail.
type Mail struct {
	From string `yaml:"from" doc:"The sender: one address, e.g. \"Security Team <security@example.co.jp>\"."`
	To   string `yaml:"to" doc:"The recipients: a comma-separated address list."`
	Cc   string `yaml:"cc" doc:"Copy recipients: a comma-separated address list."`
}

// Organisation is who sends the notices.
type Organisation struct {
	Name string `yaml:"name" check:"line" doc:"The organisation's name."`
	// Domains are the organisation's own mail domains, lower case.
	Domains []string `yaml:"domains" item:"domain" doc:"The organisation's mail domains (example.co.jp); subdomains are included."`
}

// Audience is a named recipient list (export --audience NAME).
type Audience struct {
	Name string `yaml:"name" req:"true" doc:"The name export --audience takes: letters, digits, - and _."`
	To   string `yaml:"to" req:"true" doc:"The recipients: a comma-separated address list."`
	Cc   string `yaml:"cc" doc:"Copy recipients: a comma-separated address list."`
	// Language is the locale the audience reads ("ja", "en"); "" for every
	// locale asked for.
	Language string `yaml:"language" doc:"The locale the audience reads (ja, en)."`
	// Domains are client domains the audience may receive TLP:AMBER
	// notices at, beside the organisation's.
	Domains []string `yaml:"domains" item:"domain" doc:"Client mail domains this audience includes (for TLP:AMBER)."`
}

// file is the YAML form.
type file struct {
	Mail         Mail         `yaml:"mail"`
	Organisation Organisation `yaml:"organisation"`
	Calendar     calendarFile `yaml:"calendar"`
	SLA          slaFile      `yaml:"sla"`
	Audiences    []Audience   `yaml:"audiences"`
}

type calendarFile struct {
	Closed []advisory.Period `yaml:"closed" doc:"Days the team does not work: dates or {from, to, name} periods."`
	Open   []advisory.Date   `yaml:"open" doc:"Days the team works although they are off (a working Saturday)."`
}

type slaFile struct {
	Critical advisory.Span `yaml:"critical"`
	High     advisory.Span `yaml:"high"`
	Medium   advisory.Span `yaml:"medium"`
	Low      advisory.Span `yaml:"low"`
}

// Default is the configuration used when there is no file.
func Default() *Config {
	cal, _ := calendar.New(nil, nil)
	return &Config{Calendar: cal, Pos: map[string]advisory.Pos{}}
}

// Find returns the policy file for a command run on paths: explicit (the
// --config flag) when given, which must exist; else the noticegen.yaml of
// the records directory — the directory given or a directory below it
// (hidden ones skipped, as records are), or the directory of a record file
// given — when there is one. Records under different policy files are an
// error (name one with --config), so that no policy file beside records is
// passed over; "" means there is none.
func Find(explicit string, paths []string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("--config: %s: %v", explicit, advisory.BareError(err))
		}
		return explicit, nil
	}
	var found []string
	look := func(dir string) bool {
		for _, name := range []string{FileName, "noticegen.yml"} {
			c := filepath.Join(dir, name)
			if fi, err := os.Lstat(c); err == nil && !fi.IsDir() {
				if !slices.Contains(found, c) {
					found = append(found, c)
				}
				return true
			}
		}
		return false
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			continue // the command reports it
		}
		if !fi.IsDir() {
			look(filepath.Dir(p))
			continue
		}
		// A directory gives the records below it too (hidden directories
		// skipped, as record discovery does): a policy file beside some
		// of them is theirs, and is neither passed over in silence nor
		// applied to the records of the directory above, which have
		// none.
		top := look(p)
		var below []string
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil || !d.IsDir() || path == p:
				return nil
			case strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			}
			n := len(found)
			if look(path) && len(found) > n {
				below = append(below, found[n])
			}
			return nil
		})
		if !top && len(below) > 0 {
			what := "the policy file " + below[0]
			if len(below) > 1 {
				what = "the policy files " + strings.Join(below, ", ")
			}
			return "", fmt.Errorf("%s has no policy file, and %s below it would govern every record of it: run on the directory of the records it is for, or name the policy file with --config", p, what)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("the records come from directories with different policy files (%s): name one with --config", strings.Join(found, ", "))
}

// Load reads and validates the policy file at path; "" gives Default().
// Every problem of the file is reported at once as an advisory.ErrorList.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := advisory.Read(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// oldKeys are the top-level keys of the mail settings file --config took
// before noticegen.yaml.
var oldKeys = []string{"from", "to"}

// Parse decodes and validates a policy file's bytes; path is for messages.
func Parse(path string, data []byte) (*Config, error) {
	if err := refuseOldForm(path, data); err != nil {
		return nil, err
	}
	var f file
	pos, err := advisory.DecodeStrict(path, data, "policy", &f)
	var list advisory.ErrorList
	if err != nil && !errors.As(err, &list) {
		return nil, err
	}
	v := &validator{file: path, pos: pos, list: list, bad: map[string]bool{}}
	for _, e := range list {
		v.bad[e.Field] = true
	}
	sum := sha256.Sum256(data)
	c := &Config{File: path, Digest: hex.EncodeToString(sum[:]), Mail: f.Mail, Organisation: f.Organisation, Audiences: f.Audiences, Pos: pos}

	v.address("mail.from", f.Mail.From, false)
	v.address("mail.to", f.Mail.To, true)
	v.address("mail.cc", f.Mail.Cc, true)
	v.line("organisation.name", f.Organisation.Name)
	c.Organisation.Domains = v.domains("organisation.domains", f.Organisation.Domains)

	names := map[string]string{}
	for i := range c.Audiences {
		a := &c.Audiences[i]
		at := fmt.Sprintf("audiences[%d]", i)
		switch {
		case v.bad[at+".name"] || a.Name == "":
		case !audienceNameRE.MatchString(a.Name):
			v.add(at+".name", "%q is not an audience name: use letters, digits, - and _ (at most 64)", a.Name)
		case names[a.Name] != "":
			v.add(at+".name", "audience %q is already defined at %s", a.Name, names[a.Name])
		default:
			names[a.Name] = at
		}
		v.address(at+".to", a.To, true)
		v.address(at+".cc", a.Cc, true)
		if a.Language != "" && !v.bad[at+".language"] && !advisory.ValidLocale(a.Language) {
			v.add(at+".language", "%q is not a locale tag (want e.g. ja, en)", a.Language)
		}
		a.Domains = v.domains(at+".domains", a.Domains)
	}

	c.SLA = map[advisory.Priority]advisory.Span{}
	for p, s := range map[advisory.Priority]advisory.Span{
		advisory.PriorityCritical: f.SLA.Critical, advisory.PriorityHigh: f.SLA.High,
		advisory.PriorityMedium: f.SLA.Medium, advisory.PriorityLow: f.SLA.Low,
	} {
		if !s.IsZero() {
			c.SLA[p] = s
		}
	}
	v.slaOrder(c.SLA)

	var closed []calendar.Period
	for i, p := range f.Calendar.Closed {
		at := fmt.Sprintf("calendar.closed[%d]", i)
		if v.bad[at] || v.bad[at+".from"] || v.bad[at+".to"] {
			continue
		}
		v.line(at+".name", p.Name)
		if p.To.Before(p.From.Time) {
			v.add(at, "from %s is after to %s", p.From, p.To)
			continue
		}
		closed = append(closed, calendar.Period{From: calendar.DateOf(p.From.Time), To: calendar.DateOf(p.To.Time), Name: p.Name})
	}
	var open []calendar.Date
	for _, d := range f.Calendar.Open {
		open = append(open, calendar.DateOf(d.Time))
	}
	if cal, err := calendar.New(closed, open); err != nil {
		v.add("calendar", "%v", err) // dates are checked above; kept for safety
	} else {
		c.Calendar = cal
	}

	if len(v.list) > 0 {
		v.list.Sort()
		return nil, v.list
	}
	return c, nil
}

// refuseOldForm recognises the mail settings file --config used to take
// (from and to at the top level) and says how to change it.
func refuseOldForm(path string, data []byte) error {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil // DecodeStrict reports what is wrong
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; slices.Contains(oldKeys, k.Value) {
			return advisory.ErrorList{&advisory.Error{File: path, Pos: advisory.Pos{Line: k.Line, Col: k.Column}, Field: k.Value,
				Msg: fmt.Sprintf("%q at the top level is the old mail settings form: the addresses now go under \"mail:\" in noticegen.yaml (indent from and to under a line \"mail:\"; see advisories/README.md)", k.Value)}}
		}
	}
	return nil
}

var (
	audienceNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	domainLabelRE  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

type validator struct {
	file string
	pos  map[string]advisory.Pos
	list advisory.ErrorList
	bad  map[string]bool // fields that did not decode
}

func (v *validator) add(field, format string, args ...any) {
	p, ok := v.pos[field]
	if !ok {
		// A field given only through its parent (a list item): locate at
		// the closest decoded ancestor.
		for f := field; f != "" && !ok; {
			i := strings.LastIndexAny(f, ".[")
			if i < 0 {
				break
			}
			f = f[:i]
			p, ok = v.pos[f]
		}
	}
	v.list = append(v.list, &advisory.Error{File: v.file, Pos: p, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// line checks one line of plain text.
func (v *validator) line(field, s string) {
	if s == "" || v.bad[field] {
		return
	}
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		v.add(field, "%q holds the control character %U; write one line of plain text", s, []rune(s[i:])[0])
	}
}

// address checks one address (list: an address list): it must parse with
// net/mail and hold no line break or other control character, which could
// forge a header.
func (v *validator) address(field, s string, list bool) {
	if v.bad[field] {
		return
	}
	if s == "" {
		if _, given := v.pos[field]; given {
			v.add(field, "is empty")
		}
		return
	}
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		v.add(field, "%q holds the control character %U; an address is one line of plain printable text", s, []rune(s[i:])[0])
		return
	}
	var as []*netmail.Address
	var err error
	if list {
		as, err = netmail.ParseAddressList(s)
	} else {
		var a *netmail.Address
		a, err = netmail.ParseAddress(s)
		as = []*netmail.Address{a}
	}
	if err != nil {
		v.add(field, "%q is not a valid address (%v)", s, strings.TrimPrefix(err.Error(), "mail: "))
		return
	}
	// Mail headers carry addresses in ASCII (internal/mail refuses
	// others), and the TLP guard matches domains in ASCII: a look-alike
	// letter from another script is refused here, where it is written.
	for _, a := range as {
		if strings.IndexFunc(a.Address, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
			v.add(field, "%q is not ASCII: write an internationalised domain in its xn-- form (a local part must be ASCII)", a.Address)
		}
	}
}

// domains checks and normalises mail domains: lower case, no "@", no
// trailing dot, ASCII labels (an internationalised domain in its xn--
// form).
func (v *validator) domains(field string, ds []string) []string {
	out := make([]string, 0, len(ds))
	seen := map[string]bool{}
	for i, d := range ds {
		at := fmt.Sprintf("%s[%d]", field, i)
		if v.bad[at] {
			continue
		}
		n := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(d, "@"), "."))
		if !validDomain(n) {
			v.add(at, "%q is not a mail domain: want a name such as example.co.jp (an internationalised name in its xn-- form)", d)
			continue
		}
		if ps, _ := publicsuffix.PublicSuffix(n); ps == n {
			// Subdomains count: co.jp would let TLP:AMBER+STRICT go to
			// every company in Japan.
			v.add(at, "%q is a public suffix, under which anyone can register a domain: name the organisation's own domain (example.%s); its subdomains are included", d, n)
			continue
		}
		if seen[n] {
			v.add(at, "domain %q given twice", d)
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}

func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabelRE.MatchString(l) {
			return false
		}
	}
	return true
}

// slaOrder refuses an SLA that gives a more urgent priority more time than
// a less urgent one (critical: 10bd, high: 2bd is a typing mistake).
// Business and calendar days are compared as written (5bd ≈ 7d).
func (v *validator) slaOrder(sla map[advisory.Priority]advisory.Span) {
	calendarDays := func(s advisory.Span) int {
		if s.Business {
			return (s.Days*7 + 4) / 5
		}
		return s.Days
	}
	order := []advisory.Priority{advisory.PriorityCritical, advisory.PriorityHigh, advisory.PriorityMedium, advisory.PriorityLow}
	for i, p := range order {
		sp, ok := sla[p]
		if !ok {
			continue
		}
		for _, q := range order[i+1:] {
			if sq, ok := sla[q]; ok && calendarDays(sq) < calendarDays(sp) {
				v.add("sla."+string(p), "%s (%s) gives more time than %s (%s): a more urgent priority needs a shorter time", p, sp, q, sq)
			}
		}
	}
}

// Audience returns the audience named name, or an error listing the
// audiences there are.
func (c *Config) Audience(name string) (*Audience, error) {
	var names []string
	for i := range c.Audiences {
		if c.Audiences[i].Name == name {
			return &c.Audiences[i], nil
		}
		names = append(names, c.Audiences[i].Name)
	}
	where := "no policy file (noticegen.yaml) was found"
	if c.File != "" {
		where = c.File + " defines "
		if len(names) == 0 {
			where += "no audiences"
		} else {
			where += "the audiences " + strings.Join(names, ", ")
		}
	}
	return nil, fmt.Errorf("unknown audience %q: %s", name, where)
}

// isControl reports a C0 or C1 control character, DEL, or a bidirectional
// control (which can make an address read as another).
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 || advisory.IsBidiControl(r) }
