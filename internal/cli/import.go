package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/importer"
	"github.com/noticegen/noticegen/internal/workflow"
)

// importOptions are the flags and arguments of "noticegen import".
type importOptions struct {
	Out     string
	DryRun  bool
	Force   bool
	Author  string
	Now     string
	Locales string
	Config  string
	Paths   []string
}

func runImport(iox IO, args []string) error {
	var o importOptions
	fs := newFlagSet(iox, "import", "[flags] FILE|DIR...",
		"Turn CSAF 2.0/2.1, OSV (JSON or YAML), MyJVN VULDEF XML and JVN JSON advisories into advisory records,\n"+
			"one <id>.yaml per advisory in the output directory. A directory gives every *.json, *.xml, *.yaml\n"+
			"and *.yml file below it. Existing records are not overwritten without --force.")
	fs.StringVar(&o.Out, "o", "advisories", "output directory for the records (created if missing)")
	fs.StringVar(&o.Out, "out", "advisories", "same as -o")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the records that would be written on stdout; write nothing")
	fs.BoolVar(&o.Force, "force", false, "overwrite existing record files")
	fs.StringVar(&o.Author, "author", "", "author written to the records (default: $USER, else noticegen-import)")
	fs.StringVar(&o.Now, "now", "", "the import time, RFC 3339 (default: the system clock); fixes provenance.imported and default deadlines")
	fs.StringVar(&o.Config, "config", "", "policy `file` whose sla gives the default deadlines (default: noticegen.yaml in the -o directory)")
	fs.StringVar(&o.Locales, "locales", "", "directory of <locale>.yaml message files that override the embedded messages key by key; a new locale's file adds that locale to the records")
	kev := renderFlags{}
	kev.registerKEV(fs, "a record with a CVE it lists says it is exploited and, when it asks readers to act, gets priority at least high and a deadline no later than the KEV due date")
	var err error
	if o.Paths, err = parseFlags(fs, args); err != nil {
		return err
	}
	if len(o.Paths) == 0 {
		return usagef("no advisories given: name CSAF, OSV or JVN files or directories")
	}
	now, _, err := parseNow(o.Now)
	if err != nil {
		return err
	}
	opts := importer.Options{Now: now, Author: o.Author}
	if opts.Author == "" {
		opts.Author = os.Getenv("USER")
	}
	if fi, err := os.Stat(o.Out); err == nil && !fi.IsDir() {
		return usagef("-o %s: not a directory", o.Out)
	}
	// The records directory's policy: its SLA gives the default deadlines.
	file, err := config.Find(o.Config, []string{o.Out})
	if err != nil {
		return err
	}
	if opts.Policy, err = config.Load(file); err != nil {
		return err
	}
	k, err := workflow.New(workflow.Settings{Locales: o.Locales, KEV: kev.KEV})
	var se *workflow.SettingsError
	if errors.As(err, &se) {
		return usagef("%s", se.Error())
	}
	if err != nil {
		return err
	}
	cat := k.Renderer.Catalog()
	opts.Catalog = cat
	opts.KEV = k.KEV
	// Records list Japanese first, then English, then any other locale,
	// as the hand-written records do.
	for _, l := range []string{"ja", "en"} {
		if slices.Contains(cat.Locales(), l) {
			opts.Locales = append(opts.Locales, l)
		}
	}
	for _, l := range cat.Locales() {
		if !slices.Contains(opts.Locales, l) {
			opts.Locales = append(opts.Locales, l)
		}
	}
	return importFiles(iox, o, opts)
}

