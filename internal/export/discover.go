package export

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
)

// Discover expands paths into record files: a file is taken as it is, a
// directory gives every *.yaml and *.yml file below it (hidden files and
// directories skipped, and the policy file noticegen.yaml, which is never
// a record), sorted. Paths that cannot be read are returned as errors; the
// others are still used. A policy file named as a path is an error.
func Discover(paths []string) ([]string, []error) {
	return find(paths, "records", config.IsConfigName, ".yaml", ".yml")
}

// Find is Discover for files with any of the extensions exts (matched
// without regard to case); what names them in the message for a directory
// that has none ("records").
func Find(paths []string, what string, exts ...string) ([]string, []error) {
	return find(paths, what, nil, exts...)
}

// find is Find skipping files whose names skip reports.
func find(paths []string, what string, skip func(name string) bool, exts ...string) ([]string, []error) {
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
			errs = append(errs, fmt.Errorf("%s: %v", p, advisory.BareError(err)))
			continue
		}
		if !fi.IsDir() {
			if skip != nil && skip(filepath.Base(p)) {
				errs = append(errs, fmt.Errorf("%s: is the policy file (mail, calendar, sla, audiences), not a record; it is read by every command on its directory, or with --config", p))
				continue
			}
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", path, advisory.BareError(err)))
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			// Regular files only: a FIFO or device named x.yaml would
			// block or never end.
			if d.Type().IsRegular() && slices.Contains(exts, strings.ToLower(filepath.Ext(d.Name()))) && (skip == nil || !skip(d.Name())) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		if len(found) == 0 {
			errs = append(errs, fmt.Errorf("%s: no %s %s in this directory", p, globList(exts), what))
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, errs
}

// globList writes extensions as "*.a, *.b or *.c".
func globList(exts []string) string {
	g := make([]string, len(exts))
	for i, e := range exts {
		g[i] = "*" + e
	}
	if len(g) < 2 {
		return strings.Join(g, "")
	}
	return strings.Join(g[:len(g)-1], ", ") + " or " + g[len(g)-1]
}
