package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
func writeFile(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// removeTemps removes temporary files left by an interrupted run.
func removeTemps(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), tempPrefix) {
			os.Remove(p)
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
// inputs and the hash of each file. An unchanged record is skipped without
// rendering; a changed one rewrites only the files whose content changed.
type manifest struct {
	Version int                       `json:"version"`
	Records map[string]manifestRecord `json:"records"`
}

type manifestRecord struct {
	Source string            `json:"source"`
	Input  string            `json:"input"`
	Files  map[string]string `json:"files"` // path relative to the output directory → SHA-256
	Entry  *IndexEntry       `json:"entry,omitempty"`
}

const manifestVersion = 1

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
	data, err := json.MarshalIndent(m, "", " ")
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
