package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

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
	renderer   *render.Renderer
	locales    []string
	now        time.Time
	nowSet     bool // --now was given
	tmplLayers []locale.Layer
	locLayers  []locale.Layer
}

func (f *renderFlags) setup() (*setup, error) {
	s := &setup{}
	if f.langSet && len(f.Langs) == 0 {
		return nil, usagef("--lang: no locale given")
	}
	if len(f.Langs) == 0 {
		f.Langs = listFlag{"all"}
	}
	var err error
	if s.now, s.nowSet, err = parseNow(f.Now); err != nil {
		return nil, err
	}
	locLayers := []locale.Layer{render.EmbeddedLocales}
	tmplLayers := []locale.Layer{render.EmbeddedTemplates}
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
	s.tmplLayers, s.locLayers = tmplLayers, locLayers
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
// given ("--lang ja,en" renders Japanese first); "all" is the catalog's
// order.
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
	return unique(out), nil
}

// fingerprint hashes everything besides a record that shapes exported
// files: every template and message file of every layer, and the options.
// A record whose bytes and fingerprint match the manifest is not rendered
// again.
func (s *setup) fingerprint(opts ...string) (string, error) {
	h := sha256.New()
	// The build is part of it: a new noticegen may write other bytes from
	// the same input.
	fmt.Fprintf(h, "noticegen export v1\x00%s\x00%q\x00%v\x00%q\x00", buildID(), s.locales, s.nowSet, opts)
	if s.nowSet {
		fmt.Fprintf(h, "%s\x00", s.now.Format(time.RFC3339Nano))
	}
	for _, l := range append(append([]locale.Layer(nil), s.tmplLayers...), s.locLayers...) {
		err := fs.WalkDir(l.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(l.FS, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s/%s\x00%d\x00", l.Name, p, len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// buildID identifies the running build: the module version and, for a
// build from a checkout, the VCS revision and whether it was modified.
func buildID() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	id := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += " " + s.Value
		}
	}
	return id
}
