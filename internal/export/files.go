package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// writeFile writes data to name in d atomically: into a temporary file in
// the same directory, then renamed over name. A crash or interrupt leaves
// either the old or the new file, never a torn one. There is no fsync:
// that guards against power loss, not process death, and would multiply
// the cost of a large export; ext4 and most other file systems already
// order the data before a rename that replaces a file. A symbolic link at
// name is refused (confine.LinkError).
func writeFile(d *confine.Dir, name string, data []byte) error {
	return d.WriteFile(name, data, 0o644, tempPattern(name))
}

// writeDir writes the files of a directory name in d that does not exist
// yet: all of them into a temporary directory, which is then renamed into
// place — one rename for the lot instead of one per file, with the same
// guarantee: the directory appears complete or not at all. It reports
// false, having written nothing, when a directory name appeared in the
// meantime.
func writeDir(d *confine.Dir, name string, files map[string][]byte) (bool, error) {
	tmp, err := d.MkdirTemp(tempPattern(name), 0o755)
	if err != nil {
		return false, err
	}
	sub, err := d.Sub(tmp)
	if err == nil {
		for n, data := range files {
			if err = sub.WriteNew(n, data, 0o644); err != nil {
				break
			}
		}
		sub.Close()
	}
	if err == nil {
		err = d.Rename(tmp, name)
	}
	if err != nil {
		d.RemoveAll(tmp)
		var le *confine.LinkError
		if fi, serr := d.Lstat(name); !errors.As(err, &le) && serr == nil && fi.IsDir() {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// removeTemps removes temporary files and directories left by an
// interrupted run: in the output directory and in each record directory.
// It follows no link: a link is not descended into, and a left-over name
// that is a link is removed itself, not what it points at.
func removeTemps(d *confine.Dir) {
	es, err := d.ReadDir()
	if err != nil {
		return
	}
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			d.RemoveAll(e.Name())
			continue
		}
		if !e.IsDir() { // a link's type is a link, never a directory
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

// ManifestFile is the name of the manifest in the output directory.
const ManifestFile = ".noticegen-manifest.json"

// manifest records what the last export wrote: per record, a hash of its
// inputs and the names of its files. An unchanged record whose files are
// all there is skipped without rendering; a changed one is rendered and
// rewrites only the files whose content differs from what is on disk. It
// holds no per-file hashes, so it stays small (about 400 bytes a record).
type manifest struct {
	Version int                       `json:"version"`
	Records map[string]manifestRecord `json:"records"`
	Index   string                    `json:"index"` // hash of what the index pages show
}

type manifestRecord struct {
	Input string      `json:"input"`
	Files []string    `json:"files"` // names in the record's directory
	Entry *IndexEntry `json:"entry,omitempty"`
	// Created is set when noticegen created the record's directory (not
	// the user), so that it may remove it once it is empty.
	Created bool `json:"created,omitempty"`
}

const manifestVersion = 2

// loadManifest reads the manifest of the output directory d, and returns
// it with the bytes it was read from (nil when there was none). A
// damaged or older manifest only costs a full re-render; a manifest that
// is a symbolic link is an error.
//
// The manifest decides which files noticegen may remove, and it lies in a
// directory others can write (a checked-in output tree): an entry whose
// name is not a record id, or a file name that is not one noticegen
// writes (index.html, <locale>.<format extension>), is dropped and
// returned as a problem, so that no edit of the manifest can make an
// export remove a file of the user's.
func loadManifest(d *confine.Dir) (*manifest, []byte, []error, error) {
	m := &manifest{Version: manifestVersion, Records: map[string]manifestRecord{}}
	data, err := d.ReadFile(ManifestFile)
	var le *confine.LinkError
	if errors.As(err, &le) {
		return nil, nil, nil, err
	}
	if err != nil {
		return m, nil, nil, nil
	}
	var old manifest
	if json.Unmarshal(data, &old) != nil || old.Version != manifestVersion || old.Records == nil {
		return m, data, nil, nil
	}
	var problems []error
	where := d.Path(ManifestFile)
	for _, id := range sortedKeys(old.Records) {
		r := old.Records[id]
		if msg := advisory.ValidID(id); msg != "" {
			problems = append(problems, fmt.Errorf("%s: entry %q ignored: the record id %s", where, id, msg))
			delete(old.Records, id)
			continue
		}
		files := r.Files[:0:0]
		for _, f := range r.Files {
			if !ownedName(f) {
				problems = append(problems, fmt.Errorf("%s: entry %q: file %q ignored: not a name noticegen writes", where, id, f))
				continue
			}
			files = append(files, f)
		}
		r.Files = files
		old.Records[id] = r
	}
	return &old, data, problems, nil
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

// save writes the manifest unless it would be byte for byte what is
// there already (old), and reports whether it wrote it.
func (m *manifest) save(d *confine.Dir, old []byte) (bool, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	data = append(data, '\n')
	if bytes.Equal(data, old) {
		return false, nil
	}
	return true, writeFile(d, ManifestFile, data)
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

// filesPresent reports whether the record directory id in d holds every
// file of names (regular files, no links).
func filesPresent(d *confine.Dir, id string, names []string) bool {
	if len(names) == 0 || !filepath.IsLocal(id) {
		return false
	}
	sub, err := d.Sub(id)
	if err != nil {
		return false
	}
	defer sub.Close()
	return regularFiles(sub, names)
}

func regularFiles(d *confine.Dir, names []string) bool {
	for _, n := range names {
		if fi, err := d.Lstat(n); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}
