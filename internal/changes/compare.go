package changes

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Kind is what changed.
type Kind string

// The kinds of change, in the order Compare lists them.
const (
	DeadlineChanged      Kind = "deadline"
	PriorityChanged      Kind = "priority"
	CVEsAdded            Kind = "cves-added"
	CVEsRemoved          Kind = "cves-removed"
	VendorChanged        Kind = "vendor"
	ProductChanged       Kind = "product"
	PlatformsAdded       Kind = "platforms-added"
	PlatformsRemoved     Kind = "platforms-removed"
	StatusAdded          Kind = "status-added"   // products added to scope.status (Products, CVEs, Status, New: versions, Fixed)
	StatusRemoved        Kind = "status-removed" // products no longer in scope.status
	StatusChanged        Kind = "status-changed" // a product's one status changed: Old and New are the statuses
	VersionsChanged      Kind = "versions"       // the versions of a product's status
	FixedInChanged       Kind = "fixed-in"       // the fixed versions of a product's status
	JustificationChanged Kind = "justification"  // why a product is not affected
	ActionsAdded         Kind = "actions-added"
	ActionsChanged       Kind = "actions-changed"
	ActionsRemoved       Kind = "actions-removed"
	ReferenceAdded       Kind = "reference-added"
	ReferenceRemoved     Kind = "reference-removed"
)

// Change is one fact that changed. Values are as records write them
// (dates YYYY-MM-DD, priority and status keys, versions as given); Word
// words them per locale, String for people who read records.
type Change struct {
	Kind Kind
	// Path is the field of the newer record the change is at (for a
	// removal, the list that lost it), e.g. "deadline", "scope.status[2]",
	// "actions[1]".
	Path string
	// Old and New are the values before and after: a deadline, a
	// priority, a vendor or product, a status, versions, fixed versions, a
	// justification; empty for none.
	Old, New []string
	// Items are the CVE ids or platforms added or removed.
	Items []string
	// Products, CVEs and Status say which products a status change is
	// about: their names, the CVEs their status is limited to (none: every
	// CVE of the record) and their status (for StatusChanged, the new one).
	Products []string
	CVEs     []string
	Status   string
	// Fixed are the fixed versions of products added to the scope.
	Fixed []string
	// Steps are the numbers of the actions added or changed (as numbered
	// in the newer record) or removed (as numbered in the older one),
	// from 1. Locales are the locales whose text of a changed action
	// differs.
	Steps   []int
	Locales []string
	// Reference is the reference added or removed.
	Reference Reference
}

// Compare lists the facts that differ between old and new, in the order of
// the kinds above; none when they say the same.
func Compare(old, new *Facts) []Change {
	var out []Change
	if old.Deadline != new.Deadline {
		out = append(out, Change{Kind: DeadlineChanged, Path: "deadline", Old: []string{old.Deadline}, New: []string{new.Deadline}})
	}
	if old.Priority != new.Priority {
		out = append(out, Change{Kind: PriorityChanged, Path: "priority", Old: []string{old.Priority}, New: []string{new.Priority}})
	}
	if add, rem := diffSets(old.CVEs, new.CVEs); len(add)+len(rem) > 0 {
		if len(add) > 0 {
			out = append(out, Change{Kind: CVEsAdded, Path: fmt.Sprintf("cves[%d]", slices.Index(new.CVEs, add[0])), Items: add})
		}
		if len(rem) > 0 {
			out = append(out, Change{Kind: CVEsRemoved, Path: "cves", Items: rem})
		}
	}
	if old.Vendor != new.Vendor {
		out = append(out, Change{Kind: VendorChanged, Path: "vendor", Old: []string{old.Vendor}, New: []string{new.Vendor}})
	}
	if old.Product != new.Product {
		out = append(out, Change{Kind: ProductChanged, Path: "product", Old: []string{old.Product}, New: []string{new.Product}})
	}
	if add, rem := diffSets(old.Platforms, new.Platforms); len(add)+len(rem) > 0 {
		if len(add) > 0 {
			out = append(out, Change{Kind: PlatformsAdded, Path: "platforms", Items: add})
		}
		if len(rem) > 0 {
			out = append(out, Change{Kind: PlatformsRemoved, Path: "platforms", Items: rem})
		}
	}
	out = append(out, compareStatus(old.Status, new.Status)...)
	out = append(out, compareActions(old.Actions, new.Actions)...)
	out = append(out, compareReferences(old.References, new.References)...)
	return out
}

