package export

import (
	"cmp"
	"fmt"
	"io"
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
			files = append(files, p)
			continue
		}
		var found []string
		var names pathArena
		walkDir(p, func(path string, err error) {
			errs = append(errs, fmt.Errorf("%s: %v", path, advisory.BareError(err)))
		}, func(path, name string) {
			if slices.Contains(exts, strings.ToLower(filepath.Ext(name))) && (skip == nil || !skip(name)) {
				found = append(found, names.add(path))
			}
		})
		if len(found) == 0 {
			errs = append(errs, fmt.Errorf("%s: no %s %s in this directory", p, globList(exts), what))
		}
		sort.Strings(found)
		if files == nil {
			files = found
		} else {
			files = append(files, found...)
		}
	}
	return firstOccurrences(files), errs
}

// walkDir calls file with the path and name of every regular file below
// dir, and fail with the path and error of every directory it cannot
// read. Hidden files and directories (".name") are skipped, and links are
// not followed. Directories are read a batch of entries at a time, so a
// directory of many records costs no more memory than the paths kept.
func walkDir(dir string, fail func(path string, err error), file func(path, name string)) {
	f, err := os.Open(dir)
	if err != nil {
		fail(dir, err)
		return
	}
	var subdirs []string
	for {
		ents, err := f.ReadDir(1024)
		for _, e := range ents {
			name := e.Name()
			switch {
			case strings.HasPrefix(name, "."):
			case e.IsDir():
				subdirs = append(subdirs, name)
			case e.Type().IsRegular():
				// Regular files only: a FIFO or device named x.yaml
				// would block or never end.
				file(filepath.Join(dir, name), name)
			}
		}
		if err != nil {
			if err != io.EOF {
				fail(dir, err)
			}
			break
		}
	}
	f.Close()
	// Sorted, so that the errors of a tree come in a stable order (the
	// files are sorted by the caller).
	sort.Strings(subdirs)
	for _, sub := range subdirs {
		walkDir(filepath.Join(dir, sub), fail, file)
	}
}

// pathArena keeps strings end to end in large blocks: many short paths
// without an allocation (and its rounding up) each.
type pathArena struct {
	b strings.Builder
}

// add returns a copy of s kept in the arena.
func (a *pathArena) add(s string) string {
	if a.b.Cap()-a.b.Len() < len(s) {
		// Strings returned so far keep the old block; the Builder never
		// changes bytes it has written.
		a.b = strings.Builder{}
		a.b.Grow(max(32<<10, len(s)))
	}
	n := a.b.Len()
	a.b.WriteString(s)
	return a.b.String()[n:]
}

// firstOccurrences removes from files, in place, every path that occurs
// earlier in it (a file named twice, or below two of the directories
// given). It sorts positions rather than hashing the paths, so that a run
// over many records holds no more than a position per path beyond the
// paths themselves.
func firstOccurrences(files []string) []string {
	at := make([]int, len(files))
	for i := range at {
		at[i] = i
	}
	slices.SortFunc(at, func(a, b int) int {
		if c := strings.Compare(files[a], files[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	dup := false
	for k := 1; k < len(at); k++ {
		if files[at[k]] == files[at[k-1]] {
			// A later occurrence: marked by clearing it (no path is empty).
			files[at[k]], dup = "", true
			at[k] = at[k-1]
		}
	}
	if !dup {
		return files
	}
	return slices.DeleteFunc(files, func(f string) bool { return f == "" })
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
