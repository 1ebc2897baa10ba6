package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/kev"
)

// knownExploited applies the known exploited policy (package kev) when
// Options.KEV lists a CVE of the record: exploited is filled from the
// catalog, and a notice that asks readers to act gets a priority of at
// least high and a deadline no later than the KEV due date. Each change
// is said in the comment on its key, and the header names the catalog.
func (b *builder) knownExploited(r *advisory.Record) {
	if b.o.KEV == nil {
		return
	}
	listed := b.o.KEV.Listed(r.CVEs)
	if len(listed) == 0 {
		return
	}
	var ids []string
	for _, v := range listed {
		r.Exploited = append(r.Exploited, v.Exploit())
		ids = append(ids, v.CVE)
	}
	b.kevIDs = ids
	if !kev.Bound(r) {
		return
	}
	why := fmt.Sprintf("%s %s in CISA's KEV catalog", kev.Names(ids), isAre(len(ids)))
	if kev.Below(r.Priority) {
		was := strings.TrimPrefix(b.comments["priority"], "noticegen: ")
		b.comments["priority"] = fmt.Sprintf("noticegen: raised from %s to %s: %s (%s was %s)", r.Priority, kev.MinPriority, why, r.Priority, was)
		r.Priority = kev.MinPriority
		// The default deadline follows the priority.
		delete(b.comments, "deadline")
		r.Deadline = b.deadline(r.Priority, r.Published)
	}
	limit, by, _ := kev.Earliest(r, r.Exploited)
	if got, dated, err := kev.RecordDue(r, b.o.Policy); err != nil || !dated || got.After(limit.Time) {
		r.Deadline = advisory.Deadline{Kind: advisory.DeadlineDate, Date: limit, Raw: limit.String()}
		what := "the KEV due date of " + kev.Names(by) + ", the deadline CISA set for US federal agencies"
		for _, e := range r.Exploited {
			if slices.Contains(by, e.CVE) && e.Due.Before(r.Published.Time) {
				what = "the publication date: the KEV due date of " + kev.Names(by) + " had passed by then"
			}
		}
		b.unconfirm("deadline", what)
		b.comments["deadline"] = "noticegen: " + what + "; confirm, then remove from provenance.unconfirmed"
	}
}

// kevHeader is what the record's header says of the catalog: which of
// its CVE ids it lists, from which copy.
func (b *builder) kevHeader() []string {
	if len(b.kevIDs) == 0 {
		return nil
	}
	return []string{
		fmt.Sprintf("CISA's KEV catalog (%s, catalogVersion %s) lists %s, as exploited says;",
			oneLine(filepath.Base(b.o.KEV.File)), oneLine(b.o.KEV.Version), kev.Names(b.kevIDs)),
		"noticegen check --kev checks the record against the catalog.",
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
