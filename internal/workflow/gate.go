package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/review"
)

// Gate is export's send gate: a record is approved when its review log
// holds enough approvals of its current content (review.Compute). The logs
// are read and verified once, before the export starts.
type Gate struct {
	kit      *Kit
	logs     Logs
	required int
	entries  map[string][]review.Entry  // by log directory
	reviewed map[string]map[string]bool // by log directory: ids with entries
	key      string
}

// NewGate reads the review logs of the record files. A log that does not
// verify is an error: its approvals cannot be trusted, so the caller must
// export nothing.
func NewGate(k *Kit, logs Logs, files []string, required int) (*Gate, []error) {
	g := &Gate{kit: k, logs: logs, required: max(required, 1),
		entries: map[string][]review.Entry{}, reviewed: map[string]map[string]bool{}}
	var errs []error
	for _, file := range files {
		l := logs.For(file)
		if _, ok := g.entries[l.Dir]; ok {
			continue
		}
		es, err := l.Read(k.Now)
		if err != nil {
			errs = append(errs, err)
		}
		g.entries[l.Dir] = es
		ids := map[string]bool{}
		for _, e := range es {
			ids[e.Record] = true
		}
		g.reviewed[l.Dir] = ids
	}
	// The key changes whenever any log gains an entry: each log's last
	// hash stands for all of it (the chain).
	var dirs []string
	for d := range g.entries {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	h := sha256.New()
	fmt.Fprintf(h, "approvals %d\x00", g.required)
	for _, d := range dirs {
		last := review.Genesis
		if es := g.entries[d]; len(es) > 0 {
			last = es[len(es)-1].Hash
		}
		fmt.Fprintf(h, "%s\x00%s\x00", d, last)
	}
	g.key = hex.EncodeToString(h.Sum(nil))
	return g, errs
}

// Key identifies the review state the gate decides on, for the export
// fingerprint: a new entry in any log changes it.
func (g *Gate) Key() string { return g.key }

// Allow is the export.Gate. A record whose drafts cannot all be rendered
// (in every locale, not only the exported ones) cannot have been
// approved. drafts are the record's drafts already rendered, reused for
// the content hash.
//
// The content hash is of the drafts as the reviewers read them, headed by
// the disclaimer for whoever sends them; it is computed here from the
// drafts export rendered, before anything of them changes. An approved
// verdict names the approvals of that content (every reviewer who
// approved it, oldest first), which export then puts into the
// disclosure that replaces the disclaimer on the send-ready drafts:
// render.Renderer.SendReady changes that slot only.
func (g *Gate) Allow(rec *advisory.Record, data []byte, drafts []*render.Draft) (export.Verdict, error) {
	l := g.logs.For(rec.File)
	if !g.reviewed[l.Dir][rec.ID] {
		// Never reviewed: a draft whatever its content, so the content
		// hash (every draft in every format) need not be computed.
		return export.Verdict{Status: string(review.Draft)}, nil
	}
	snap, err := g.kit.Snapshot(rec, data, drafts)
	if err != nil {
		return export.Verdict{Status: fmt.Sprintf("cannot be reviewed: %v", err)}, nil
	}
	st := review.Compute(g.entries[l.Dir], rec.ID, rec.Author, snap.Hash(), g.required)
	switch st.State {
	case review.Approved:
		return export.Verdict{Approved: true, Approvals: ApprovalsOf(st)}, nil
	case review.Stale:
		return export.Verdict{Status: fmt.Sprintf("stale: changed since the approval by %s, seq %d", st.Basis.Reviewer, st.Basis.Seq)}, nil
	case review.ChangesRequested:
		return export.Verdict{Status: fmt.Sprintf("changes requested by %s, seq %d", st.Basis.Reviewer, st.Basis.Seq)}, nil
	}
	return export.Verdict{Status: st.Summary()}, nil
}

// ApprovalsOf returns who approved a record's current content and when,
// oldest first, as the disclosure of its send-ready drafts names them:
// every approval that counts (one per reviewer), also beyond the number
// required. It is empty unless st is Approved.
func ApprovalsOf(st *review.Status) []render.Approval {
	if st.State != review.Approved {
		return nil
	}
	out := make([]render.Approval, len(st.Current))
	for i, e := range st.Current {
		out[i] = render.Approval{Reviewer: e.Reviewer, At: e.When()}
	}
	return out
}
