// Package importer turns published security advisories into advisory
// records: CSAF 2.0 and 2.1 documents, OSV records (JSON, or the YAML form
// some databases use), MyJVN VULDEF 3.2 XML and JVN's CSAF-like JSON.
//
// detect.go finds the format from the content, never from the file name.
// Each parser (csaf.go with tree.go for CSAF and JVN JSON, osv.go, jvn.go
// for VULDEF) extracts a format-neutral description of the advisory (type
// doc, doc.go). record.go, wording.go and priority.go word it as a record:
// the source's own text fills the locale of the source's language, every
// other locale gets the same text behind the locale's translation marker
// ("[要翻訳] …", "[TRANSLATE] …": translation.marker of its locale file,
// pending.go), and sentences the importer writes itself
// (actions such as "Upgrade X to 1.2.3 or later", the lead, the
// applicability check) are written in every locale. Values the source does
// not give — the deadline always, the priority sometimes — get defaults
// listed in provenance.unconfirmed for a person to confirm. advisory.Encode
// writes the record as YAML in the record format's key order, and every
// record is decoded again with the strict record decoder before it is
// returned.
package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/kev"
	"github.com/noticegen/noticegen/internal/locale"
)

// Format is a kind of source document, as written in provenance.format.
type Format string

// The formats noticegen imports.
const (
	FormatCSAF    Format = "csaf"       // CSAF 2.0 / 2.1 JSON
	FormatOSV     Format = "osv"        // OSV JSON or YAML
	FormatVULDEF  Format = "jvn-vuldef" // MyJVN VULDEF 3.2 XML
	FormatJVNJSON Format = "jvn-json"   // MyJVN's CSAF-like JSON (feed=oka)
)

// MaxFileSize is the largest source file imported, in bytes. The largest
// real advisory seen is 1.6 MB; a file over the limit is refused before it
// is read.
const MaxFileSize = 32 << 20

// Options control an import.
type Options struct {
	// Now is the import time: written to provenance.imported and the start
	// of default deadlines. Zero means time.Now().
	Now time.Time
	// Author is written to the record's author field; "" means
	// "noticegen-import".
	Author string
	// Locales are the locales every localized field is written in; nil
	// means ja and en.
	Locales []string
	// Catalog holds the messages the importer words its own sentences
	// with (the "import.*" messages); nil means the embedded locale files.
	Catalog *locale.Catalog
	// Policy is the notice policy of the records directory: its SLA per
	// priority gives default deadlines, counted with its team calendar.
	// nil, or a priority without an SLA, gives the fixed defaults (3, 7
	// and 30 days for critical, high and medium; low as needed).
	Policy *config.Config
	// KEV is a copy of CISA's Known Exploited Vulnerabilities catalog, or
	// nil. A record with a CVE it lists gets exploited entries and, when
	// it asks readers to act, a priority of at least high and a deadline
	// no later than the KEV due date (see package kev).
	KEV *kev.Catalog
}

func (o Options) withDefaults() (Options, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Author == "" {
		o.Author = "noticegen-import"
	}
	if len(o.Locales) == 0 {
		o.Locales = []string{"ja", "en"}
	}
	if o.Catalog == nil {
		cat, err := embeddedCatalog()
		if err != nil {
			return o, err
		}
		o.Catalog = cat
	}
	return o, nil
}

// Imported is one record made from a source document.
type Imported struct {
	Record   *advisory.Record
	YAML     []byte // the record file, as it is written
	SourceID string // the source's own id, e.g. RHSA-2024:4546
	Locale   string // the locale holding the source's own text
}

// Result is what one source file gave.
type Result struct {
	File     string
	Format   Format
	Detected string // what was detected, for messages: "CSAF 2.0 (csaf_vex)"
	Records  []*Imported
	Warnings []string // things a person should know; the records are still usable
}

// Error is a problem with a source file that stops it from being imported.
// Line and Col are 1-based; 0 means unknown.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, max(e.Col, 1), e.Msg)
	}
	return e.File + ": " + e.Msg
}

func errorf(file, format string, args ...any) *Error {
	return &Error{File: file, Msg: fmt.Sprintf(format, args...)}
}

// ImportFile reads the source document at path and imports it. Files over
// MaxFileSize are refused before they are read.
func ImportFile(path string, o Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errorf(path, "%v", advisory.BareError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, errorf(path, "%v", advisory.BareError(err))
	}
	if fi.IsDir() {
		return nil, errorf(path, "is a directory")
	}
	if fi.Mode().IsRegular() && fi.Size() > MaxFileSize {
		return nil, errorf(path, "file is %s bytes; the import limit is %s bytes (%d MiB)", itoa(int(fi.Size())), itoa(MaxFileSize), MaxFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, errorf(path, "%v", advisory.BareError(err))
	}
	if len(data) > MaxFileSize {
		return nil, errorf(path, "file is larger than %s bytes, the import limit", itoa(MaxFileSize))
	}
	return Import(path, data, o)
}

// Import imports the source document data; name is the file name used in
// messages and provenance (only its base name is recorded).
func Import(name string, data []byte, o Options) (*Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, errorf(name, "embedded locale files: %v", err)
	}
	if len(data) > MaxFileSize {
		return nil, errorf(name, "document is larger than %s bytes, the import limit", itoa(MaxFileSize))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sum := sha256.Sum256(data)
	src := source{file: name, data: data, sha256: hex.EncodeToString(sum[:])}
	f, detected, err := detect(name, data)
	if err != nil {
		return nil, err
	}
	var docs []*doc
	switch f {
	case FormatCSAF, FormatJVNJSON:
		docs, err = parseCSAF(name, data, f == FormatJVNJSON)
	case FormatOSV:
		docs, err = parseOSV(name, data)
	case FormatVULDEF:
		docs, err = parseVULDEF(name, data)
	}
	if err != nil {
		return nil, err
	}
	res := &Result{File: name, Format: f, Detected: detected}
	seen := map[string]bool{}
	for _, d := range docs {
		d.format = f
		d.detected = detected
		b := &builder{o: o, src: src, d: d}
		imp, err := b.build()
		if err != nil {
			return nil, err
		}
		if seen[imp.Record.ID] {
			return nil, errorf(name, "two advisories in this file give the same record id %q", imp.Record.ID)
		}
		seen[imp.Record.ID] = true
		for _, w := range b.warnings {
			res.Warnings = uniq(res.Warnings, w)
		}
		res.Records = append(res.Records, imp)
	}
	if len(res.Records) == 0 {
		return nil, errorf(name, "%s holds no advisory", detected)
	}
	return res, nil
}

// source is the file a record is imported from.
type source struct {
	file   string
	data   []byte
	sha256 string
}

// baseName is the file name recorded in provenance.
func (s source) baseName() string { return filepath.Base(s.file) }
