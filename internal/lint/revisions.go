package lint

import (
	"fmt"
	"slices"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
	"github.com/noticegen/noticegen/internal/config"
)

// ruleRevisionMissing is the rule that facts changed since an approval
// without a revision saying so.
const ruleRevisionMissing = "revision-missing"

// Approved is what the review log remembers of a record's last approval
// (the latest since the last request for changes), for rule
// revision-missing: who and when, the record's facts then, and its
// revisions then (how many, and the date of the newest).
type Approved struct {
	Seq       int
	Time      string // RFC 3339
	Reviewer  string
	Facts     *changes.Facts // nil: the approval was logged before noticegen kept facts
	Revisions int
	Revised   string // YYYY-MM-DD, "" without revisions
}

// revised reports whether rec has a revision the approval did not: more
// of them, or a newer one.
func (a *Approved) revised(rec *advisory.Record) bool {
	l := rec.Latest()
	return len(rec.Revisions) > a.Revisions || l != nil && l.Date.String() > a.Revised
}

// checkRevisionMissing reports, at its field, each fact of the record that
// changed since its last approval when no revision was added since: a
// notice that went out approved must not change what it tells readers
// without saying so.
func checkRevisionMissing(c *checker) {
	if c.o.Approved != nil {
		c.findings = append(c.findings, revisionFindings(c.rec, c.o.Approved(c.rec), c.o.Renderer.Policy())...)
	}
}

func revisionFindings(rec *advisory.Record, a *Approved, policy *config.Config) []Finding {
	if a == nil || a.Facts == nil || a.revised(rec) {
		return nil
	}
	c := &checker{rec: rec}
	for _, ch := range changes.Compare(a.Facts, changes.Of(rec, policy)) {
		c.reportAt(ruleRevisionMissing, c.pos(ch.Path), fmt.Sprintf("%s since the approval by %s (log seq %d, %s), and no new revision says so: "+
			"add one at the end of revisions: (noticegen diff drafts it)", ch, a.Reviewer, a.Seq, a.Time))
	}
	return c.findings
}

// CheckApproved runs rule revision-missing alone against a, the record's
// last approval (nil: none), with the record's deadline resolved under
// policy (nil: no policy file), honoring the record's lint.disable: for a
// front end that checked the record before it read the review log (the
// review page caches what a record's bytes give, but not what the log
// says).
func CheckApproved(rec *advisory.Record, a *Approved, policy *config.Config) []Finding {
	if slices.Contains(rec.Lint.Disable, ruleRevisionMissing) {
		return nil
	}
	fs := revisionFindings(rec, a, policy)
	sortFindings(fs)
	return fs
}
