package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
)

// ManifestFile is the name of the manifest in the output directory.
const ManifestFile = ".noticegen-manifest.tsv"

// legacyManifestFile is the JSON manifest of earlier versions (version
// 2). One found in an output directory without a ManifestFile is read
// once and converted: its output stays current, and the files it names
// are still known to be noticegen's. It is removed once the new manifest
// is written.
const legacyManifestFile = ".noticegen-manifest.json"

// manifestHeader is the first line of a manifest: its format and version.
const manifestHeader = "noticegen-manifest\t3"

// indexPrefix starts the manifest's last line, the hash of what the index
// pages show. '#' is never in a record id, so it cannot start a record.
const indexPrefix = "#index\t"

// The manifest records what the last export wrote, one line per record,
// sorted by record id, so that an export reads it as a stream and writes
// the next one by merging it with its results, holding neither whole:
//
//	noticegen-manifest	3
//	<id>	<input>	<flags>	<files>[	<published>	<category>	<rank>	<priority>	<deadline>	<tlp>	(<lang>	<title>)...]
//	#index	<hash of what the index pages show>
//
// Fields are separated by tabs; a backslash, tab, newline or carriage
// return in a field is written \\, \t, \n or \r. input is the hash of the
// record file's bytes and the configuration ("" when the record is not
// current: the next run renders it again); flags holds "c" when noticegen
// created the record's directory (so it may remove it once empty) and "e"
// when the line carries an index entry (the fields after files); files
// are the record's file names, separated by commas. An unchanged record
// whose files are all there is skipped without rendering; a changed one
// is rendered and rewrites only the files whose content differs from
// what is on disk.
//
// The stat data of the files (Cache and OutStat) are kept apart, in
// CacheFile: they differ from one checkout or copy of the output to the
// next, which the manifest does not.
type manifestRecord struct {
	ID      string
	Input   string
	Files   []string // names in the record's directory
	Entry   *IndexEntry
	Created bool
	// Cache is recordKey of the record file when it was last read (an
	// unchanged file with that key is not read again), OutStat outStat
	// of Files when they were written or last checked; "" when unknown.
	Cache   string
	OutStat string
}

// escapeField writes s for a manifest field.
func escapeField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\t\n\r") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// unescapeField reverses escapeField.
func unescapeField(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", errors.New("a field ends in a backslash")
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	return b.String(), nil
}

// appendEntry appends the index entry fields of e (not its id).
func appendEntry(b []byte, e *IndexEntry) []byte {
	for _, f := range []string{e.Published, e.Category, e.Rank, e.Priority, e.Deadline, e.TLP} {
		b = append(b, '\t')
		b = escapeField(b, f)
	}
	for _, l := range sortedKeys(e.Titles) {
		b = append(b, '\t')
		b = escapeField(b, l)
		b = append(b, '\t')
		b = escapeField(b, e.Titles[l])
	}
	return b
}

// entryFields is the number of fields of an index entry before its titles.
const entryFields = 6

// parseEntry makes an index entry of id from fields (appendEntry's).
func parseEntry(id string, fields []string) (*IndexEntry, error) {
	if len(fields) < entryFields || (len(fields)-entryFields)%2 != 0 {
		return nil, fmt.Errorf("%d index entry fields", len(fields))
	}
	e := &IndexEntry{ID: id, Published: fields[0], Category: fields[1], Rank: fields[2], Priority: fields[3],
		Deadline: fields[4], TLP: fields[5], Titles: make(map[string]string, (len(fields)-entryFields)/2)}
	for i := entryFields; i < len(fields); i += 2 {
		e.Titles[fields[i]] = fields[i+1]
	}
	return e, nil
}

// appendLine appends r's manifest line, newline included.
func (r *manifestRecord) appendLine(b []byte) []byte {
	b = escapeField(b, r.ID)
	b = append(b, '\t')
	b = escapeField(b, r.Input)
	b = append(b, '\t')
	if r.Created {
		b = append(b, 'c')
	}
	if r.Entry != nil {
		b = append(b, 'e')
	}
	b = append(b, '\t')
	b = escapeField(b, strings.Join(r.Files, ","))
	if r.Entry != nil {
		b = appendEntry(b, r.Entry)
	}
	return append(b, '\n')
}

// splitFields splits a line (without its newline) at tabs and unescapes
// every field.
func splitFields(line string) ([]string, error) {
	fields := strings.Split(line, "\t")
	for i, f := range fields {
		var err error
		if fields[i], err = unescapeField(f); err != nil {
			return nil, err
		}
	}
	return fields, nil
}

