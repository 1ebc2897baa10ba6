package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// renderFlags are the flags shared by every command that renders drafts.
type renderFlags struct {
	Langs     listFlag
	langSet   bool
	Templates string
	Locales   string
	Now       string
}

func (f *renderFlags) register(fs *flagSet) {
	fs.Func("lang", "locales to render: ja, en, a comma list, or all (default all)", func(s string) error {
		f.langSet = true
		return f.Langs.Set(s)
	})
	fs.StringVar(&f.Templates, "templates", "", "directory of templates that replace the embedded ones file by file")
	fs.StringVar(&f.Locales, "locales", "", "directory of <locale>.yaml message files that override the embedded messages key by key")
	fs.StringVar(&f.Now, "now", "", "the current time, RFC 3339 (default: the system clock); fixes the clock for reproducible output")
}

// setup is what rendering needs, built from renderFlags.
type setup struct {
	renderer *render.Renderer
	locales  []string
	now      time.Time
}

func (f *renderFlags) setup() (*setup, error) {
	s := &setup{now: time.Now()}
	if f.langSet && len(f.Langs) == 0 {
		return nil, usagef("--lang: no locale given")
	}
	if len(f.Langs) == 0 {
		f.Langs = listFlag{"all"}
	}
	if f.Now != "" {
		t, err := time.Parse(time.RFC3339, f.Now)
		if err != nil {
			return nil, usagef("--now %q: want an RFC 3339 time such as 2026-06-09T09:00:00+09:00", f.Now)
		}
		s.now = t
	}
	locLayers := []locale.Layer{{Name: "locales", FS: noticegen.Locales()}}
	tmplLayers := []locale.Layer{{Name: "templates", FS: noticegen.Templates()}}
	for _, d := range []struct {
		flag, dir string
		layers    *[]locale.Layer
	}{{"--locales", f.Locales, &locLayers}, {"--templates", f.Templates, &tmplLayers}} {
		if d.dir == "" {
			continue
		}
		if fi, err := os.Stat(d.dir); err != nil || !fi.IsDir() {
			return nil, usagef("%s %s: not a directory", d.flag, d.dir)
		}
		*d.layers = append(*d.layers, locale.Layer{Name: d.dir, FS: os.DirFS(d.dir)})
	}
	cat, err := locale.Load(locLayers...)
	if err != nil {
		return nil, err
	}
	if s.renderer, err = render.New(cat, tmplLayers...); err != nil {
		return nil, err
	}
	if s.locales, err = pickLocales(cat, f.Langs); err != nil {
		return nil, err
	}
	return s, nil
}

// pickLocales resolves --lang values to supported locales, in the order
// the catalog lists them.
func pickLocales(cat *locale.Catalog, langs []string) ([]string, error) {
	if len(langs) == 1 && langs[0] == "all" {
		return cat.Locales(), nil
	}
	var out []string
	for _, l := range langs {
		if l == "all" {
			return nil, usagef("--lang all cannot be combined with other locales")
		}
		m, err := cat.Match(l)
		if err != nil {
			return nil, usagef("--lang: %v", err)
		}
		out = append(out, m)
	}
	return sortedUnique(out), nil
}

// findRecords expands paths into record files: a file is taken as it is, a
// directory gives every *.yaml and *.yml file below it (hidden directories
// skipped), sorted. Paths that cannot be read are returned as errors; the
// others are still used.
func findRecords(paths []string) ([]string, []error) {
	var files []string
	var errs []error
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", p, unwrapPathError(err)))
			continue
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", path, unwrapPathError(err)))
				return nil
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && isRecordName(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		if len(found) == 0 {
			errs = append(errs, fmt.Errorf("%s: no *.yaml or *.yml records in this directory", p))
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, errs
}

func isRecordName(n string) bool {
	return !strings.HasPrefix(n, ".") && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml"))
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
