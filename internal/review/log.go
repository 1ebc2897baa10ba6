package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
)

// The files of a records directory's review log.
const (
	LogName  = ".noticegen-review.jsonl"
	HeadName = ".noticegen-review.head"
)

// Log is the review log of one records directory: <dir>/LogName, with
// its head file <dir>/HeadName.
type Log struct {
	Dir string
}

// Open returns the log of the records directory dir. The files need not
// exist: a log without entries is a directory nobody has reviewed yet.
func Open(dir string) *Log { return &Log{Dir: filepath.Clean(dir)} }

// Path is the log file's path.
func (l *Log) Path() string { return filepath.Join(l.Dir, LogName) }

// HeadPath is the head file's path.
func (l *Log) HeadPath() string { return filepath.Join(l.Dir, HeadName) }

// Read returns the log's entries after verifying them (see Verify). It
// holds a shared lock while reading, so it never sees half an append.
// A log that does not exist has no entries.
func (l *Log) Read(now time.Time) ([]Entry, error) {
	f, err := os.Open(l.Path())
	if errors.Is(err, fs.ErrNotExist) {
		head, err := l.readHead()
		if err != nil {
			return nil, err
		}
		return Verify(l.Path(), nil, head, now)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the review log: %w", err)
	}
	defer f.Close()
	if err := lock(f, false); err != nil {
		return nil, fmt.Errorf("%s: cannot lock the review log: %w", l.Path(), err)
	}
	defer unlock(f)
	return l.readLocked(f, now)
}

func (l *Log) readLocked(f *os.File, now time.Time) ([]Entry, error) {
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: the review log is not a regular file", l.Path())
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("cannot read the review log: %w", err)
	}
	head, err := l.readHead()
	if err != nil {
		return nil, err
	}
	return Verify(l.Path(), data, head, now)
}

func (l *Log) readHead() (*Head, error) {
	data, err := os.ReadFile(l.HeadPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the review log's head file: %w", err)
	}
	return parseHead(l.HeadPath(), data)
}

// Append adds e to the log as the next entry, dated now: it fills in Seq,
// Time, Prev and Hash. Under an exclusive lock on the log it re-reads and
// verifies the whole log (a broken log is never appended to), calls allow
// with the entries so far (an error from it refuses the action), then
// writes the entry as one line with a single write, fsyncs the log, and
// updates the head file (written to a temporary file first, then renamed).
//
// Nothing is written when the log is broken, allow refuses, or the
// directory is not writable. If the write itself fails part way, the
// partial line is cut off again, so the log is as it was.
func (l *Log) Append(e Entry, now time.Time, allow func([]Entry) error) (*Entry, error) {
	// Log and head are written inside the directory and never through a
	// symbolic link (one planted there would point the writes anywhere).
	d, err := confine.Open(l.Dir)
	if err != nil {
		return nil, fmt.Errorf("cannot write the review log: %w; nothing was recorded", err)
	}
	defer d.Close()
	// The head is replaced by a rename once the entry is written: a link
	// there is refused now, while nothing is written yet.
	if _, err := d.NoLink(HeadName); err != nil {
		return nil, fmt.Errorf("%w; nothing was recorded", err)
	}
	f, err := d.OpenFile(LogName, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	var le *confine.LinkError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("%w; nothing was recorded", err)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write the review log: %w; nothing was recorded", err)
	}
	defer f.Close()
	if err := lock(f, true); err != nil {
		return nil, fmt.Errorf("%s: cannot lock the review log: %w; nothing was recorded", l.Path(), err)
	}
	defer unlock(f)
	entries, err := l.readLocked(f, now)
	if err != nil {
		return nil, fmt.Errorf("%w\nthe log is broken, so nothing was recorded; run noticegen review verify", err)
	}
	if allow != nil {
		if err := allow(entries); err != nil {
			return nil, err
		}
	}
	e.Seq, e.Prev = len(entries)+1, Genesis
	if len(entries) > 0 {
		e.Prev = entries[len(entries)-1].Hash
	}
	e.Time = now.Format(time.RFC3339)
	line := e.seal()
	if err := e.check(); err != nil {
		return nil, fmt.Errorf("refusing to record an invalid entry: %w", err)
	}
	// Create the head's temporary file before the entry is written: in a
	// directory that cannot be written, this fails and the log is left
	// untouched.
	tmp, tmpName, err := d.CreateTemp(HeadName+".tmp-*", 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w; nothing was recorded", l.Dir, advisory.BareError(err))
	}
	defer d.RemoveAll(tmpName)
	defer tmp.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if n, err := f.Write(line); err != nil || n != len(line) {
		if n > 0 {
			f.Truncate(fi.Size()) // our own partial line; the log is as it was
		}
		return nil, fmt.Errorf("cannot write the review log %s: %v; nothing was recorded", l.Path(), err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("cannot flush the review log %s to disk: %w", l.Path(), err)
	}
	head, _ := json.Marshal(Head{Seq: e.Seq, Hash: e.Hash})
	if err := writeHead(d, tmp, tmpName, append(head, '\n')); err != nil {
		return &e, fmt.Errorf("entry seq %d was recorded in %s, but its head file could not be updated: %w", e.Seq, l.Path(), err)
	}
	d.Sync()
	return &e, nil
}

func writeHead(d *confine.Dir, tmp *os.File, tmpName string, data []byte) error {
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return d.Rename(tmpName, HeadName)
}
