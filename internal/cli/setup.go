package cli

import (
	"errors"

	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/workflow"
)

// renderFlags are the flags shared by every command that renders drafts.
type renderFlags struct {
	Langs     listFlag
	langSet   bool
	Templates string
	Locales   string
	Now       string
	Config    string
	KEV       string // --kev, for the commands that check records
}

func (f *renderFlags) register(fs *flagSet) {
	fs.Func("lang", "locales to render: ja, en, a comma list, or all (default all)", func(s string) error {
		f.langSet = true
		return f.Langs.Set(s)
	})
	fs.StringVar(&f.Templates, "templates", "", "directory of templates that replace the embedded ones file by file")
	fs.StringVar(&f.Locales, "locales", "", "directory of <locale>.yaml message files that override the embedded messages key by key")
	fs.StringVar(&f.Config, "config", "", "policy `file` (mail, organisation, calendar, sla, audiences; default: noticegen.yaml in the records directory)")
	fs.StringVar(&f.Now, "now", "", "the current time, RFC 3339 (default: the system clock); fixes the clock for reproducible output")
}

// registerKEV adds --kev: help says what the catalog is used for.
func (f *renderFlags) registerKEV(fs *flagSet, help string) {
	fs.Func("kev", "a local copy of CISA's Known Exploited Vulnerabilities catalog, the JSON feed `FILE` (never fetched): "+help, func(v string) error {
		if v == "" {
			return errors.New("empty file name")
		}
		f.KEV = v
		return nil
	})
}

// setup builds the workflow.Kit the flags describe: templates, messages
// and locales, the clock, and the policy file of the records at paths
// (--config, else noticegen.yaml in their directory). A bad setting is a
// usage error; a broken policy file a located error.
func (f *renderFlags) setup(paths ...string) (*workflow.Kit, error) {
	if f.langSet && len(f.Langs) == 0 {
		return nil, usagef("--lang: no locale given")
	}
	now, nowSet, err := parseNow(f.Now)
	if err != nil {
		return nil, err
	}
	file, err := config.Find(f.Config, paths)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(file)
	if err != nil {
		return nil, err
	}
	k, err := workflow.New(workflow.Settings{Langs: f.Langs, Templates: f.Templates, Locales: f.Locales, Now: now, NowSet: nowSet, Config: cfg, KEV: f.KEV})
	var se *workflow.SettingsError
	if errors.As(err, &se) {
		return nil, usagef("%s", se.Error())
	}
	return k, err
}