// diffSets returns what sorted b has that sorted a has not, and the other
// way round.
func diffSets(a, b []string) (added, removed []string) {
	for _, s := range b {
		if _, found := slices.BinarySearch(a, s); !found {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// compareStatus compares statuses product by product (with the CVEs the
// status is limited to): a product with one status in both versions whose
// status changed is one StatusChanged; otherwise each status the product
// gained or lost is added or removed, and a status in both versions is
// compared by versions, fixed versions and justification. Products added
// or removed with the same status, CVEs and versions are one change.
func compareStatus(old, new []Status) []Change {
	byProduct := func(list []Status) (map[string][]Status, []string) {
		m := map[string][]Status{}
		var order []string
		list = slices.Clone(list)
		slices.SortStableFunc(list, func(a, b Status) int { return a.order - b.order })
		for _, s := range list {
			k := s.product()
			if _, ok := m[k]; !ok {
				order = append(order, k)
			}
			m[k] = append(m[k], s)
		}
		return m, order
	}
	om, oorder := byProduct(old)
	nm, norder := byProduct(new)
	// Changes come in the order the newer record names the products.
	slices.SortStableFunc(norder, func(a, b string) int { return nm[a][0].order - nm[b][0].order })
	var out []Change
	added := func(s Status) {
		c := Change{Kind: StatusAdded, Path: s.path, Products: []string{s.Product}, CVEs: s.CVEs, Status: s.Status, New: s.Versions, Fixed: s.FixedIn}
		for i := range out {
			o := &out[i]
			if o.Kind == StatusAdded && slices.Equal(o.CVEs, c.CVEs) && o.Status == c.Status && slices.Equal(o.New, c.New) && slices.Equal(o.Fixed, c.Fixed) {
				o.Products = append(o.Products, s.Product)
				return
			}
		}
		out = append(out, c)
	}
	removed := func(s Status) {
		for i := range out {
			o := &out[i]
			if o.Kind == StatusRemoved && slices.Equal(o.CVEs, s.CVEs) && o.Status == s.Status {
				o.Products = append(o.Products, s.Product)
				return
			}
		}
		out = append(out, Change{Kind: StatusRemoved, Path: "scope.status", Products: []string{s.Product}, CVEs: s.CVEs, Status: s.Status, Old: s.Versions})
	}
	for _, k := range norder {
		ns, os := nm[k], om[k]
		if len(os) == 1 && len(ns) == 1 && os[0].Status != ns[0].Status {
			n := ns[0]
			out = append(out, Change{Kind: StatusChanged, Path: n.path, Products: []string{n.Product}, CVEs: n.CVEs, Status: n.Status,
				Old: []string{os[0].Status}, New: []string{n.Status}})
			continue
		}
		for _, n := range ns {
			i := slices.IndexFunc(os, func(o Status) bool { return o.Status == n.Status })
			if i < 0 {
				added(n)
				continue
			}
			o := os[i]
			base := Change{Path: n.path, Products: []string{n.Product}, CVEs: n.CVEs, Status: n.Status}
			if !slices.Equal(o.Versions, n.Versions) {
				c := base
				c.Kind, c.Old, c.New = VersionsChanged, o.Versions, n.Versions
				out = append(out, c)
			}
			if !slices.Equal(o.FixedIn, n.FixedIn) {
				c := base
				c.Kind, c.Old, c.New = FixedInChanged, o.FixedIn, n.FixedIn
				out = append(out, c)
			}
			if o.Justification != n.Justification {
				c := base
				c.Kind, c.Old, c.New = JustificationChanged, nonEmpty(o.Justification), nonEmpty(n.Justification)
				out = append(out, c)
			}
		}
		for _, o := range os {
			if !slices.ContainsFunc(ns, func(n Status) bool { return n.Status == o.Status }) {
				removed(o)
			}
		}
	}
	for _, k := range oorder {
		if _, ok := nm[k]; !ok {
			for _, o := range om[k] {
				removed(o)
			}
		}
	}
	return mergeProducts(out)
}

// mergeProducts makes the same change to several products (the products
// of one entry, usually) one change.
func mergeProducts(list []Change) []Change {
	var out []Change
	for _, c := range list {
		i := slices.IndexFunc(out, func(o Change) bool {
			return o.Kind == c.Kind && slices.Equal(o.CVEs, c.CVEs) && o.Status == c.Status &&
				slices.Equal(o.Old, c.Old) && slices.Equal(o.New, c.New) && slices.Equal(o.Fixed, c.Fixed)
		})
		if i < 0 {
			out = append(out, c)
			continue
		}
		for _, p := range c.Products {
			if !slices.Contains(out[i].Products, p) {
				out[i].Products = append(out[i].Products, p)
			}
		}
	}
	return out
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// sameAction reports whether two actions say the same, and the locales
// they differ in: only locales both have are compared (a translation
// added is no change), and actions without a locale in common differ.
func sameAction(a, b advisory.Text) (bool, []string) {
	common, differ := 0, []string(nil)
	for _, l := range a.Locales() {
		t, ok := b[l]
		if !ok {
			continue
		}
		common++
		if t != a[l] {
			differ = append(differ, l)
		}
	}
	return common > 0 && len(differ) == 0, differ
}

// compareActions matches the actions of both versions in order (a longest
// common subsequence of actions that say the same); between two matches,
// actions of both versions are changed ones, pair by pair, and the rest
// are added or removed.
func compareActions(old, new []advisory.Text) []Change {
	n, m := len(old), len(new)
	// lcs[i][j]: length of the longest common subsequence of old[i:] and new[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if same, _ := sameAction(old[i], new[j]); same {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	add := Change{Kind: ActionsAdded}
	chg := Change{Kind: ActionsChanged}
	rem := Change{Kind: ActionsRemoved, Path: "actions"}
	var gapOld, gapNew []int
	flush := func() {
		pairs := align(old, new, gapOld, gapNew)
		pairedOld, pairedNew := map[int]bool{}, map[int]bool{}
		for _, p := range pairs {
			pairedOld[p[0]], pairedNew[p[1]] = true, true
			chg.Steps = append(chg.Steps, p[1]+1)
			_, differ := sameAction(old[p[0]], new[p[1]])
			if differ == nil {
				differ = new[p[1]].Locales()
			}
			for _, l := range differ {
				if !slices.Contains(chg.Locales, l) {
					chg.Locales = append(chg.Locales, l)
				}
			}
		}
		for _, j := range gapNew {
			if !pairedNew[j] {
				add.Steps = append(add.Steps, j+1)
			}
		}
		for _, i := range gapOld {
			if !pairedOld[i] {
				rem.Steps = append(rem.Steps, i+1)
			}
		}
		gapOld, gapNew = nil, nil
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m:
			if same, _ := sameAction(old[i], new[j]); same && lcs[i][j] == lcs[i+1][j+1]+1 {
				flush()
				i, j = i+1, j+1
			} else if lcs[i+1][j] >= lcs[i][j+1] {
				gapOld = append(gapOld, i)
				i++
			} else {
				gapNew = append(gapNew, j)
				j++
			}
		case i < n:
			gapOld = append(gapOld, i)
			i++
		default:
			gapNew = append(gapNew, j)
			j++
		}
	}
	flush()
	var out []Change
	if len(add.Steps) > 0 {
		add.Path = fmt.Sprintf("actions[%d]", add.Steps[0]-1)
		out = append(out, add)
	}
	if len(chg.Steps) > 0 {
		chg.Path = fmt.Sprintf("actions[%d]", chg.Steps[0]-1)
		slices.Sort(chg.Locales)
		out = append(out, chg)
	}
	if len(rem.Steps) > 0 {
		out = append(out, rem)
	}
	return out
}

// minSimilar is how alike (similarity, 0 to 1) an older and a newer
// action must be to be one action changed rather than one removed and
// another added.
const minSimilar = 0.4

// align pairs the actions of a gap between two matched ones, older
// indexes gapOld and newer gapNew, in order: the pairs of actions alike
// enough (minSimilar) whose similarity adds up to the most. Actions left
// unpaired were removed or added.
func align(old, new []advisory.Text, gapOld, gapNew []int) [][2]int {
	k, l := len(gapOld), len(gapNew)
	if k == 0 || l == 0 {
		return nil
	}
	sim := make([][]float64, k)
	for a := range sim {
		sim[a] = make([]float64, l)
		for b := range sim[a] {
			sim[a][b] = similarity(old[gapOld[a]], new[gapNew[b]])
		}
	}
	// best[a][b]: the most similarity pairing gapOld[a:] with gapNew[b:].
	best := make([][]float64, k+1)
	for a := range best {
		best[a] = make([]float64, l+1)
	}
	for a := k - 1; a >= 0; a-- {
		for b := l - 1; b >= 0; b-- {
			best[a][b] = max(best[a+1][b], best[a][b+1])
			if sim[a][b] >= minSimilar {
				best[a][b] = max(best[a][b], sim[a][b]+best[a+1][b+1])
			}
		}
	}
	var pairs [][2]int
	for a, b := 0, 0; a < k && b < l; {
		switch {
		case sim[a][b] >= minSimilar && best[a][b] == sim[a][b]+best[a+1][b+1]:
			pairs = append(pairs, [2]int{gapOld[a], gapNew[b]})
			a, b = a+1, b+1
		case best[a][b] == best[a+1][b]:
			a++
		default:
			b++
		}
	}
	return pairs
}

// similarity is how alike two actions are, from 0 to 1: the Dice
// coefficient of their character bigrams, averaged over the locales both
// have.
func similarity(a, b advisory.Text) float64 {
	total, n := 0.0, 0
	for _, l := range a.Locales() {
		t, ok := b[l]
		if !ok {
			continue
		}
		total += dice(a[l], t)
		n++
	}
	if n == 0 {
		return 0
	}
	return total / float64(n)
}

func dice(a, b string) float64 {
	bigrams := func(s string) map[string]int {
		r := []rune(s)
		m := map[string]int{}
		for i := 0; i+1 < len(r); i++ {
			m[string(r[i:i+2])]++
		}
		return m
	}
	ba, bb := bigrams(a), bigrams(b)
	na, nb, common := 0, 0, 0
	for g, c := range ba {
		na += c
		common += min(c, bb[g])
	}
	for _, c := range bb {
		nb += c
	}
	if na+nb == 0 {
		if a == b {
			return 1
		}
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

// compareReferences lists the references added (in the newer version's
// order) and removed (in the older one's), by URL, or by title for
// references without one; a new title of the same URL is no change.
func compareReferences(old, new []Reference) []Change {
	var out []Change
	keys := func(list []Reference) map[string]bool {
		m := map[string]bool{}
		for _, r := range list {
			m[r.key()] = true
		}
		return m
	}
	ok, nk := keys(old), keys(new)
	for _, r := range new {
		if !ok[r.key()] {
			out = append(out, Change{Kind: ReferenceAdded, Path: r.path, Reference: r})
		}
	}
	for _, r := range old {
		if !nk[r.key()] {
			out = append(out, Change{Kind: ReferenceRemoved, Path: "references", Reference: r})
		}
	}
	return out
}

// String describes the change for people who read records, in no
// particular language: field names and values as records write them,
// e.g. "deadline: 2026-06-20 → 2026-06-30".
func (c Change) String() string {
	list := func(vs []string) string {
		if len(vs) == 0 {
			return "(none)"
		}
		return strings.Join(vs, ", ")
	}
	who := strings.Join(c.Products, ", ")
	if len(c.CVEs) > 0 {
		who += " (" + strings.Join(c.CVEs, ", ") + ")"
	}
	steps := func() string {
		s := make([]string, len(c.Steps))
		for i, n := range c.Steps {
			s[i] = strconv.Itoa(n)
		}
		w := "step "
		if len(s) > 1 {
			w = "steps "
		}
		return w + strings.Join(s, ", ")
	}
	switch c.Kind {
	case DeadlineChanged, PriorityChanged, VendorChanged, ProductChanged:
		return fmt.Sprintf("%s: %s → %s", c.Kind, list(c.Old), list(c.New))
	case CVEsAdded:
		return "cves: added " + list(c.Items)
	case CVEsRemoved:
		return "cves: removed " + list(c.Items)
	case PlatformsAdded:
		return "platforms: added " + list(c.Items)
	case PlatformsRemoved:
		return "platforms: removed " + list(c.Items)
	case StatusAdded:
		s := fmt.Sprintf("scope.status: added %s: %s", who, c.Status)
		if len(c.New) > 0 {
			s += ", versions " + list(c.New)
		}
		if len(c.Fixed) > 0 {
			s += ", fixed in " + list(c.Fixed)
		}
		return s
	case StatusRemoved:
		return fmt.Sprintf("scope.status: removed %s: %s", who, c.Status)
	case StatusChanged:
		return fmt.Sprintf("scope.status: %s: %s → %s", who, list(c.Old), list(c.New))
	case VersionsChanged:
		return fmt.Sprintf("scope.status: %s (%s): versions %s → %s", who, c.Status, list(c.Old), list(c.New))
	case FixedInChanged:
		return fmt.Sprintf("scope.status: %s (%s): fixed in %s → %s", who, c.Status, list(c.Old), list(c.New))
	case JustificationChanged:
		return fmt.Sprintf("scope.status: %s (%s): justification %s → %s", who, c.Status, list(c.Old), list(c.New))
	case ActionsAdded:
		return "actions: added " + steps()
	case ActionsChanged:
		return fmt.Sprintf("actions: changed %s (%s)", steps(), strings.Join(c.Locales, ", "))
	case ActionsRemoved:
		return "actions: removed " + steps() + " (as numbered before)"
	case ReferenceAdded, ReferenceRemoved:
		verb := map[Kind]string{ReferenceAdded: "added", ReferenceRemoved: "removed"}[c.Kind]
		what := c.Reference.URL
		if what == "" {
			for _, l := range c.Reference.Title.Locales() {
				what = c.Reference.Title[l] // the first locale's title, sorted
				break
			}
		}
		return fmt.Sprintf("references: %s %s", verb, what)
	}
	return string(c.Kind)
}
