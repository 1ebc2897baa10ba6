// Package workflow is what a user does with records, whatever the front
// end: load a record, render it in every locale and format, check it,
// approve it or ask for changes, compute its review status, verify the
// review logs, and decide at export whether it may leave as a send-ready
// message. The command line (internal/cli) and the review page call it;
// they parse input and present results, and hold no workflow of their own.
package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/kev"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// Settings say how drafts are rendered.
type Settings struct {
	// Langs are the locales asked for, in order: tags matched to the
	// nearest supported locale (ja-JP → ja). Empty, or the single value
	// "all", is every locale in the catalog's order.
	Langs []string
	// Templates and Locales name directories that override the embedded
	// templates (file by file) and messages (key by key); "" for none.
	Templates, Locales string
	// Now is the current time; NowSet says it was fixed by the user
	// rather than read from the clock (it then dates .eml files).
	Now    time.Time
	NowSet bool
	// Config is the notice policy (noticegen.yaml); nil means none
	// (config.Default).
	Config *config.Config
	// KEV names a local copy of CISA's Known Exploited Vulnerabilities
	// catalog that check's kev-* rules (and import) use; "" for none.
	KEV string
}

// SettingsError is a mistake in the settings themselves (an unknown
// locale, an override that is not a directory), as opposed to a broken
// template or message file. Flag names the setting ("--lang"); the
// message names it too.
type SettingsError struct {
	Flag string
	Msg  string
}

func (e *SettingsError) Error() string { return e.Msg }

// Kit is everything rendering needs, built once from Settings and shared
// by every record of a run; it is safe for concurrent use.
type Kit struct {
	// Renderer renders drafts, resolving deadlines under Config.
	Renderer *render.Renderer
	HTML     *format.HTML
	// Locales are the locales asked for, in order.
	Locales []string
	Now     time.Time
	NowSet  bool
	// The layers templates and messages were read from, embedded first.
	TemplateLayers, LocaleLayers []locale.Layer
	// Config is the notice policy; never nil.
	Config *config.Config
	// Looks, when set, caches what records' bytes give (see LookCache);
	// copies made by At share it.
	Looks *LookCache
	// KEV is the catalog of Settings.KEV, or nil.
	KEV *kev.Catalog
}

// New loads the templates and messages and builds a Kit. A broken template
// or message file is a located error; a bad setting is a *SettingsError.
func New(s Settings) (*Kit, error) {
	k := &Kit{Now: s.Now, NowSet: s.NowSet, Config: s.Config}
	if k.Config == nil {
		k.Config = config.Default()
	}
	k.LocaleLayers = []locale.Layer{render.EmbeddedLocales}
	k.TemplateLayers = []locale.Layer{render.EmbeddedTemplates}
	for _, d := range []struct {
		flag, dir string
		layers    *[]locale.Layer
	}{{"--locales", s.Locales, &k.LocaleLayers}, {"--templates", s.Templates, &k.TemplateLayers}} {
		if d.dir == "" {
			continue
		}
		if fi, err := os.Stat(d.dir); err != nil || !fi.IsDir() {
			return nil, &SettingsError{d.flag, d.flag + " " + d.dir + ": not a directory"}
		}
		*d.layers = append(*d.layers, locale.Layer{Name: d.dir, FS: os.DirFS(d.dir)})
	}
	cat, err := locale.Load(k.LocaleLayers...)
	if err != nil {
		return nil, err
	}
	if k.Renderer, err = render.New(cat, k.TemplateLayers...); err != nil {
		return nil, err
	}
	// Deadlines are resolved under the policy (team calendar, SLA)
	// everywhere the Renderer is used: drafts, check, pages.
	k.Renderer = k.Renderer.WithPolicy(k.Config)
	if k.HTML, err = format.NewHTML(k.TemplateLayers); err != nil {
		return nil, err
	}
	if k.Locales, err = pickLocales(cat, s.Langs); err != nil {
		return nil, err
	}
	if s.KEV != "" {
		// A catalog that does not read stops the command: checking
		// without it would pass what it should refuse.
		if k.KEV, err = kev.Load(s.KEV); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// lintOptions are the options every check of the Kit's records uses.
func (k *Kit) lintOptions() lint.Options {
	return lint.Options{Renderer: k.Renderer, Now: k.Now, KEV: k.KEV}
}

// pickLocales resolves the asked-for locales, in the order given ("ja,en"
// renders Japanese first), each once; none or "all" is the catalog's order.
func pickLocales(cat *locale.Catalog, langs []string) ([]string, error) {
	if len(langs) == 0 || len(langs) == 1 && langs[0] == "all" {
		return cat.Locales(), nil
	}
	var out []string
	for _, l := range langs {
		if l == "all" {
			return nil, &SettingsError{"--lang", "--lang all cannot be combined with other locales"}
		}
		m, err := cat.Match(l)
		if err != nil {
			return nil, &SettingsError{"--lang", "--lang: " + err.Error()}
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Fingerprint hashes everything besides a record that shapes exported
// files: the noticegen build, the locales, the clock when fixed, the
// policy file, every template and message file of every layer, and opts (the options of the
// run). A record whose bytes and fingerprint match the export manifest is
// not rendered again.
func (k *Kit) Fingerprint(opts ...string) (string, error) {
	h := sha256.New()
	// The build is part of it: a new noticegen may write other bytes from
	// the same input.
	fmt.Fprintf(h, "noticegen export v2\x00%s\x00%q\x00%v\x00%q\x00", buildID(), k.Locales, k.NowSet, opts)
	if k.NowSet {
		fmt.Fprintf(h, "%s\x00", k.Now.Format(time.RFC3339Nano))
	}
	fmt.Fprintf(h, "policy %s\x00", k.Config.Digest)
	for _, l := range append(append([]locale.Layer(nil), k.TemplateLayers...), k.LocaleLayers...) {
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

// buildID identifies the running build, for the export fingerprint: a
// build from a clean checkout by its module version, VCS revision, build
// settings (tags, flags, target) and the versions of its dependencies;
// any other build (a modified checkout, a test binary, go run without VCS
// information) by the SHA-256 of its executable, so that a noticegen
// rebuilt from changed code never takes the output of the one before for
// current. Should the executable not be readable, the build information
// is all there is.
var buildID = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	var b strings.Builder
	clean := false
	if ok {
		fmt.Fprintf(&b, "%s %s %s", bi.GoVersion, bi.Main.Path, bi.Main.Version)
		for _, s := range bi.Settings {
			fmt.Fprintf(&b, " %s=%s", s.Key, s.Value)
			if s.Key == "vcs.modified" && s.Value == "false" {
				clean = true
			}
		}
		for _, d := range bi.Deps {
			fmt.Fprintf(&b, " %s@%s/%s", d.Path, d.Version, d.Sum)
		}
	}
	if clean {
		return b.String()
	}
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return fmt.Sprintf("executable sha256:%x", h.Sum(nil))
			}
		}
	}
	if !ok {
		return "unknown"
	}
	return b.String()
})
