package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/workflow"
)

// checkOptions are the flags and arguments of "noticegen check".
type checkOptions struct {
	renderFlags
	Format  string
	Strict  bool
	Rules   bool
	Sources []string
	Paths   []string
}

func runCheck(iox IO, args []string) error {
	var o checkOptions
	fs := newFlagSet(iox, "check", "[flags] PATH...",
		"Lint advisory records (files, or directories of *.yaml/*.yml) and the drafts rendered from them.\n"+
			"Findings are printed on stdout as path:line:col: error|warning: message [rule], sorted;\n"+
			"a summary goes to stderr. Exit status 1 if there is an error (or, with --strict, a warning).\n"+
			"A record silences a warning rule for itself with lint: {disable: [rule-id]}; error rules cannot be silenced.")
	o.register(fs)
	fs.StringVar(&o.Format, "format", "text", "output format: text (one finding per line) or json (an array of {file, line, col, severity, rule, message})")
	fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&o.Rules, "rules", false, "list every rule with its id, severity and description, and exit")
	o.registerKEV(fs, "the kev-* rules also hold each record to the catalog's entries of its cves, and check its exploited entries against them")
	fs.Func("sources", "directory holding the source files of imported records (provenance.file), looked in after the record's own directory; repeatable", func(v string) error {
		if v == "" {
			return fmt.Errorf("empty directory")
		}
		o.Sources = append(o.Sources, v)
		return nil
	})
	var err error
	if o.Paths, err = parseFlags(fs, args); err != nil {
		return err
	}
	if o.Format != "text" && o.Format != "json" {
		return usagef("--format %q: want text or json", o.Format)
	}
	if o.Rules {
		if len(o.Paths) > 0 {
			return usagef("--rules lists the rules and takes no records")
		}
		return listRules(iox, o.Format)
	}
	if len(o.Paths) == 0 {
		return usagef("no records given: name record files or directories")
	}
	s, err := o.setup(o.Paths...)
	if err != nil {
		return err
	}
	return checkRecords(iox, s, o)
}

// checkRecords checks every record and prints the findings and a summary.
func checkRecords(iox IO, s *workflow.Kit, o checkOptions) error {
	files, errs := export.Discover(o.Paths)
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	approvals := s.Approvals(workflow.Logs{})
	lo := lint.Options{Renderer: s.Renderer, Locales: s.Locales, Now: s.Now, Sources: o.Sources, KEV: s.KEV, Approved: approvals.Last}
	all := workflow.CheckFiles(files, lo)
	for _, e := range approvals.Errs() {
		fmt.Fprintf(iox.Err, "%v\n(the record's review log does not verify, so revision-missing was not checked; noticegen review verify says more)\n", e)
	}
	errs = append(errs, approvals.Errs()...)
	w := bufio.NewWriter(iox.Out)
	if o.Format == "json" {
		b, err := json.MarshalIndent(all, "", "  ")
		if err != nil {
			return err
		}
		w.Write(append(b, '\n'))
	} else {
		for _, f := range all {
			fmt.Fprintln(w, f)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	nErr, nWarn := 0, 0
	for _, f := range all {
		if f.Severity == lint.Error {
			nErr++
		} else {
			nWarn++
		}
	}
	summary := fmt.Sprintf("check: %s, %s, %s", count(len(files), "record"), count(nErr+len(errs), "error"), count(nWarn, "warning"))
	if o.Strict && nWarn > 0 {
		summary += " (--strict: warnings fail)"
	}
	fmt.Fprintln(iox.Err, summary)
	if len(errs) > 0 || lint.HasErrors(all, o.Strict) {
		return errFailed
	}
	return nil
}

// listRules prints every rule as a table, or as JSON.
func listRules(iox IO, format string) error {
	rules := lint.Rules()
	if format == "json" {
		type rule struct {
			ID       string        `json:"id"`
			Severity lint.Severity `json:"severity"`
			Doc      string        `json:"doc"`
		}
		out := make([]rule, len(rules))
		for i, r := range rules {
			out[i] = rule{r.ID, r.Severity, r.Doc}
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = iox.Out.Write(append(b, '\n'))
		return err
	}
	tw := tabwriter.NewWriter(iox.Out, 0, 0, 2, ' ', 0)
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc)
	}
	return tw.Flush()
}

// count words a number of things: "1 record", "0 errors".
func count(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}
