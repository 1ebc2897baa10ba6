package importer

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
)

// builder words one doc as a record.
type builder struct {
	o        Options
	src      source
	d        *doc
	textLoc  string // the locale that holds the source text
	marked   bool   // the source language has no locale: every locale is marked
	warnings []string
	unconf   []string
	comments map[string]string // YAML line comments by key
	kevIDs   []string          // the record's CVE ids that Options.KEV lists
	err      error             // the first message that could not be worded (a bug)
}

func (b *builder) warnf(format string, args ...any) {
	b.warnings = uniq(b.warnings, fmt.Sprintf(format, args...))
}

// srcText is source text: as written in the source's locale, behind a
// translation marker in the others.
func (b *builder) srcText(s string) advisory.Text {
	t := advisory.Text{}
	for _, loc := range b.o.Locales {
		if loc == b.textLoc && !b.marked {
			t[loc] = s
		} else {
			t[loc] = b.o.Catalog.Marker(loc) + " " + s
		}
	}
	return t
}

// gen is text the importer wrote. A locale it has no wording for, or whose
// wording would carry Japanese names into another language, gets the
// source locale's wording behind a marker.
func (b *builder) gen(l lt) advisory.Text {
	base := l[b.textLoc]
	if base == "" {
		base = l["en"]
	}
	t := advisory.Text{}
	for _, loc := range b.o.Locales {
		v, ok := l[loc]
		if !ok || (loc != "ja" && hasJapanese(v)) {
			v = b.o.Catalog.Marker(loc) + " " + base
		}
		t[loc] = v
	}
	return t
}

// name is a name or title copied to every locale, except that Japanese
// text is marked for translation outside ja.
func (b *builder) name(s string) advisory.Text {
	t := advisory.Text{}
	for _, loc := range b.o.Locales {
		if loc != "ja" && hasJapanese(s) {
			t[loc] = b.o.Catalog.Marker(loc) + " " + s
		} else {
			t[loc] = s
		}
	}
	return t
}

func (b *builder) build() (*Imported, error) {
	d := b.d
	b.comments = map[string]string{}
	if d.id = clip(oneLine(d.id), 200); d.id == "" {
		d.id = "unnamed-" + b.src.sha256[:12]
	}
	b.pickLocale()
	r := &advisory.Record{
		ID:     b.recordID(),
		Author: oneLine(b.o.Author),
	}
	switch {
	case d.malware:
		// A malicious package is a compromise to clean up, not a flaw to patch.
		r.Category = advisory.CategoryIncident
	case d.kind == kindVuln:
		r.Category = advisory.CategoryVulnerability
	default:
		r.Category = advisory.CategoryInfo
	}
	b.dates(r)
	b.sourceFields(r)
	r.Vendor, r.Product = b.vendorProduct()
	r.CVEs = b.cves()
	r.Priority = b.priority()
	r.Deadline = b.deadline(r.Priority, r.Published)
	b.knownExploited(r)

	title := clip(oneLine(d.title), maxTitle)
	if title == "" {
		title = d.id
	}
	if d.kind == kindWithdrawn && !strings.HasPrefix(strings.ToUpper(title), "WITHDRAWN") && !hasJapanese(title) {
		title = "WITHDRAWN: " + title
	}
	r.Title = b.srcText(title)
	overview, overviewNote := b.overviewText()
	summary := clip(cleanText(d.summary), maxSummary)
	if summary == "" {
		summary = clip(firstParagraph(overview), maxSummary)
	}
	if summary == "" {
		summary = title
	}
	r.Summary = b.srcText(summary)
	if overview == "" {
		overview = summary
	}
	r.Overview = b.withNote(b.srcText(overview), overviewNote, d.overviewNote)
	r.Lead = b.gen(b.lead())
	r.Scope = advisory.Scope{Product: b.gen(b.scopeProduct()), Condition: b.gen(b.condition()), Status: b.status(r.CVEs)}
	r.Applicability = b.applicability()
	r.Actions = b.actions()
	r.References = b.references()
	for _, w := range d.warnings {
		b.warnf("%s", w)
	}
	r.Provenance = advisory.Provenance{
		Format:      string(d.format),
		ID:          oneLine(d.id),
		File:        oneLine(b.src.baseName()),
		SHA256:      b.src.sha256,
		Imported:    advisory.Timestamp{Time: b.o.Now.Truncate(time.Second)},
		TLP:         strings.ToUpper(oneLine(d.tlp)),
		Unconfirmed: b.unconf,
	}
	b.marking(r)
	r.Provenance.Unconfirmed = b.unconf
	if b.err != nil {
		return nil, errorf(b.src.file, "internal error wording the record for %s: %v", d.id, b.err)
	}
	comments := make(map[string]string, len(b.comments))
	for k, c := range b.comments {
		comments[k] = oneLine(c)
	}
	enc := advisory.Encoding{Locales: b.o.Locales, Header: b.header(), Comments: comments}
	data, err := enc.Encode(r)
	if err != nil {
		return nil, errorf(b.src.file, "internal error writing the record for %s: %v", d.id, err)
	}
	// The written file must load with the strict decoder and render in the
	// source's locale; anything else is a bug in the importer.
	rec, err := advisory.Decode(r.ID+".yaml", data)
	if err == nil {
		err = rec.CheckLocales([]string{b.textLoc})
	}
	if err != nil {
		return nil, errorf(b.src.file, "internal error: the record made from %s does not load: %v", d.id, err)
	}
	return &Imported{Record: rec, YAML: data, SourceID: d.id, Locale: b.textLoc}, nil
}

