package importer

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Every sentence the importer writes itself is a message of the locale
// files ("import.*", see locales/en.yaml), worded per locale by say; only
// the source's own text is copied.

// publisher names the advisory's publisher in generated sentences, or the
// "import.publisher_unknown" words.
func (b *builder) publisher() any {
	if p := oneLine(b.d.publisher); p != "" {
		return p
	}
	return say("publisher_unknown")
}

func (b *builder) lead() lt {
	d := b.d
	pub, id := b.publisher(), oneLine(d.id)
	switch {
	case d.malware:
		return b.say(say("lead.malware", "Publisher", pub, "ID", id))
	case d.kind == kindNotAffected:
		var what any = say("the_vulnerability")
		if cves := b.cves(); len(cves) > 0 {
			what = names{cves, 5}
		}
		return b.say(say("lead.not_affected", "Publisher", pub, "ID", id, "What", what))
	case d.kind == kindWithdrawn:
		return b.say(say("lead.withdrawn", "Publisher", pub, "ID", id))
	case d.kind == kindInfo:
		return b.say(say("lead.info", "Publisher", pub, "ID", id))
	}
	return b.say(say("lead.vulnerability", "Publisher", pub, "ID", id))
}

// groupLines words product groups, one per line, within the limits, in
// loc. Groups that share a version list are named together once.
func (b *builder) groupLines(loc string, gs []group) []string {
	type line struct {
		names []string
		items []string
	}
	var lines []*line
	index := map[string]*line{}
	for _, g := range gs {
		items := readable(g.items)
		if len(items) > maxGroupItems && len(g.short) > 0 {
			items = readable(g.short)
		}
		var worded []string
		for _, it := range items {
			worded = uniq(worded, b.versionIn(loc, it))
		}
		for _, r := range g.ranges {
			worded = uniq(worded, b.sayIn(loc, r))
		}
		key := strings.Join(worded, "\x00")
		if l, ok := index[key]; ok && key != "" {
			l.names = uniq(l.names, oneLine(g.name))
			continue
		}
		l := &line{names: []string{oneLine(g.name)}, items: worded}
		index[key] = l
		lines = append(lines, l)
	}
	var out []string
	for i, l := range lines {
		if i == maxGroups {
			out = append(out, b.sayIn(loc, say("scope.more_products", "Count", itoa(len(lines)-maxGroups))))
			break
		}
		name := b.list(loc, l.names, maxGroupItems)
		switch {
		case len(l.items) == 0:
			out = append(out, name)
		case name == "":
			out = append(out, b.list(loc, l.items, maxGroupItems))
		default:
			out = append(out, b.sayIn(loc, say("scope.line", "Name", name, "Items", names{l.items, maxGroupItems})))
		}
	}
	return out
}

// versionIn words a version (or vers: range, or package item) in loc.
func (b *builder) versionIn(loc, v string) string {
	if !b.hasLocale(loc) {
		loc = "en"
	}
	s, err := b.o.Catalog.Version(loc, v)
	if err != nil && b.err == nil {
		b.err = err
	}
	return s
}