// parseLine reads a manifest line (appendLine's, without the newline).
func parseLine(line string) (manifestRecord, error) {
	fields, err := splitFields(line)
	if err != nil {
		return manifestRecord{}, err
	}
	if len(fields) < 4 {
		return manifestRecord{}, fmt.Errorf("%d fields, want at least 4", len(fields))
	}
	r := manifestRecord{ID: fields[0], Input: fields[1]}
	flags := fields[2]
	r.Created = strings.Contains(flags, "c")
	if strings.Trim(flags, "ce") != "" {
		return r, fmt.Errorf("unknown flags %q", flags)
	}
	if fields[3] != "" {
		r.Files = strings.Split(fields[3], ",")
	}
	rest := fields[4:]
	switch {
	case strings.Contains(flags, "e"):
		if r.Entry, err = parseEntry(r.ID, rest); err != nil {
			return r, err
		}
	case len(rest) > 0:
		return r, fmt.Errorf("%d fields after the files of a line without an index entry", len(rest))
	}
	return r, nil
}

// manifestReader reads the manifest of an output directory as a stream
// of records in id order. Every record is checked as it is read: the
// manifest decides which files noticegen may remove, and it lies in a
// directory others can write (a checked-in output tree), so a line whose
// id is not a record id, that is out of order, or that does not parse is
// dropped, and a file name that is not one noticegen writes (index.html,
// <locale>.<format extension>) is left out, each reported as a problem:
// no edit of the manifest can make an export remove a file of the user's.
// A damaged or older manifest (another header) only costs a full
// re-render.
type manifestReader struct {
	where    string
	f        *os.File
	r        *bufio.Reader
	line     int
	last     string
	legacy   []manifestRecord // a converted JSON manifest, when that is what there was
	index    string           // the hash of the index pages (the last line)
	problems []error
	peeked   *manifestRecord
	cache    *cacheReader
	owned    map[string]string // file names found to be noticegen's
	found    bool              // there was a manifest (current, older or damaged)
	current  bool              // it is a manifest of this version
}

// openManifest opens the manifest of the output directory d. A manifest
// that is a symbolic link is an error. Without a current manifest, a
// legacy JSON one is read (whole, once) and converted.
func openManifest(d *confine.Dir) (*manifestReader, error) {
	m := &manifestReader{where: d.Path(ManifestFile), cache: openCache(d), owned: map[string]string{}}
	if st, ok, err := d.Stat(ManifestFile); err != nil {
		m.close()
		return nil, err
	} else if !ok {
		if err := m.openLegacy(d); err != nil {
			m.close()
			return nil, err
		}
		return m, nil
	} else if st.Mode&fs.ModeSymlink == 0 && !st.Mode.IsRegular() {
		// Not one noticegen wrote; a named pipe must not block the run.
		m.found = true
		return m, nil
	}
	f, err := d.OpenFile(ManifestFile, os.O_RDONLY, 0)
	if err != nil {
		m.close()
		return nil, err
	}
	m.found = true
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return m, nil
	}
	m.f, m.r = f, bufio.NewReaderSize(f, 64<<10)
	head, err := m.readLine()
	if err != nil || head != manifestHeader {
		m.close()
		return m, nil
	}
	m.current = true
	return m, nil
}

// legacyManifest is the JSON manifest of version 2.
type legacyManifest struct {
	Version int `json:"version"`
	Records map[string]struct {
		Input   string      `json:"input"`
		Files   []string    `json:"files"`
		Entry   *IndexEntry `json:"entry,omitempty"`
		Created bool        `json:"created,omitempty"`
	} `json:"records"`
	Index string `json:"index"`
}

// openLegacy reads a version 2 JSON manifest, when there is one.
func (m *manifestReader) openLegacy(d *confine.Dir) error {
	if st, ok, err := d.Stat(legacyManifestFile); err != nil || !ok {
		return err
	} else if st.Mode&fs.ModeSymlink == 0 && !st.Mode.IsRegular() {
		m.found = true // not one noticegen wrote (a named pipe must not block the run)
		return nil
	}
	data, err := d.ReadFile(legacyManifestFile)
	var le *confine.LinkError
	if errors.As(err, &le) {
		return err
	}
	m.found = true
	var old legacyManifest
	if err != nil || json.Unmarshal(data, &old) != nil || old.Version != 2 || old.Records == nil {
		return nil
	}
	m.where = d.Path(legacyManifestFile)
	// Not nil, even without records: the manifest is legacy, and goes
	// once the new one is written.
	m.legacy = make([]manifestRecord, 0, len(old.Records))
	for _, id := range sortedKeys(old.Records) {
		r := old.Records[id]
		if r.Entry != nil && r.Entry.ID != id {
			r.Entry.ID = id
		}
		m.legacy = append(m.legacy, manifestRecord{ID: id, Input: r.Input, Files: r.Files, Entry: r.Entry, Created: r.Created})
	}
	// The index hash of version 2 is of another form: the pages are
	// rebuilt once (and rewritten only if they differ).
	return nil
}

// readLine returns the next line without its newline; io.EOF at the end.
func (m *manifestReader) readLine() (string, error) {
	s, err := m.r.ReadString('\n')
	if err == io.EOF && s != "" {
		err = nil // a last line without a newline
	}
	if err != nil {
		return "", err
	}
	m.line++
	return strings.TrimSuffix(s, "\n"), nil
}

