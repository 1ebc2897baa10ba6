// Package changes says which facts of an advisory record changed between
// two versions of it, and words them per locale as the summary of a
// revision (the record's revisions: key).
//
// The facts are what a notice tells its readers to act on, not how it
// says it: the deadline (as a due date), the priority, the vendor, product
// and platforms, the products and their statuses (scope.status: status,
// versions, fixed versions, justification), the actions, the CVE ids and
// the references. Titles, summaries, overviews, leads and the wording of
// conditions are not facts: rewording them changes none. An action is the
// one fact that is text: its text in a locale is compared with white space
// collapsed and compatibility forms folded (NFKC), so a changed
// instruction is never missed, while a new translation of it is not a
// change (only the locales both versions have are compared).
//
// noticegen diff words the changes for pasting under revisions:, and the
// review log keeps the facts of a record at each decision (Facts, as
// JSON), so that check can tell that the facts changed since an approval
// (rule revision-missing).
package changes

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/due"
)

// Version is the version of Facts this package writes. A change to what
// Facts hold, or to how they are normalized, must change it.
const Version = 1

// Facts are the facts of one version of a record, in a canonical form:
// sets sorted, statuses one per product, actions normalized. They marshal
// to the same JSON for the same facts, which is how the review log keeps
// them.
type Facts struct {
	V          int             `json:"v"`
	Priority   string          `json:"priority"`
	Deadline   string          `json:"deadline"` // the due date: YYYY-MM-DD, with a time YYYY-MM-DDTHH:MM±hh:mm, as-needed; as written when it does not resolve
	Vendor     string          `json:"vendor"`
	Product    string          `json:"product"`
	Platforms  []string        `json:"platforms,omitempty"` // sorted
	CVEs       []string        `json:"cves,omitempty"`      // sorted
	Status     []Status        `json:"status,omitempty"`    // sorted by product, CVEs and status
	Actions    []advisory.Text `json:"actions"`             // in order, normalized
	References []Reference     `json:"references"`          // in order
}

// Status is what scope.status says about one product, for every CVE of
// the record or for those in CVEs only, with one status: the versions
// concerned, the fixed versions and, for not-affected products, the
// justification. Entries of a record that name the same product, CVEs and
// status are one Status.
type Status struct {
	Product       string   `json:"product"`
	CVEs          []string `json:"cves,omitempty"` // sorted; empty: every CVE of the record
	Status        string   `json:"status"`
	Versions      []string `json:"versions,omitempty"` // sorted, as written
	FixedIn       []string `json:"fixed_in,omitempty"` // sorted, as written
	Justification string   `json:"justification,omitempty"`
	path          string   // the record's first entry for it, e.g. scope.status[2]
	order         int      // where the record first names it: entry and product index
}

// Reference is one reference: its address, or its title for a reference
// known only by name. The title is kept to word a change, not compared.
type Reference struct {
	URL   string        `json:"url,omitempty"`
	Title advisory.Text `json:"title"`
	path  string
}

// key identifies a reference across versions: its URL, else its title.
func (r Reference) key() string {
	if r.URL != "" {
		return "url " + r.URL
	}
	var b strings.Builder
	for _, l := range r.Title.Locales() {
		fmt.Fprintf(&b, "%s %s\x00", l, normalize(r.Title[l]))
	}
	return "title " + b.String()
}

// Of returns the facts of rec under the notice policy (nil: no policy
// file), which its deadline resolves with as its drafts resolve it.
func Of(rec *advisory.Record, policy *config.Config) *Facts {
	f := &Facts{
		V:          Version,
		Priority:   string(rec.Priority),
		Deadline:   advisory.AsNeeded,
		Vendor:     rec.Vendor,
		Product:    rec.Product,
		Platforms:  set(rec.Platforms),
		CVEs:       set(rec.CVEs),
		Actions:    []advisory.Text{},
		References: []Reference{},
	}
	// The deadline as the drafts give it (a day, and the time when there
	// is one), so that +10d equals the date it gives, and a change of the
	// team calendar or the sla that moves the day readers were told is a
	// change of the fact. One that does not resolve (check reports it) is
	// the fact as written.
	switch w, ok, err := due.Resolve(rec, policy); {
	case err != nil:
		f.Deadline = rec.Deadline.String()
	case ok:
		f.Deadline = w.String()
	}
	byKey := map[string]int{}
	for i, st := range rec.Scope.Status {
		for j, p := range st.Products {
			s := Status{Product: p, CVEs: set(st.CVEs), Status: string(st.Status), path: fmt.Sprintf("scope.status[%d]", i), order: i<<16 | j}
			k := s.key()
			if j, ok := byKey[k]; ok {
				m := &f.Status[j]
				m.Versions = set(append(m.Versions, st.Versions...))
				m.FixedIn = set(append(m.FixedIn, st.FixedIn...))
				m.Justification = cmp.Or(m.Justification, string(st.Justification))
				continue
			}
			s.Versions, s.FixedIn, s.Justification = set(st.Versions), set(st.FixedIn), string(st.Justification)
			byKey[k] = len(f.Status)
			f.Status = append(f.Status, s)
		}
	}
	slices.SortStableFunc(f.Status, func(a, b Status) int { return strings.Compare(a.key(), b.key()) })
	for _, a := range rec.Actions {
		t := advisory.Text{}
		for l, s := range a {
			t[l] = normalize(s)
		}
		f.Actions = append(f.Actions, t)
	}
	for i, r := range rec.References {
		f.References = append(f.References, Reference{URL: r.URL, Title: r.Title, path: fmt.Sprintf("references[%d]", i)})
	}
	return f
}

// Check reports what is wrong with facts read back from somewhere (the
// review log), or nil: an unknown version, an unknown priority or status,
// a deadline that is neither a due date (with or without a time),
// as-needed nor a deadline as a record writes it.
func (f *Facts) Check() error {
	if f.V != Version {
		return fmt.Errorf("facts of version %d; this noticegen knows version %d", f.V, Version)
	}
	if !slices.Contains(advisory.Priorities, advisory.Priority(f.Priority)) {
		return fmt.Errorf("unknown priority %q", f.Priority)
	}
	if f.Deadline != advisory.AsNeeded {
		if _, err := due.Parse(f.Deadline); err != nil {
			// A deadline that did not resolve is kept as written.
			if _, perr := advisory.ParseDeadline(f.Deadline); perr != nil {
				return fmt.Errorf("deadline: %v", err)
			}
		}
	}
	for _, s := range f.Status {
		if !slices.Contains(advisory.Statuses, advisory.Status(s.Status)) {
			return fmt.Errorf("unknown status %q", s.Status)
		}
	}
	return nil
}

// key orders statuses and identifies one across versions.
func (s Status) key() string {
	return s.Product + "\x00" + strings.Join(s.CVEs, ",") + "\x00" + fmt.Sprint(slices.Index(advisory.Statuses, advisory.Status(s.Status)))
}

// product identifies the product and CVEs of a status, whatever the status.
func (s Status) product() string { return s.Product + "\x00" + strings.Join(s.CVEs, ",") }

// set returns the distinct strings of list, sorted; nil for none.
func set(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}

// normalize folds what does not change what a text says: compatibility
// forms (full-width letters and digits, half-width katakana) and runs of
// white space, line breaks among them.
func normalize(s string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}