// marking carries the source's TLP label over to the record's tlp (TLP
// 1.0's WHITE as TLP 2.0's CLEAR), saying so in a comment beside it. A
// label that restricts distribution is a warning and a value to confirm;
// one that is no TLP label leaves the record unmarked, with a warning.
func (b *builder) marking(r *advisory.Record) {
	src := r.Provenance.TLP
	if src == "" {
		return
	}
	t, ok := advisory.TLPFromSource(src)
	if !ok {
		b.warnf("the source's TLP label %q is not one of TLP 2.0 (CLEAR, GREEN, AMBER, AMBER+STRICT, RED; WHITE is CLEAR): the record is left unmarked; mark it (tlp:) as the source asks", src)
		b.unconfirm("tlp", fmt.Sprintf("the source's TLP label %q is not one of TLP 2.0; the record is unmarked", src))
		return
	}
	r.TLP = t
	from := "from the source's TLP label " + src
	if src != t.Label() {
		from += ", which TLP 2.0 calls " + t.Label()
	}
	if t == advisory.TLPClear || t == advisory.TLPGreen {
		b.comments["tlp"] = "noticegen: " + from
		return
	}
	b.warnf("the source is marked %s: the record carries it (tlp: %s), so its drafts show it and export writes its .eml only to recipients it allows; check who may receive the notice", t.Marking(), t)
	b.unconfirm("tlp", from+", which restricts distribution")
}

func (b *builder) unconfirm(field, why string) {
	b.unconf = uniq(b.unconf, field)
	if _, ok := b.comments[field]; !ok {
		b.comments[field] = "noticegen: " + why + "; confirm, then remove from provenance.unconfirmed"
	}
}

// pickLocale chooses the locale the source text goes in.
func (b *builder) pickLocale() {
	lang := b.d.lang
	if lang != "" && !advisory.ValidLanguage(lang) {
		b.warnf("the document language %q is not a BCP 47 tag; assumed English", lang)
		lang = ""
	}
	if lang == "" {
		b.warnf("the document does not say its language; assumed English (en)")
		lang = "en"
	}
	b.d.lang = lang
	primary := strings.ToLower(strings.SplitN(lang, "-", 2)[0])
	for _, loc := range b.o.Locales {
		if loc == primary {
			b.textLoc = loc
			return
		}
	}
	b.marked = true
	b.textLoc = b.o.Locales[0]
	if slices.Contains(b.o.Locales, "en") {
		b.textLoc = "en"
	}
	b.warnf("the document is in %s, which has no noticegen locale: every locale holds the source text marked for translation", lang)
}

// SafeID derives a record id from a source id: lower-case letters and
// digits kept, any other run of characters becomes one '-' ('_' and '.'
// are kept when alone), at most advisory.MaxIDLength characters.
func SafeID(s string) string {
	var b strings.Builder
	sep := byte(0)
	for _, r := range strings.ToLower(s) {
		switch {
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			if sep != 0 && b.Len() > 0 {
				b.WriteByte(sep)
			}
			sep = 0
			b.WriteRune(r)
		case (r == '_' || r == '.') && sep == 0:
			sep = byte(r)
		default:
			sep = '-'
		}
		if b.Len() >= advisory.MaxIDLength {
			break
		}
	}
	id := b.String()
	if len(id) > advisory.MaxIDLength {
		id = strings.TrimRight(id[:advisory.MaxIDLength], "-_.")
	}
	return id
}

func (b *builder) recordID() string {
	id := SafeID(b.d.id)
	if id == "" || advisory.ValidID(id) != "" {
		id = "import-" + b.src.sha256[:12]
		b.warnf("the source id %q gives no safe file name; the record id is %s", b.d.id, id)
	}
	return id
}

func date(t time.Time) advisory.Date {
	y, m, d := t.Date()
	return advisory.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (b *builder) dates(r *advisory.Record) {
	d := b.d
	switch {
	case !d.published.IsZero():
		r.Published = date(d.published)
	case !d.updated.IsZero():
		r.Published = date(d.updated)
		b.unconfirm("published", "the source gives no publication date; this is its last update")
	case !d.withdrawn.IsZero():
		r.Published = date(d.withdrawn)
		b.unconfirm("published", "the source gives no publication date; this is its withdrawal date")
	default:
		r.Published = date(b.o.Now)
		b.unconfirm("published", "the source gives no publication date; this is the import date")
	}
	if !d.updated.IsZero() && date(d.updated).After(r.Published.Time) {
		r.Updated = date(d.updated)
	}
}

func (b *builder) sourceFields(r *advisory.Record) {
	d := b.d
	name := oneLine(d.publisher)
	if name == "" {
		name = map[Format]string{FormatCSAF: "CSAF", FormatOSV: "OSV", FormatVULDEF: "JVN iPedia", FormatJVNJSON: "JVN iPedia"}[d.format]
	}
	r.Source = advisory.Source{Name: name, URL: b.checkURL(d.sourceURL), Language: d.lang}
}

// checkURL returns u if the record format accepts it as a URL, else "".
func (b *builder) checkURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || strings.ContainsAny(u, " \t\r\n") || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.IndexFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f || advisory.IsBidiControl(r) || r == '\ufffd' }) >= 0 {
		b.warnf("%q is not an http(s) URL; left out", clip(u, 80))
		return ""
	}
	return u
}

