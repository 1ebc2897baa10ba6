package importer

import (
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
)

// kind is what a notice made from an advisory asks of its readers.
type kind int

const (
	kindVuln        kind = iota // affected products: act
	kindNotAffected             // VEX: every product is known not affected
	kindWithdrawn               // the source withdrew the advisory
	kindInfo                    // informational: no vulnerability to fix
)

// scopeKind says what the products in doc.scope are.
type scopeKind int

const (
	scopeAffected  scopeKind = iota // affected products and versions
	scopeFixed                      // products with fixed versions (Red Hat lists only these)
	scopePackages                   // OSV packages with affected ranges
	scopeMalicious                  // malicious package versions
)

// statusEntry is what the source says about one product (or product line)
// and, if it differs per vulnerability, for which CVEs: a scope.status
// entry before products that share everything else are merged.
type statusEntry struct {
	status        advisory.Status
	product       string
	versions      []string // as the source writes them; worded by the renderer
	cves          []string
	fixedIn       []string
	justification advisory.Justification
	impact        string // the source's impact statement (source text)
}

// doc is what a parser extracts from one advisory, before it is worded as a
// record. Text fields hold the source's own text in its language.
type doc struct {
	format   Format
	detected string
	id       string
	lang     string // BCP 47 tag of the source text, "" if not given
	kind     kind

	title     string
	summary   string
	overview  []string // paragraphs
	publisher string
	sourceURL string
	vendors   []string
	products  []string

	published, updated, withdrawn time.Time

	cves      []string
	cveScores map[string]float64 // highest base score per CVE, for choosing which to list

	aggregate     string // the source's overall severity word, e.g. Important
	aggregateFrom string // where it was found, for the explanation
	scores        []scored
	labels        []string // severity words of single vulnerabilities

	scope        []group
	scopeKind    scopeKind
	status       []statusEntry
	malware      bool   // the advisory is about a malicious package
	distro       string // the distribution, for distribution advisories with many binary packages
	components   []string
	nPackages    int // binary packages a distribution advisory lists
	hasFix       bool
	overviewNote *msg // a generated note after the overview (vulnerabilities left out)
	actions      []action
	refs         []ref
	tlp          string
	warnings     []string
}

// scored is one CVSS base score found in the source.
type scored struct {
	score   float64
	version string
	of      string // the vulnerability it belongs to (a CVE id if there is one)
}

// group is a product (or package) with the versions concerned; no items
// means every version, or versions the source does not list.
type group struct {
	name   string
	items  []string
	short  []string // package names of the items, shown instead when there are many
	ranges []*msg   // worded ranges that are not versions (OSV commits), shown after items
}

// action is one recommended step: either source text (text, with the
// remediation category and the products it is limited to) or a sentence
// the importer wrote in every locale (gen).
type action struct {
	category string
	products []string
	text     string
	url      string
	gen      *msg
}

// ref is a reference; its title is source text, or gen when the importer
// words it.
type ref struct {
	title, url string
	gen        *msg
}

// lt is text the importer writes itself, per locale.
type lt map[string]string

// Limits that keep an email readable however large the source.
const (
	maxActions      = 10
	maxReferences   = 15
	maxGroups       = 10
	maxGroupItems   = 5
	maxOverview     = 4000
	maxParagraph    = 1500
	maxSummary      = 1000
	maxTitle        = 200
	maxNameInField  = 3
	defaultPriority = advisory.PriorityMedium
)