// importFiles imports every file; a file that fails is reported and the
// others are still imported.
func importFiles(iox IO, o importOptions, opts importer.Options) error {
	files, errs := export.Find(o.Paths, "files", ".json", ".xml", ".yaml", ".yml")
	failed := len(errs) > 0
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	if !o.DryRun && len(files) > 0 {
		if err := os.MkdirAll(o.Out, 0o755); err != nil {
			return fmt.Errorf("-o %s: %v", o.Out, advisory.BareError(err))
		}
	}
	// Every record is written inside the output directory and never
	// through a symbolic link there. (The directory itself may be one:
	// the user named it.)
	var out *confine.Dir
	if fi, err := os.Stat(o.Out); err == nil && fi.IsDir() {
		if out, err = confine.Open(o.Out); err != nil {
			return fmt.Errorf("-o %s: %v", o.Out, advisory.BareError(err))
		}
		defer out.Close()
	}
	written, failedFiles, refused := 0, 0, 0
	from := map[string]string{} // record path -> source file, this run
	for _, file := range files {
		res, err := importer.ImportFile(file, opts)
		if err != nil {
			fmt.Fprintln(iox.Err, err)
			failed = true
			failedFiles++
			continue
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(iox.Err, "%s: warning: %s\n", file, w)
		}
		for _, imp := range res.Records {
			path := filepath.Join(o.Out, imp.Record.ID+".yaml")
			if prev, dup := from[path]; dup {
				fmt.Fprintf(iox.Err, "%s: %s: record %s was already made from %s in this run; not written\n", file, imp.SourceID, imp.Record.ID, prev)
				failed = true
				refused++
				continue
			}
			from[path] = file
			what := fmt.Sprintf("%s (%s, %s)", file, res.Detected, imp.SourceID)
			if err := writeRecord(iox, o, out, imp.Record.ID+".yaml", what, imp.YAML); err != nil {
				fmt.Fprintf(iox.Err, "%s: %v\n", file, err)
				failed = true
				refused++
				continue
			}
			written++
			todo := pendingSummary(imp.Record.TLP, exploitedIDs(imp.Record), importer.Pending(opts.Catalog, imp.Record))
			if o.DryRun {
				fmt.Fprintf(iox.Err, "%s: would write %s%s\n", file, path, todo)
			} else {
				fmt.Fprintf(iox.Out, "%s: %s → %s%s\n", file, res.Detected, path, todo)
			}
		}
	}
	if failed {
		verb := "written"
		if o.DryRun {
			verb = "would be written"
		}
		fmt.Fprintf(iox.Err, "noticegen import: %d record(s) %s, %d not written, %d file(s) failed; see above\n", written, verb, refused, failedFiles)
		return errFailed
	}
	return nil
}

// writeRecord writes one record file, name in the output directory out:
// never over an existing file unless --force (and then by renaming a
// complete temporary file into place), never through a symbolic link, or
// in a dry run prints it on stdout. out is nil in a dry run whose output
// directory does not exist.
func writeRecord(iox IO, o importOptions, out *confine.Dir, name, what string, data []byte) error {
	path := filepath.Join(o.Out, name)
	exists := false
	if out != nil {
		fi, err := out.NoLink(name)
		if err != nil {
			return err
		}
		exists = fi != nil
	}
	if exists && !o.Force {
		return fmt.Errorf("%s exists; not overwritten (use --force to replace it)", path)
	}
	if o.DryRun {
		fmt.Fprintf(iox.Out, "----- %s from %s -----\n", path, what)
		_, err := iox.Out.Write(data)
		return err
	}
	// Written in full to a hidden temporary file first, so an interrupted
	// import never leaves a partial record behind; then linked into place
	// (which fails if a record appeared meanwhile) or, with --force,
	// renamed over the old one.
	tmp, tmpName, err := out.CreateTemp(".import-*.yaml", 0o644)
	if err != nil {
		return fmt.Errorf("%s: %v", path, advisory.BareError(err))
	}
	defer out.RemoveAll(tmpName)
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %v", path, advisory.BareError(err))
	}
	var le *confine.LinkError
	if o.Force {
		err = out.Rename(tmpName, name)
	} else {
		err = out.Link(tmpName, name)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists; not overwritten (use --force to replace it)", path)
		}
	}
	if errors.As(err, &le) {
		return err
	}
	if err != nil {
		return fmt.Errorf("%s: %v", path, advisory.BareError(err))
	}
	return nil
}

// exploitedIDs lists the record's CVE ids known to be exploited.
func exploitedIDs(r *advisory.Record) []string {
	var ids []string
	for _, e := range r.Exploited {
		if !slices.Contains(ids, e.CVE) {
			ids = append(ids, e.CVE)
		}
	}
	return ids
}

// pendingSummary says in a few words how the record is marked (the TLP
// label carried over from the source), which CVE ids are known exploited
// and what a person must still do.
func pendingSummary(tlp advisory.TLP, exploited, pending []string) string {
	locs := map[string]bool{}
	var confirm []string
	for _, p := range pending {
		field, what, _ := strings.Cut(p, ": ")
		if what == "untranslated" {
			locs[field[strings.LastIndex(field, ".")+1:]] = true
		} else {
			confirm = append(confirm, field)
		}
	}
	var parts []string
	if tlp != "" {
		parts = append(parts, tlp.Marking())
	}
	if len(exploited) > 0 {
		parts = append(parts, "known exploited: "+strings.Join(exploited, ", "))
	}
	if len(locs) > 0 {
		var ls []string
		for l := range locs {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		parts = append(parts, "translate: "+strings.Join(ls, ", "))
	}
	if len(confirm) > 0 {
		parts = append(parts, "confirm: "+strings.Join(confirm, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
