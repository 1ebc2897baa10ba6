package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/format"
)

// tempPrefix starts the name of every file being written; such files are
// renamed into place when complete, and left-overs of an interrupted run
// are removed by the next one.
const tempPrefix = ".noticegen-tmp-"

// tempPattern names the temporary file or directory written for base.
func tempPattern(base string) string { return tempPrefix + base + "-*" }

// writeRecordFile writes data to the file name of the record directory
// sub (id in the output directory out) atomically: into a temporary file,
// then renamed over name, so a crash or interrupt leaves either the old or
// the new file, never a torn one. There is no fsync: that guards against
// power loss, not process death, and would multiply the cost of a large
// export; ext4 and most other file systems already order the data before
// a rename that replaces a file. The temporary file is written in out: so
// left-overs of an interrupted run are all in out, and the next run finds
// them without reading every record directory. The caller has refused a
// link at name.
func writeRecordFile(out, sub *confine.Dir, id, name string, data []byte) error {
	_, err := sub.Replace(name, data, 0o644, out, tempPattern(id+"-"+name))
	return err
}

// writeDir writes the files of a directory name in d that does not exist
// yet: all of them into a temporary directory, which is then renamed into
// place — one rename for the lot instead of one per file, with the same
// guarantee: the directory appears complete or not at all. It reports
// false, having written nothing, when a directory name appeared in the
// meantime.
//
// The Stats of the files written, in the order of files, are returned:
// renaming the directory changes none of them (not even their status
// change times), so they are those of the files in place.
func writeDir(d *confine.Dir, name string, files []outFile) ([]confine.Stat, bool, error) {
	tmp, err := d.MkdirTemp(tempPattern(name), 0o755)
	if err != nil {
		return nil, false, err
	}
	stats := make([]confine.Stat, len(files))
	sub, err := d.Sub(tmp)
	if err == nil {
		for i, f := range files {
			if stats[i], err = sub.WriteNewStat(f.name, f.data, 0o644); err != nil {
				break
			}
		}
		sub.Close()
	}
	if err == nil {
		// Never over what appeared at name meanwhile (an empty
		// directory would be replaced, a link is refused).
		err = d.RenameNew(tmp, name)
	}
	if err != nil {
		d.RemoveAll(tmp)
		var le *confine.LinkError
		if !errors.As(err, &le) {
			// A directory made at name meanwhile: the caller writes
			// into it; a link is refused.
			fi, lerr := d.NoLink(name)
			if errors.As(lerr, &le) {
				return nil, false, lerr
			}
			if lerr == nil && fi != nil && fi.IsDir() {
				return nil, false, nil
			}
		}
		return nil, false, err
	}
	return stats, true, nil
}

// removeTemps removes temporary files and directories left by an
// interrupted run: in the output directory, and with deep in each record
// directory too (where versions before the current manifest wrote them,
// and where a record directory on another file system gets them). It
// follows no link: a link is not descended into, and a left-over name
// that is a link is removed itself, not what it points at.
func removeTemps(d *confine.Dir, deep bool) {
	if !deep {
		names, _ := d.Names()
		for _, n := range names {
			if strings.HasPrefix(n, tempPrefix) {
				d.RemoveAll(n)
			}
		}
		return
	}
	es, err := d.ReadDir()
	if err != nil {
		return
	}
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			d.RemoveAll(e.Name())
			continue
		}
		if !deep || !e.IsDir() { // a link's type is a link, never a directory
			continue
		}
		sub, err := d.Sub(e.Name())
		if err != nil {
			continue
		}
		if es, err := sub.ReadDir(); err == nil {
			for _, e := range es {
				if strings.HasPrefix(e.Name(), tempPrefix) {
					sub.RemoveAll(e.Name())
				}
			}
		}
		sub.Close()
	}
}

func hashBytes(b ...[]byte) string {
	h := sha256.New()
	for _, p := range b {
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ownedName reports whether name is one noticegen writes in a record's
// directory: the digest page, or a draft <locale>.<extension>.
func ownedName(name string) bool {
	if name == "index.html" {
		return true
	}
	loc, ext, ok := strings.Cut(name, ".")
	if !ok || !advisory.ValidLanguage(loc) {
		return false
	}
	for _, f := range format.Formats {
		if ext == f.Ext {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// prepareOut checks the output directory: created if missing, an error
// if it exists and is not a directory.
func prepareOut(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s exists and is not a directory", dir)
	}
	return nil
}

// removeFiles removes the files names of the record directory id,
// which noticegen wrote there, and the directory itself when noticegen
// created it (dirCreated) and nothing else is left in it. Any other file
// stays. Every name is checked before anything is removed: a symbolic
// link (the directory, or a file) is refused and nothing is removed. It
// returns the number of files removed.
func removeFiles(d *confine.Dir, id string, names []string, dirCreated bool) (int, error) {
	sub, err := d.Sub(id)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer sub.Close()
	for _, n := range names {
		if _, err := sub.NoLink(n); err != nil {
			return 0, err
		}
	}
	removed := 0
	for _, n := range names {
		ok, err := removeRegular(sub, n)
		if err != nil {
			return removed, err
		}
		if ok {
			removed++
		}
	}
	if dirCreated {
		if es, err := sub.ReadDir(); err == nil && len(es) == 0 {
			if _, err := d.Remove(id); err != nil {
				return removed, err
			}
		}
	}
	return removed, nil
}

// removeRegular removes name from d if it is a regular file: noticegen
// writes nothing else, so anything else there is not its own.
func removeRegular(d *confine.Dir, name string) (bool, error) {
	fi, err := d.NoLink(name)
	if err != nil || fi == nil || !fi.Mode().IsRegular() {
		return false, err
	}
	return d.Remove(name)
}

// upToDate reports whether the file name in d already holds data. A
// symbolic link never does.
func upToDate(d *confine.Dir, name string, data []byte) bool {
	fi, err := d.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := d.ReadFile(name)
	return err == nil && bytes.Equal(old, data)
}

func regularFiles(d *confine.Dir, names []string) bool {
	for _, n := range names {
		if fi, err := d.Lstat(n); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}
