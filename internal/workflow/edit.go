package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/importer"
	"github.com/noticegen/noticegen/internal/review"
)

// Version names the bytes of a record file as an editor opened them: the
// SHA-256 (hex) of its content, or "" for a file that does not exist yet.
func Version(data []byte) string {
	if data == nil {
		return ""
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ConflictError is a save refused because the file changed on disk since
// the editor opened it: Current is what the file holds now.
type ConflictError struct {
	File    string
	Current []byte
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: %v; nothing was saved", e.File, ErrConflict)
}

func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// saving serialises saves in this process: the version check, the log
// entry and the rename happen as one.
var saving sync.Mutex

// Save writes data as the record file of id in dir on behalf of editor,
// atomically (a complete temporary file renamed into place, never through
// a symbolic link), after recording the edit in the review log: who
// edited a version of a record may not approve it (review.Compute). It is
// refused with a *ConflictError when the file on disk is not the version
// the editor opened (base, from Version), and with the located errors when
// data does not load as a record whose id is its file name, or is larger
// than a record may be: a record file on disk always loads. Check errors
// (a missing translation, a placeholder) do not stop a save; they stop an
// approval. A record that does not exist yet is written as id.yaml; an
// existing one keeps its file (id.yaml or id.yml).
func (k *Kit) Save(dir, id string, data []byte, base, editor string) error {
	if msg := advisory.ValidID(id); msg != "" {
		return fmt.Errorf("unknown record id: the id %s", msg)
	}
	saving.Lock()
	defer saving.Unlock()
	file, err := FindRecord(dir, id)
	exists := err == nil
	if !exists {
		if base != "" {
			return &ConflictError{File: filepath.Join(dir, id+".yaml")}
		}
		file = filepath.Join(dir, id+".yaml")
		for _, ext := range []string{".yaml", ".yml"} {
			if _, err := os.Lstat(filepath.Join(dir, id+ext)); err == nil {
				return fmt.Errorf("%s exists and is not a plain record file; nothing was saved", filepath.Join(dir, id+ext))
			}
		}
	}
	name := filepath.Base(file)
	if len(data) > advisory.MaxSize {
		return fmt.Errorf("%s: the text is %d bytes; a record file may hold at most %d", file, len(data), advisory.MaxSize)
	}
	rec, err := advisory.Decode(file, data)
	if err != nil {
		return err
	}
	if e := rec.CheckFileName(); e != nil {
		return e
	}
	d, err := confine.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	var cur []byte
	if exists {
		if cur, err = d.ReadFile(name); err != nil {
			return err
		}
	}
	if Version(cur) != base {
		return &ConflictError{File: file, Current: cur}
	}
	snap, err := k.Snapshot(rec, data, nil)
	if err != nil {
		return err
	}
	req := &review.Request{Action: review.Edit, Record: id, Author: rec.Author, Reviewer: editor, Snapshot: snap}
	req.Remember(rec, k.Config)
	if _, _, err := review.Record(review.Open(dir), req, k.Now); err != nil {
		return fmt.Errorf("the edit could not be recorded in the review log, so it was not saved: %w", err)
	}
	if !exists {
		// A new record: it must not appear meanwhile.
		return d.WriteNew(name, data, 0o644)
	}
	return d.WriteFile(name, data, 0o644, ".edit-*.yaml")
}

// NewRecord is the text a new record starts from: every required field,
// with placeholders check reports until they are filled in.
func NewRecord(id, author, today string) []byte {
	r := strings.NewReplacer("{{id}}", id, "{{author}}", author, "{{today}}", today)
	return []byte(r.Replace(newRecordText))
}

const newRecordText = `# A new record. Field reference: advisories/README.md; schema: noticegen schema.
# check reports every TODO below until it is filled in.
id: {{id}}
category: vulnerability
author: {{author}}
published: {{today}}
source:
  name: TODO
  url: https://example.com/TODO
  language: en
vendor: TODO
product: TODO
priority: medium
deadline: +14d

title:
  ja: TODO
  en: TODO

summary:
  ja: TODO
  en: TODO

lead:
  ja: TODO
  en: TODO

overview:
  ja: TODO
  en: TODO

scope:
  product:
    ja: TODO
    en: TODO
  condition:
    ja: TODO
    en: TODO

applicability:
  conditions:
    - ja: TODO
      en: TODO
  otherwise:
    ja: TODO
    en: TODO

actions:
  - ja: TODO
    en: TODO

references:
  - title:
      ja: TODO
      en: TODO
    url: https://example.com/TODO
`

// Imported is a record made from an uploaded advisory document.
type Imported struct {
	ID       string
	SourceID string
	Detected string
	Warnings []string
}

// ImportInto turns an advisory document (CSAF, OSV, JVN) into records in
// dir, as noticegen import does, never over an existing record. It returns
// what it wrote; an existing record or a document that does not import is
// an error, and then nothing is written.
func (k *Kit) ImportInto(dir, name string, doc []byte, opts importer.Options) ([]Imported, error) {
	if opts.Catalog == nil {
		opts.Catalog = k.Renderer.Catalog()
	}
	if opts.KEV == nil {
		opts.KEV = k.KEV
	}
	res, err := importer.Import(name, doc, opts)
	if err != nil {
		return nil, err
	}
	d, err := confine.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	for _, imp := range res.Records {
		for _, ext := range []string{".yaml", ".yml"} {
			if fi, err := d.NoLink(imp.Record.ID + ext); err != nil || fi != nil {
				if err == nil {
					err = fmt.Errorf("%s exists; nothing imported", d.Path(imp.Record.ID+ext))
				}
				return nil, err
			}
		}
	}
	var out []Imported
	for _, imp := range res.Records {
		if err := d.WriteNew(imp.Record.ID+".yaml", imp.YAML, 0o644); err != nil {
			return out, err
		}
		out = append(out, Imported{ID: imp.Record.ID, SourceID: imp.SourceID, Detected: res.Detected, Warnings: res.Warnings})
	}
	return out, nil
}