// readable drops debug-information packages from a list of packages, as
// long as something else is left: they follow their main package.
func readable(items []string) []string {
	var out []string
	for _, it := range items {
		name, _, _ := strings.Cut(it, " ")
		if !strings.HasSuffix(name, "-debuginfo") && !strings.HasSuffix(name, "-debugsource") {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		return items
	}
	return out
}

func (b *builder) scopeProduct() lt {
	d := b.d
	out := lt{}
	for _, loc := range b.o.Locales {
		var lines []string
		switch {
		case d.distro != "" && len(d.components) > 0:
			lines = []string{b.sayIn(loc, say("scope.distro", "Components", names{d.components, maxGroupItems}, "Distro", d.distro, "Count", itoa(d.nPackages)))}
		case len(d.status) > 0 && len(d.scope) > 0:
			// The status lines give the versions, per product.
			var ns []string
			for _, g := range d.scope {
				ns = uniq(ns, oneLine(g.name))
			}
			lines = []string{b.list(loc, ns, maxGroupItems)}
		default:
			lines = b.groupLines(loc, d.scope)
		}
		if len(lines) == 0 {
			ns := d.products
			if len(ns) == 0 && len(d.vendors) > 0 {
				ns = d.vendors
			}
			if len(ns) == 0 {
				ns = []string{oneLine(d.title)}
			}
			lines = []string{b.list(loc, ns, maxGroupItems)}
		}
		out[loc] = strings.Join(lines, "\n")
		if strings.TrimSpace(out[loc]) == "" {
			out[loc] = d.id
		}
	}
	return out
}

func (b *builder) condition() lt {
	d := b.d
	switch {
	case d.malware:
		return b.say(say("condition.malware"))
	case d.kind == kindNotAffected:
		return b.say(say("condition.not_affected"))
	case d.kind == kindWithdrawn:
		return b.say(say("condition.withdrawn"))
	case d.kind == kindInfo:
		return b.say(say("condition.info"))
	}
	switch d.scopeKind {
	case scopeFixed:
		return b.say(say("condition.fixed"))
	case scopePackages:
		return b.say(say("condition.packages"))
	}
	return b.say(say("condition.affected"))
}

// productNames are the products for applicability conditions.
func (b *builder) productNames() []string {
	if b.d.distro != "" && len(b.d.components) > 0 {
		return b.d.components
	}
	var ns []string
	for _, g := range b.d.scope {
		ns = uniq(ns, oneLine(g.name))
	}
	if len(ns) == 0 {
		ns = b.d.products
	}
	if len(ns) == 0 {
		ns = b.d.vendors
	}
	return ns
}

func (b *builder) applicability() advisory.Applicability {
	d := b.d
	var use *msg
	switch ns := b.productNames(); {
	case len(ns) == 0:
		use = say("applies.use_unnamed")
	case len(ns) == 1:
		use = say("applies.use_one", "Product", ns[0])
	default:
		use = say("applies.use_any", "Products", names{ns, maxNameInField})
	}
	var conds []*msg
	switch {
	case d.malware:
		conds = []*msg{say("applies.malware_installed", "Products", names{b.productNames(), maxNameInField})}
	case d.kind == kindWithdrawn:
		conds = []*msg{say("applies.withdrawn", "ID", oneLine(d.id))}
	case d.kind == kindVuln:
		conds = []*msg{use}
		if d.hasFix {
			conds = append(conds, say("applies.not_fixed"))
		}
	default:
		conds = []*msg{use}
	}
	a := advisory.Applicability{Otherwise: b.gen(b.say(say("applies.otherwise")))}
	for _, c := range conds {
		a.Conditions = append(a.Conditions, b.gen(b.say(c)))
	}
	return a
}

// categoryOrder is the order remediation categories are listed in: fixes
// first, then what to do until a fix is installed, then what to do when
// there is none.
var categoryOrder = []string{"vendor_fix", "optional_patch", "mitigation", "workaround", "fix_planned", "none_available", "no_fix_planned", ""}

func (b *builder) actions() []advisory.Text {
	d := b.d
	var out []advisory.Text
	switch {
	case d.malware:
		ns := names{b.productNames(), maxNameInField}
		for _, id := range []string{"action.malware_remove", "action.malware_compromised", "action.malware_rotate"} {
			out = append(out, b.gen(b.say(say(id, "Products", ns))))
		}
		return append(out, b.sourceActions(true)...)
	case d.kind == kindNotAffected:
		return []advisory.Text{b.gen(b.say(say("action.not_affected")))}
	case d.kind == kindWithdrawn:
		if !d.withdrawn.IsZero() {
			return []advisory.Text{b.gen(b.say(say("action.withdrawn_on", "Publisher", b.publisher(), "Date", dateArg(d.withdrawn))))}
		}
		return []advisory.Text{b.gen(b.say(say("action.withdrawn", "Publisher", b.publisher())))}
	case d.kind == kindVuln:
		out = append(out, b.gen(b.say(say("action.check_scope"))))
	}
	acts := b.sourceActions(false)
	out = append(out, acts...)
	if len(acts) == 0 {
		if d.kind == kindInfo {
			out = append(out, b.gen(b.say(say("action.read_info"))))
		} else {
			out = append(out, b.gen(b.say(say("action.no_remediation"))))
		}
	}
	return out
}

// sourceActions are the actions from the source: the importer's own
// sentences about fixes (every one of them: none is cut), then the
// source's remediations by category, at most maxActions, with a count of
// the rest. With malware only the source's own text is kept: a malware
// notice never says "upgrade".
func (b *builder) sourceActions(malware bool) []advisory.Text {
	d := b.d
	var out []advisory.Text
	acts := slices.Clone(d.actions)
	slices.SortStableFunc(acts, func(x, y action) int {
		return slices.Index(categoryOrder, x.category) - slices.Index(categoryOrder, y.category)
	})
	shown := 0
	for i, a := range acts {
		if a.gen != nil {
			if !malware {
				out = append(out, b.gen(b.say(a.gen)))
			}
			continue
		}
		if malware && (a.category == "vendor_fix" || a.category == "optional_patch") {
			continue
		}
		if shown == maxActions {
			rest := 0
			for _, x := range acts[i:] {
				if x.gen == nil {
					rest++
				}
			}
			out = append(out, b.gen(b.say(say("action.more_remediations", "Count", itoa(rest)))))
			break
		}
		shown++
		text := b.clipItems(unwrap(cleanText(a.text)), maxParagraph)
		if p := b.remediationPrefix(a.category); p != "" {
			text = p + text
		}
		if len(a.products) > 0 {
			text = b.sayIn(b.textLoc, say("action.for_products", "Products", names{a.products, maxNameInField}, "Text", text))
		}
		if u := b.checkURL(a.url); u != "" && !strings.Contains(text, u) {
			text += "\n" + u
		}
		out = append(out, b.srcText(text))
	}
	return out
}

// remediationPrefix labels a remediation by its CSAF category in the
// source's locale ("Mitigation: "); fixes get none.
func (b *builder) remediationPrefix(cat string) string {
	switch cat {
	case "mitigation", "workaround", "none_available", "no_fix_planned", "fix_planned", "optional_patch":
		return b.sayIn(b.textLoc, say("remediation."+cat))
	}
	return ""
}

// clipItems shortens text to about n characters without cutting a list
// item or line in half: whole lines are kept while they fit, and a cut
// says how many lines were left out (in the source's words).
func (b *builder) clipItems(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	lines := strings.Split(s, "\n")
	total, kept := 0, 0
	for _, l := range lines {
		if total+len([]rune(l)) > n && kept > 0 {
			break
		}
		total += len([]rune(l)) + 1
		kept++
	}
	if kept == len(lines) {
		return s
	}
	if kept == 1 && len(lines) == 1 {
		return clip(s, n)
	}
	return strings.Join(lines[:kept], "\n") + "\n" + b.sayIn(b.textLoc, say("note.more_lines", "Count", itoa(len(lines)-kept)))
}

func (b *builder) references() []advisory.Reference {
	d := b.d
	var out []advisory.Reference
	seen := map[string]bool{}
	srcURL := b.checkURL(d.sourceURL)
	first := oneLine(oneLine(d.publisher) + " " + d.id)
	out = append(out, advisory.Reference{Title: b.name(clip(first, maxTitle)), URL: srcURL})
	seen[srcURL] = srcURL != ""
	// One CVE.org and one NVD page per CVE: the first the source lists.
	// ("" is every other page.)
	cvePage := map[string]bool{}
	if k := cveRecordKey(srcURL); k != "" {
		cvePage[k] = true
	}
	more := 0
	for _, r := range d.refs {
		u := b.checkURL(r.url)
		title := refName(oneLine(r.title), u)
		key := cveRecordKey(u)
		if title == "" || (u != "" && seen[u]) || cvePage[key] {
			continue
		}
		if u != "" {
			seen[u] = true
		}
		if key != "" {
			cvePage[key] = true
		}
		if len(out) == maxReferences {
			more++
			continue
		}
		t := b.name(title)
		if r.gen != nil {
			t = b.gen(b.say(r.gen))
		}
		out = append(out, advisory.Reference{Title: t, URL: u})
	}
	if len(out) == 1 {
		// The source gives no references: point to the CVE records.
		for i, c := range b.cves() {
			if i == 5 {
				break
			}
			if cvePage[cveRecordKey(cveOrgURL+c)] {
				continue
			}
			out = append(out, advisory.Reference{Title: b.name(c + " (CVE.org)"), URL: cveOrgURL + c})
		}
	}
	if more > 0 {
		out = append(out, advisory.Reference{Title: b.gen(b.say(say("ref.more", "Count", itoa(more)))), URL: srcURL})
	}
	return out
}

// cveOrgURL is the address of a CVE record on CVE.org, less the id.
const cveOrgURL = "https://www.cve.org/CVERecord?id="

// cveRecordKey says which CVE record u is the page of, on CVE.org (or its
// old address, cve.mitre.org) or on NVD: "cve.org CVE-2023-4966" or
// "nvd CVE-2023-4966", whatever the form of the address (http or https,
// www or not, NVD's old web.nvd.nist.gov). It is "" for any other page,
// so that a record keeps one link of each kind per CVE, the first.
func cveRecordKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	var kind string
	switch strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.") {
	case "cve.org", "cve.mitre.org":
		kind = "cve.org"
	case "nvd.nist.gov", "web.nvd.nist.gov":
		kind = "nvd"
	default:
		return ""
	}
	id := cveInRE.FindString(strings.ToUpper(p.Path + "?" + p.RawQuery))
	if id == "" {
		return ""
	}
	return kind + " " + id
}