func (b *builder) vendorProduct() (string, string) {
	d := b.d
	var vendors, products []string
	for _, v := range d.vendors {
		vendors = uniq(vendors, oneLine(v))
	}
	for _, p := range d.products {
		products = uniq(products, oneLine(p))
	}
	vendor := clip(listWords("en", vendors, maxNameInField), 200)
	if vendor == "" {
		vendor = oneLine(d.publisher)
		b.unconfirm("vendor", "the source names no vendor; this is its publisher")
	}
	if vendor == "" {
		vendor = "unknown"
	}
	if products = readable(products); len(products) > maxNameInField {
		var lines []string
		for _, g := range d.scope {
			lines = uniq(lines, oneLine(g.name))
		}
		if len(lines) > 0 && len(lines) < len(products) {
			products = lines
		}
	}
	product := clip(listWords("en", products, maxNameInField), 200)
	if product == "" {
		product = clip(oneLine(d.title), 200)
		b.unconfirm("product", "the source names no product; this is its title")
	}
	if product == "" {
		product = d.id
	}
	return vendor, product
}

// cves lists every CVE id of the source, in source order: a notice that
// drops one lets a reader believe it is not concerned.
func (b *builder) cves() []string {
	var out []string
	for _, c := range b.d.cves {
		if c = strings.TrimSpace(c); advisory.IsCVE(c) {
			out = uniq(out, c)
		}
	}
	return out
}

// withNote appends a note the importer wrote to localized text.
func (b *builder) withNote(t advisory.Text, notes ...*msg) advisory.Text {
	for _, note := range notes {
		if note != nil {
			t = b.withNoteText(t, note)
		}
	}
	return t
}

func (b *builder) withNoteText(t advisory.Text, note *msg) advisory.Text {
	n := b.gen(b.say(note))
	for loc := range t {
		t[loc] += "\n\n" + n[loc]
	}
	return t
}

// overviewText joins the overview paragraphs, each clipped, within the
// overall limit; the note says how many paragraphs were left out.
func (b *builder) overviewText() (string, *msg) {
	var parts []string
	total := 0
	for i, p := range b.d.overview {
		p = clip(cleanText(p), maxParagraph)
		if p == "" {
			continue
		}
		if total+len([]rune(p)) > maxOverview {
			return strings.Join(parts, "\n\n"), say("note.more_paragraphs", "Count", itoa(len(b.d.overview)-i))
		}
		parts = uniq(parts, p)
		total += len([]rune(p))
	}
	return strings.Join(parts, "\n\n"), nil
}

// status writes scope.status: the parser's entries, products that share
// everything else merged into one entry, in the order first seen. CVE
// lists that name every CVE of the record are left out (they mean all).
func (b *builder) status(cves []string) []advisory.ProductStatus {
	var out []advisory.ProductStatus
	index := map[string]int{}
	all := strings.Join(cves, ",")
	for _, e := range b.d.status {
		var ecves []string
		for _, c := range e.cves {
			if slices.Contains(cves, c) {
				ecves = uniq(ecves, c)
			}
		}
		slices.Sort(ecves)
		sortedAll := slices.Clone(cves)
		slices.Sort(sortedAll)
		if strings.Join(ecves, ",") == strings.Join(sortedAll, ",") || all == "" {
			ecves = nil
		}
		var vs, fx []string
		for _, v := range e.versions {
			vs = uniq(vs, oneLine(v))
		}
		for _, v := range e.fixedIn {
			fx = uniq(fx, oneLine(v))
		}
		impact := clip(oneLine(e.impact), maxParagraph)
		key := strings.Join([]string{string(e.status), strings.Join(vs, "\x00"), strings.Join(ecves, ","), strings.Join(fx, "\x00"), string(e.justification), impact}, "\x01")
		name := oneLine(e.product)
		if name == "" {
			continue
		}
		if i, ok := index[key]; ok {
			if !slices.Contains(out[i].Products, name) {
				out[i].Products = append(out[i].Products, name)
			}
			continue
		}
		ps := advisory.ProductStatus{Status: e.status, Products: []string{name}, Versions: vs, CVEs: ecves, FixedIn: fx, Justification: e.justification}
		if impact != "" {
			ps.Impact = b.srcText(impact)
		}
		index[key] = len(out)
		out = append(out, ps)
	}
	return out
}
