package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/workflow"
)

// diffOptions are the flags and arguments of "noticegen diff".
type diffOptions struct {
	Langs   listFlag
	langSet bool
	Locales string
	Config  string
	Now     string
	Kind    string
}

const diffSummary = "List the facts that changed from the OLD to the NEW version of a record — deadline, priority,\n" +
	"vendor, product and platforms, products and their statuses and fixed versions (scope.status),\n" +
	"actions, CVEs, references; not wording — and draft the revision that says so, in every locale.\n" +
	"stdout is YAML: comment lines list the changes, then the revision, indented to paste at the end\n" +
	"of the record's revisions:. OLD or NEW may be REV:PATH, the file PATH at git revision REV\n" +
	"(PATH from the repository's top directory, or ./PATH from the current one).\n" +
	"Exit status, as for diff(1): 0 no fact changed, 1 facts changed, 2 trouble."

func runDiff(iox IO, args []string) error {
	var o diffOptions
	fs := newFlagSet(iox, "diff", "[flags] OLD NEW", diffSummary)
	fs.Func("lang", "locales of the summary: ja, en, a comma list (in that order), or all (default: the locales of NEW's title, in its order)", func(s string) error {
		o.langSet = true
		return o.Langs.Set(s)
	})
	fs.StringVar(&o.Locales, "locales", "", "directory of <locale>.yaml message files that override the embedded messages key by key")
	fs.StringVar(&o.Config, "config", "", "policy `file` whose calendar and sla resolve the deadlines, as the drafts resolve them (default: noticegen.yaml beside NEW)")
	fs.StringVar(&o.Now, "now", "", "the current time, RFC 3339 (default: the system clock); its date is the revision's")
	fs.StringVar(&o.Kind, "kind", string(advisory.RevisionUpdate), "the revision's kind: update or correction")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want OLD and NEW, got %d arguments", len(pos))
	}
	kind := advisory.RevisionKind(o.Kind)
	if !slices.Contains(advisory.RevisionKinds, kind) {
		return usagef("--kind %q: want update or correction", o.Kind)
	}
	rf := renderFlags{Langs: o.Langs, langSet: o.langSet, Locales: o.Locales, Config: o.Config, Now: o.Now}
	var beside []string
	if p := policyPath(pos[1]); p != "" {
		beside = append(beside, p)
	}
	kit, err := rf.setup(beside...)
	var ue *usageError
	if err != nil && !errors.As(err, &ue) {
		// A policy or message file that does not load: trouble, which
		// diff says with status 2 (1 is "facts changed").
		fmt.Fprintln(iox.Err, err)
		return errTrouble
	}
	if err != nil {
		return err
	}
	var recs [2]*advisory.Record
	failed := false
	for i, spec := range pos {
		if recs[i], err = workflow.LoadVersion(spec); err != nil {
			fmt.Fprintln(iox.Err, err)
			failed = true
		}
	}
	if failed {
		return errTrouble
	}
	d, err := kit.Diff(recs[0], recs[1], kind, o.langSet)
	var de *workflow.DiffError
	if errors.As(err, &de) {
		fmt.Fprintf(iox.Err, "noticegen diff: %v\n", err)
		return errTrouble
	}
	if err != nil {
		fmt.Fprintln(iox.Err, err)
		return errTrouble
	}
	if len(d.Changes) == 0 {
		fmt.Fprintf(iox.Err, "diff: no facts changed from %s to %s\n", pos[0], pos[1])
		return nil
	}
	item, err := advisory.Encoding{Locales: d.Locales}.EncodeRevisions([]advisory.Revision{d.Revision})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(iox.Out)
	fmt.Fprintf(w, "# %s: %s changed from %s to %s:\n", d.New.ID, count(len(d.Changes), "fact"), pos[0], pos[1])
	for _, c := range d.Changes {
		fmt.Fprintf(w, "#   %s\n", oneLine(c.String()))
	}
	if len(d.Added) > 0 {
		var dates []string
		for _, r := range d.Added {
			dates = append(dates, r.Date.String()+" "+string(r.Kind))
		}
		fmt.Fprintf(w, "# %s already has %s that %s has not (%s): check that this one is still needed.\n",
			pos[1], count(len(d.Added), "revision"), pos[0], strings.Join(dates, ", "))
	}
	hint := "# Paste this at the end of revisions: (a record without revisions: gets the key, before title:)"
	if date := d.Revision.Date.String(); d.New.Updated.String() != date {
		hint += ", and set updated: " + date
	}
	fmt.Fprintln(w, hint+".")
	w.Write(item)
	if err := w.Flush(); err != nil {
		return err
	}
	return errDiffer
}

// policyPath returns where the policy file of a version of a record is
// looked for: beside the record file, or for REV:PATH beside PATH in the
// working tree, read from the current directory (as ./PATH names it, and
// PATH does when the current directory is the repository's top); "" when
// there is no such file.
func policyPath(spec string) string {
	if _, err := os.Lstat(spec); err == nil {
		return spec
	}
	if _, path, ok := strings.Cut(spec, ":"); ok {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	return ""
}