func (m *manifestReader) problem(format string, args ...any) {
	where := m.where
	if m.legacy == nil {
		where = fmt.Sprintf("%s:%d", m.where, m.line)
	}
	m.problems = append(m.problems, fmt.Errorf("%s: "+format, append([]any{where}, args...)...))
}

// peek returns the next record without consuming it.
func (m *manifestReader) peek() (manifestRecord, bool) {
	if m.peeked == nil {
		r, ok := m.read()
		if !ok {
			return manifestRecord{}, false
		}
		m.peeked = &r
	}
	return *m.peeked, true
}

// next returns the next record and consumes it.
func (m *manifestReader) next() (manifestRecord, bool) {
	r, ok := m.peek()
	m.peeked = nil
	return r, ok
}

// read reads the next sound record.
func (m *manifestReader) read() (manifestRecord, bool) {
	for {
		var r manifestRecord
		switch {
		case m.legacy != nil:
			if len(m.legacy) == 0 {
				return r, false
			}
			r, m.legacy = m.legacy[0], m.legacy[1:]
			if len(m.legacy) == 0 {
				m.legacy = []manifestRecord{} // still legacy: for problem()
			}
		case m.r != nil:
			line, err := m.readLine()
			if err != nil {
				if err != io.EOF {
					m.problem("%v", err)
				}
				m.close()
				return r, false
			}
			if h, ok := strings.CutPrefix(line, indexPrefix); ok {
				m.index = h
				continue
			}
			if r, err = parseLine(line); err != nil {
				m.problem("line ignored: %v", err)
				continue
			}
		default:
			return r, false
		}
		if msg := advisory.ValidID(r.ID); msg != "" {
			m.problem("entry %q ignored: the record id %s", r.ID, msg)
			continue
		}
		if r.ID <= m.last {
			m.problem("entry %q ignored: not after %q (the lines are sorted by id, each once)", r.ID, m.last)
			continue
		}
		m.last = r.ID
		files := r.Files[:0:0]
		for _, f := range r.Files {
			if slices.Contains(files, f) {
				continue
			}
			name, ok := m.owned[f]
			if !ok {
				if !ownedName(f) {
					m.problem("entry %q: file %q ignored: not a name noticegen writes", r.ID, f)
					continue
				}
				// The few names of every record's files: checked and
				// held once.
				name = f
				if len(m.owned) < 1024 {
					m.owned[f] = f
				}
			}
			files = append(files, name)
		}
		r.Files = files
		if r.Entry != nil {
			r.Entry.ID = r.ID
		}
		r.Cache, r.OutStat = m.cache.lookup(r.ID)
		return r, true
	}
}

func (m *manifestReader) close() {
	m.cache.close()
	if m.f != nil {
		m.f.Close()
		m.f, m.r = nil, nil
	}
}

// indexHash is the hash of the index pages the manifest holds, once
// every record has been read.
func (m *manifestReader) indexHash() string { return m.index }

// CacheFile is the name of the stat cache in the output directory: per
// record (sorted by id, as the manifest), the stat key of its record file
// and the stat data of its files (manifestRecord.Cache, OutStat):
//
//	noticegen-cache	1
//	<id>	<cache>	<outstat>
//
// It only ever spares reading a record file or rendering a record: a
// missing, damaged or edited cache costs time, and it never decides what
// is removed.
const CacheFile = ".noticegen-cache.tsv"

const cacheHeader = "noticegen-cache\t1"

// cacheReader reads the stat cache as a stream, in step with the
// manifest.
type cacheReader struct {
	f      *os.File
	r      *bufio.Reader
	found  bool
	peeked []string
}

// openCache opens the stat cache of d; a missing or damaged one is empty.
func openCache(d *confine.Dir) *cacheReader {
	c := &cacheReader{}
	st, ok, err := d.Stat(CacheFile)
	if err != nil || !ok {
		return c
	}
	c.found = true
	if !st.Mode.IsRegular() {
		return c
	}
	f, err := d.OpenFile(CacheFile, os.O_RDONLY, 0)
	if err != nil {
		return c
	}
	c.f, c.r = f, bufio.NewReaderSize(f, 32<<10)
	if head, err := c.r.ReadString('\n'); err != nil || head != cacheHeader+"\n" {
		c.close()
	}
	return c
}

// lookup returns the cache and outstat of id; ids must come in order.
func (c *cacheReader) lookup(id string) (cache, outstat string) {
	for c != nil {
		if c.peeked == nil {
			if c.r == nil {
				return "", ""
			}
			line, err := c.r.ReadString('\n')
			if err != nil {
				c.close()
				return "", ""
			}
			fields, err := splitFields(strings.TrimSuffix(line, "\n"))
			if err != nil || len(fields) != 3 {
				continue
			}
			c.peeked = fields
		}
		switch strings.Compare(c.peeked[0], id) {
		case -1:
			c.peeked = nil
		case 0:
			f := c.peeked
			c.peeked = nil
			return f[1], f[2]
		default:
			return "", ""
		}
	}
	return "", ""
}

func (c *cacheReader) close() {
	if c != nil && c.f != nil {
		c.f.Close()
		c.f, c.r = nil, nil
	}
}