// refName makes a reference title readable: a title that is only the URL
// becomes the host and what identifies the page; a bare number gets the
// host it is a number on (a bug tracker's).
func refName(title, u string) string {
	host, rest := "", ""
	if p, err := url.Parse(u); err == nil {
		host, rest = p.Host, strings.TrimSuffix(p.Path, "/")
		if p.RawQuery != "" {
			rest += "?" + p.RawQuery
		}
		if p.Fragment != "" {
			rest += "#" + p.Fragment
		}
	}
	switch {
	case title == "":
		title = u
		fallthrough
	case (title == u || strings.EqualFold(title, "Canonical URL")) && host != "":
		if m := cveInRE.FindString(u); m != "" {
			return host + ": " + m
		}
		return clip(host+rest, 100)
	case strings.IndexFunc(title, unicode.IsLetter) < 0 && host != "":
		return host + " " + title
	}
	return clip(title, maxTitle)
}

var cveInRE = regexp.MustCompile(advisory.CVEPattern)

// header is the comment at the top of the record file.
// markers names the translation markers of the record's locales: "[要翻訳]
// / [TRANSLATE]".
func (b *builder) markers() string {
	var ms []string
	for _, loc := range b.o.Locales {
		if m := b.o.Catalog.Marker(loc); !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, " / ")
}

func (b *builder) header() string {
	d := b.d
	lines := []string{
		"Imported by noticegen import from " + oneLine(b.src.baseName()) + ": " + d.detected + ", id " + oneLine(d.id) + ".",
		"Check every field before sending: text marked " + b.markers() + " is the source's",
		"own text awaiting translation, and the fields listed in provenance.unconfirmed",
		"are defaults to confirm (remove each from the list once confirmed).",
	}
	lines = append(lines, b.kevHeader()...)
	return strings.Join(lines, "\n")
}
