package export

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/bufpool"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// exportOne renders one record in every locale and format, in memory,
// then writes the files whose content changed and removes the files an
// earlier export wrote for it (prev, from the manifest) that this one
// does not produce. A record that fails to load or render writes nothing.
//
// The stat cache: a record file whose stat key under the configuration
// (tag, see recordKey) is the manifest's, and whose files are as the
// manifest saw them last (outStat), is unchanged without being read. A
// file read whose input hash is the manifest's is unchanged when its
// files are there and, when the manifest knows their stat data, as they
// were; files changed since (touched, edited) make the record render, and
// what differs is written again.
func exportOne(file string, prev manifestRecord, d *confine.Dir, o Options, tag string) Result {
	res := Result{File: file, Status: Failed, owned: prev.Files, created: prev.Created}
	key := recordKey(file, tag)
	unchanged := func(outstat string) Result {
		res.ID, res.Status, res.entry, res.files = prev.Entry.ID, Unchanged, prev.Entry, prev.Files
		res.cache, res.outstat = key, outstat
		return res
	}
	if !o.Force && key != "" && key == prev.Cache && prev.Input != "" && prev.Entry != nil && prev.OutStat != "" {
		if sum, ok := outStat(d, prev.Entry.ID, prev.Files); ok && sum == prev.OutStat {
			res.input = prev.Input
			return unchanged(sum)
		}
	}
	recordReads.Add(1)
	data, err := advisory.Read(file)
	if err != nil {
		res.Err = err
		return res
	}
	res.input = hashBytes([]byte(o.Config), []byte{0}, data)
	if !o.Force && prev.Input == res.input && prev.Entry != nil {
		if sum, ok := outStat(d, prev.Entry.ID, prev.Files); ok && (prev.OutStat == "" || sum == prev.OutStat) {
			return unchanged(sum)
		}
	}
	rec, err := advisory.Decode(file, data)
	if err != nil {
		res.Err = err
		return res
	}
	res.ID = rec.ID
	if e := rec.CheckFileName(); e != nil {
		res.Err = e
		return res
	}
	if !filepath.IsLocal(rec.ID) || strings.ContainsAny(rec.ID, `/\`) {
		// Record ids are validated when loaded; a second line of defence.
		res.Err = fmt.Errorf("%s: output path %q would escape the output directory", file, rec.ID)
		return res
	}
	out, outs, notices, refused, err := produce(rec, data, o)
	res.Notices, res.Refused = notices, refused
	if len(refused) > 0 {
		// Not current: the next run renders the record again and
		// reports the refusal again, until it is resolved.
		res.input = ""
	}
	if errors.Is(err, errNotApproved) {
		res.Status = Skipped
		res.Err = err
		return res
	}
	if err != nil {
		res.Err = err
		return res
	}
	for _, f := range out {
		res.files = append(res.files, f.name)
	}
	w, err := writeRecord(d, rec.ID, out, prev.Files, o.Force)
	release(out, outs)
	res.Written, res.Removed = w.written, w.removed
	res.created = prev.Created || w.created
	if err != nil {
		if w.written > 0 {
			// What may be there now: the files of before and new ones.
			res.owned = union(prev.Files, res.files)
		}
		res.Err = fmt.Errorf("%s: %w", file, err)
		res.files = nil
		return res
	}
	res.entry = newIndexEntry(rec, o.Renderer.Policy())
	if res.input != "" {
		// Stat data of files just written: what the next run compares.
		if w.stats != nil {
			res.outstat = outStatOf(res.files, w.stats)
		} else {
			res.outstat, _ = outStat(d, rec.ID, res.files)
		}
		res.cache = key
	}
	res.Status = Exported
	if res.Written == 0 && res.Removed == 0 {
		res.Status = Unchanged
	}
	return res
}

type writeStats struct {
	written, removed int
	created          bool
	stats            []confine.Stat // of the files, in order, when all were just written into a new directory
}

// writeRecord writes the files out of the record directory id in d, and
// removes those of old (the record's files by the manifest) that out
// lacks. A record exported for the first time gets its directory in one
// rename. Nothing is written through a symbolic link: a link as the
// directory, or at the name of any file to be written or removed, refuses
// the whole record before anything is written.
func writeRecord(d *confine.Dir, id string, out []outFile, old []string, force bool) (writeStats, error) {
	// st.created: noticegen made the directory (see manifestRecord).
	var st writeStats
	fi, err := d.NoLink(id)
	if err != nil {
		return st, err
	}
	if fi == nil {
		stats, ok, err := writeDir(d, id, out)
		if err != nil {
			return st, err
		}
		if ok {
			st.written, st.created, st.stats = len(out), true, stats
			return st, nil
		}
	}
	sub, err := d.Sub(id)
	if err != nil {
		return st, err
	}
	defer sub.Close()
	want := map[string]bool{}
	for _, f := range out {
		want[f.name] = true
	}
	if old == nil {
		// Not in the manifest, yet there: a directory that holds nothing
		// but files of this record was made by an export interrupted
		// before it saved the manifest. One the user made is not ours.
		es, err := sub.ReadDir()
		st.created = err == nil && len(es) > 0
		for _, e := range es {
			st.created = st.created && want[e.Name()] && e.Type().IsRegular()
		}
	}
	var stale []string
	for _, n := range old {
		if !want[n] && filepath.IsLocal(n) && !strings.ContainsAny(n, `/\`) {
			stale = append(stale, n)
		}
	}
	for _, f := range out {
		if _, err := sub.NoLink(f.name); err != nil {
			return st, err
		}
	}
	for _, n := range stale {
		if _, err := sub.NoLink(n); err != nil {
			return st, err
		}
	}
	for _, f := range out {
		if !force && upToDate(sub, f.name, f.data) {
			continue
		}
		if err := writeRecordFile(d, sub, id, f.name, f.data); err != nil {
			return st, err
		}
		st.written++
	}
	for _, n := range stale {
		ok, err := removeRegular(sub, n)
		if err != nil {
			return st, err
		}
		if ok {
			st.removed++
		}
	}
	return st, nil
}

// union returns the names of a and b, each once, in order.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var u []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			u = append(u, s)
		}
	}
	return u
}

// outFile is one file of a record's directory.
type outFile struct {
	name string
	data []byte
	// pooled: data is a bufpool buffer that nothing else refers to (the
	// .eml, the digest page), given back once written.
	pooled bool
}

// release gives the buffers of the pooled files back to bufpool, and
// those of the drafts' outputs (their HTML document and body, see
// format.Outputs.Release): none is used afterwards. A file's buffer is
// given back once, should two files hold the same memory (a buffer given
// twice would be handed out twice).
func release(out []outFile, outs []*format.Outputs) {
	var given [][]byte
	for i := range out {
		f := &out[i]
		if !f.pooled {
			continue
		}
		if cap(f.data) > 0 && !slices.ContainsFunc(given, func(g []byte) bool { return bufpool.Same(g, f.data) }) {
			given = append(given, f.data)
			bufpool.Put(f.data)
		}
		f.data = nil
	}
	for _, o := range outs {
		o.Release()
	}
}

var errNotApproved = errors.New("not approved")

// produce renders every output file of rec, whose file held data. The
// .eml files the EMLFunc refuses (a Refusal) are left out and returned as
// refused, located; the other files are still produced. outs are the
// drafts' outputs the files were made from, for release.
func produce(rec *advisory.Record, data []byte, o Options) (out []outFile, outs []*format.Outputs, notices []string, refused []error, err error) {
	drafts := make([]*render.Draft, 0, len(o.Locales))
	views := make(map[string]*render.View, len(o.Locales)) // for the digest page
	for _, loc := range o.Locales {
		d, v, err := o.Renderer.RenderView(rec, loc)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		drafts = append(drafts, d)
		views[loc] = v
	}
	banner := "" // the digest page's, in the page locale
	if o.Gate != nil {
		v, err := o.Gate(rec, data, drafts)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		if v.Approved {
			// The gate decided on the drafts as rendered, the content the
			// approvals are of; only now is the disclaimer of each
			// replaced by the disclosure for its recipients. SendReady
			// changes nothing else, so what is written is what was
			// approved but for that slot.
			for i, d := range drafts {
				if drafts[i], err = o.Renderer.SendReady(d, v.Approvals); err != nil {
					return nil, nil, nil, nil, fmt.Errorf("%s: %s: %w", rec.File, d.Locale, err)
				}
			}
		} else {
			if o.ApprovedOnly {
				return nil, nil, nil, nil, fmt.Errorf("%s: %w (%s): left out (--approved-only)", rec.File, errNotApproved, v.Status)
			}
			cat := o.Renderer.Catalog()
			for _, d := range drafts {
				if d.Banner, err = cat.T(d.Locale, "review.banner", nil); err != nil {
					return nil, nil, nil, nil, err
				}
			}
			if o.Pages != nil {
				if banner, err = cat.T(o.Pages.loc, "review.banner", nil); err != nil {
					return nil, nil, nil, nil, err
				}
			}
		}
	}
	htmlBodies := map[string][]byte{}
	for _, d := range drafts {
		base := d.Locale + "."
		f, err := o.HTML.Outputs(d)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		htmlBodies[d.Locale] = f.HTMLBody
		outs = append(outs, f)
		for _, ft := range o.Formats {
			if ft.Of != nil {
				out = append(out, outFile{name: base + ft.Ext, data: ft.Of(f)})
				continue
			}
			if ft.Name != format.EML || o.EML == nil {
				continue // no writer for it in this export
			}
			if o.EMLLocales != nil && !slices.Contains(o.EMLLocales, d.Locale) {
				continue
			}
			eml, n, err := o.EML(rec, d, f.TextBody, f.HTML)
			var ref *Refusal
			if errors.As(err, &ref) {
				refused = append(refused, fmt.Errorf("%s: %s.eml: %w", rec.File, d.Locale, ref.Err))
				continue
			}
			if err != nil {
				return nil, nil, nil, nil, fmt.Errorf("%s: %s .eml: %w", rec.File, d.Locale, err)
			}
			for _, s := range n {
				notices = append(notices, fmt.Sprintf("%s: %s.eml: %s", rec.File, d.Locale, s))
			}
			out = append(out, outFile{name: base + ft.Ext, data: eml, pooled: true})
		}
	}
	if o.Pages != nil {
		page, err := o.Pages.digest(rec, drafts, views, htmlBodies, banner)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		out = append(out, outFile{name: "index.html", data: page, pooled: true})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, outs, notices, refused, nil
}
