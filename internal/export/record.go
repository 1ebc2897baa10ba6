package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/render"
)

// exportOne renders one record in every locale and format, in memory,
// then writes the files whose content changed. A record that fails to
// load or render writes nothing.
func exportOne(file string, prev manifestRecord, o Options) Result {
	res := Result{File: file, Status: Failed}
	data, err := advisory.Read(file)
	if err != nil {
		res.Err = err
		return res
	}
	res.input = hashBytes([]byte(o.Config), []byte{0}, data)
	if prev.Input == res.input && prev.Entry != nil && filepath.IsLocal(prev.Entry.ID) &&
		filesExist(filepath.Join(o.Out, prev.Entry.ID), prev.Files) {
		res.ID, res.Status, res.entry, res.files = prev.Entry.ID, Unchanged, prev.Entry, prev.Files
		return res
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
	out, notices, err := produce(rec, data, o)
	res.Notices = notices
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
		res.files = append(res.files, strings.TrimPrefix(f.rel, rec.ID+"/"))
	}
	res.entry = newIndexEntry(rec)
	res.Status = Exported
	// A record exported for the first time gets its directory in one
	// rename; all its files are new.
	dir, err := inside(o.Out, rec.ID)
	if err != nil {
		res.Err = err
		return res
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		byName := map[string][]byte{}
		for _, f := range out {
			byName[strings.TrimPrefix(f.rel, rec.ID+"/")] = f.data
		}
		ok, err := writeDir(dir, byName)
		if err != nil {
			res.Err = fmt.Errorf("%s: %w", file, err)
			return res
		}
		if ok {
			res.Written = len(out)
			return res
		}
	}
	for _, f := range out {
		path, err := inside(o.Out, f.rel)
		if err != nil {
			res.Err = err
			return res
		}
		if !o.Force && upToDate(path, f.data) {
			continue
		}
		if err := writeFile(path, f.data); err != nil {
			res.Err = fmt.Errorf("%s: %w", file, err)
			return res
		}
		res.Written++
	}
	if res.Written == 0 {
		res.Status = Unchanged
	}
	return res
}

type outFile struct {
	rel  string
	data []byte
}

var errNotApproved = errors.New("not approved")

// produce renders every output file of rec, whose file held data.
func produce(rec *advisory.Record, data []byte, o Options) ([]outFile, []string, error) {
	var drafts []*render.Draft
	for _, loc := range o.Locales {
		d, err := o.Renderer.Render(rec, loc)
		if err != nil {
			return nil, nil, err
		}
		drafts = append(drafts, d)
	}
	banner := "" // the digest page's, in the page locale
	if o.Gate != nil {
		approved, status, err := o.Gate(rec, data, drafts)
		if err != nil {
			return nil, nil, err
		}
		if !approved {
			if o.ApprovedOnly {
				return nil, nil, fmt.Errorf("%s: %w (%s): left out (--approved-only)", rec.File, errNotApproved, status)
			}
			cat := o.Renderer.Catalog()
			for _, d := range drafts {
				if d.Banner, err = cat.T(d.Locale, "review.banner", nil); err != nil {
					return nil, nil, err
				}
			}
			if o.Pages != nil {
				if banner, err = cat.T(o.Pages.loc, "review.banner", nil); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	var out []outFile
	var notices []string
	want := map[Format]bool{}
	for _, f := range o.Formats {
		want[f] = true
	}
	htmlBodies := map[string][]byte{}
	for _, d := range drafts {
		base := rec.ID + "/" + d.Locale + "."
		f, err := o.HTML.Outputs(d)
		if err != nil {
			return nil, nil, err
		}
		htmlBodies[d.Locale] = f.HTMLBody
		if want[Text] {
			out = append(out, outFile{base + "txt", f.Text})
		}
		if want[Markdown] {
			out = append(out, outFile{base + "md", f.Markdown})
		}
		if want[HTML] {
			out = append(out, outFile{base + "html", f.HTML})
		}
		if want[EML] && o.EML != nil {
			eml, n, err := o.EML(rec, d, f.TextBody, f.HTML)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %s .eml: %w", rec.File, d.Locale, err)
			}
			for _, s := range n {
				notices = append(notices, fmt.Sprintf("%s: %s.eml: %s", rec.File, d.Locale, s))
			}
			out = append(out, outFile{base + "eml", eml})
		}
		if want[JSON] {
			out = append(out, outFile{base + "json", f.JSON})
		}
	}
	if o.Pages != nil {
		page, err := o.Pages.digest(rec, drafts, htmlBodies, banner)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, outFile{rec.ID + "/index.html", page})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, notices, nil
}
