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
	"strings"
	"sync/atomic"
)

// tempPrefix starts the name of every file being written; such files are
// renamed into place when complete, and left-overs of an interrupted run
// are removed by the next one.
const tempPrefix = ".noticegen-tmp-"

// writeFile writes data to path atomically: into a temporary file in the
// same directory, then renamed over path. A crash or interrupt leaves
// either the old or the new file, never a torn one. There is no fsync:
// that guards against power loss, not process death, and would multiply
// the cost of a large export; ext4 and most other file systems already
// order the data before a rename that replaces a file.
func writeFile(path string, data []byte) error {
	tmp, f, err := createTemp(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

var tempSeq atomic.Uint64

// tempName returns a name for a temporary file or directory, unique within
// this process (the counter) and across processes (the pid).
func tempName(base string) string {
	return fmt.Sprintf("%s%s-%d-%d", tempPrefix, base, os.Getpid(), tempSeq.Add(1))
}

// createTemp creates a new temporary file for base in dir, with the final
// file's permissions, so no chmod is needed before the rename.
func createTemp(dir, base string) (string, *os.File, error) {
	for {
		name := filepath.Join(dir, tempName(base))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, f, err
	}
}

// writeDir writes the files of a directory that does not exist yet: all of
// them into a temporary directory, which is then renamed into place — one
// rename for the lot instead of one per file, with the same guarantee: the
// directory appears complete or not at all. It reports false, having
// written nothing, when dir appeared in the meantime.
func writeDir(dir string, files map[string][]byte) (bool, error) {
	tmp := filepath.Join(filepath.Dir(dir), tempName(filepath.Base(dir)))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return false, err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return false, err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, serr := os.Stat(dir); serr == nil {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// removeTemps removes temporary files and directories left by an
// interrupted run.
func removeTemps(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tempPrefix) {
			os.RemoveAll(p)
			if d.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
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
	Source string      `json:"source"`
	Input  string      `json:"input"`
	Files  []string    `json:"files"` // names in the record's directory
	Entry  *IndexEntry `json:"entry,omitempty"`
}

const manifestVersion = 2

func loadManifest(dir string) *manifest {
	m := &manifest{Version: manifestVersion, Records: map[string]manifestRecord{}}
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m
	}
	var old manifest
	// A damaged or older manifest only costs a full re-render.
	if json.Unmarshal(data, &old) == nil && old.Version == manifestVersion && old.Records != nil {
		return &old
	}
	return m
}

func (m *manifest) save(dir string) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ManifestFile), append(data, '\n'))
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

// inside joins rel to dir and refuses a result outside dir. Record ids are
// validated when loaded, so this is a second line of defence.
func inside(dir, rel string) (string, error) {
	if !filepath.IsLocal(rel) {
		return "", fmt.Errorf("output path %q would escape the output directory", rel)
	}
	return filepath.Join(dir, rel), nil
}

// retract removes a record's output directory: renamed out of the way
// first, so that it disappears at once, then deleted.
func retract(dir string) error {
	tmp := filepath.Join(filepath.Dir(dir), tempName(filepath.Base(dir)))
	if err := os.Rename(dir, tmp); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return os.RemoveAll(tmp)
}

// upToDate reports whether the file at path already holds data.
func upToDate(path string, data []byte) bool {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

func filesExist(dir string, names []string) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}
