package workflow

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/changes"
)

// LoadVersion reads and decodes one version of a record, as noticegen
// diff names them: a record file, or REV:PATH, the file PATH at revision
// REV of the git repository of the current directory (PATH as git reads
// it: from the repository's top directory, or ./PATH from the current
// one). An existing file of that name wins. The record is decoded as
// strictly as any record; its errors are located at spec
// ("HEAD~1:advisories/x.yaml:12:3: …").
func LoadVersion(spec string) (*advisory.Record, error) {
	if _, err := os.Lstat(spec); err != nil {
		if rev, path, ok := strings.Cut(spec, ":"); ok && rev != "" && path != "" {
			data, err := gitFile(spec, rev, path)
			if err != nil {
				return nil, err
			}
			return advisory.Decode(spec, data)
		}
	}
	rec, _, err := Load(spec)
	return rec, err
}

// gitError is a problem reading a record from git; spec names what was
// asked for.
type gitError struct {
	spec, msg string
}

func (e *gitError) Error() string { return e.spec + ": " + e.msg }

// gitFile returns the bytes of path at revision rev, asking git (run
// directly, never through a shell) step by step so that each failure says
// what is wrong: no git, no repository, no such revision, no such file.
func gitFile(spec, rev, path string) ([]byte, error) {
	fail := func(format string, args ...any) error { return &gitError{spec, fmt.Sprintf(format, args...)} }
	if strings.HasPrefix(rev, "-") {
		return nil, fail("%q is not a revision (REV:PATH cannot start with '-')", rev)
	}
	git := func(stdout io.Writer, args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = stdout, &stderr
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
		err := cmd.Run()
		return strings.TrimSpace(stderr.String()), err
	}
	if _, err := git(io.Discard, "rev-parse", "--git-dir"); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fail("git is not installed; REV:PATH reads a record from git")
		}
		return nil, fail("not in a git repository (REV:PATH reads the file from the repository of the current directory)")
	}
	if _, err := git(io.Discard, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, fail("no revision %q in the repository", rev)
	}
	var typ bytes.Buffer
	if _, err := git(&typ, "cat-file", "-t", rev+":"+path); err != nil {
		return nil, fail("%s is not in revision %s (name the file by its path from the repository's top directory, or ./PATH from the current directory)", path, rev)
	}
	if t := strings.TrimSpace(typ.String()); t != "blob" {
		what := map[string]string{"tree": "directory", "commit": "submodule"}[t]
		return nil, fail("%s is a %s in revision %s, not a file", path, cmp.Or(what, t), rev)
	}
	var size bytes.Buffer
	if msg, err := git(&size, "cat-file", "-s", rev+":"+path); err != nil {
		return nil, fail("git cat-file: %s", msg)
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(size.String()), 10, 64); err == nil && n > advisory.MaxSize {
		return nil, fail("file is %d bytes; a record may be at most %d bytes", n, advisory.MaxSize)
	}
	var blob bytes.Buffer
	if msg, err := git(&blob, "cat-file", "blob", rev+":"+path); err != nil {
		return nil, fail("git cat-file: %s", msg)
	}
	return blob.Bytes(), nil
}

// Diff is what changed between two versions of a record, and the revision
// that says so.
type Diff struct {
	Old, New *advisory.Record
	Changes  []changes.Change
	// Revision says what changed, dated and of the kind asked for, with a
	// summary in every locale of Locales, one sentence per line.
	Revision advisory.Revision
	// Locales are the summary's locales in the order to write them.
	Locales []string
	// Added are the revisions New has beyond those of Old.
	Added []advisory.Revision
}

// DiffError is two versions that cannot be compared.
type DiffError struct{ Msg string }

func (e *DiffError) Error() string { return e.Msg }

// Diff compares two versions of one record (old and new name them in
// messages) and drafts the revision that says what changed, dated on the
// Kit's day, worded in the Kit's locales: those asked for (langSet), else
// those the newer version's title has, in its order.
func (k *Kit) Diff(old, new *advisory.Record, kind advisory.RevisionKind, langSet bool) (*Diff, error) {
	if old.ID != new.ID {
		return nil, &DiffError{fmt.Sprintf("%s is record %s and %s is record %s: diff compares two versions of one record", old.File, old.ID, new.File, new.ID)}
	}
	d := &Diff{Old: old, New: new, Changes: changes.Compare(changes.Of(old, k.Config), changes.Of(new, k.Config))}
	if len(new.Revisions) > len(old.Revisions) {
		d.Added = new.Revisions[len(old.Revisions):]
	}
	d.Locales = k.Locales
	if !langSet {
		d.Locales = titleOrder(new, k.Locales)
	}
	if len(d.Changes) == 0 {
		return d, nil
	}
	summary, err := changes.Summary(k.Renderer.Catalog(), d.Locales, d.Changes)
	if err != nil {
		return nil, err
	}
	day, _ := time.Parse("2006-01-02", k.Now.Format("2006-01-02"))
	d.Revision = advisory.Revision{Date: advisory.Date{Time: day}, Kind: kind, Summary: summary}
	return d, nil
}

// titleOrder returns the locales of locales that rec's title is written
// in, in the order the record writes them; all of locales when it has
// none of them.
func titleOrder(rec *advisory.Record, locales []string) []string {
	var out []string
	for _, l := range locales {
		if _, ok := rec.Title[l]; ok {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return locales
	}
	slices.SortStableFunc(out, func(a, b string) int {
		pa, pb := rec.Positions["title."+a], rec.Positions["title."+b]
		if pa.Line != pb.Line {
			return pa.Line - pb.Line
		}
		return pa.Col - pb.Col
	})
	return out
}
