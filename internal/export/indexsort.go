package export

import (
	"bufio"
	"cmp"
	"container/heap"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
)

// indexRunSize is how many index entries are sorted in memory at a time:
// the entries of a larger output directory are sorted in runs of this
// many, each spilled to a temporary file in the output directory (named
// with tempPrefix, so an interrupted run's are removed by the next one),
// and merged, so the index pages of any number of records are built in
// the same memory. Tests make it small.
var indexRunSize = 4096

// newerFirst orders index entries as the index pages list them: newest
// first, then by id.
func newerFirst(a, b *IndexEntry) int {
	if c := cmp.Compare(b.Published, a.Published); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// entrySorter holds the index entries of the manifest, sorted: the last
// run in memory, the others in temporary files.
type entrySorter struct {
	d     *confine.Dir
	runs  []string
	mem   []*IndexEntry
	count int
	err   error // what stopped an iteration
}

// sortIndex sorts the listed entries of a manifest stream src (its
// lines; TLP:RED records and records without an entry are not listed).
func sortIndex(d *confine.Dir, src io.Reader) (*entrySorter, error) {
	s := &entrySorter{d: d}
	r := bufio.NewReaderSize(src, 64<<10)
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF && line == "" {
			break
		}
		if err != nil && err != io.EOF {
			s.close()
			return nil, err
		}
		line = strings.TrimSuffix(line, "\n")
		if line == manifestHeader || strings.HasPrefix(line, indexPrefix) {
			continue
		}
		rec, perr := parseLine(line)
		if perr != nil {
			s.close()
			return nil, fmt.Errorf("manifest being written: %v", perr)
		}
		if rec.Entry == nil || rec.Entry.TLP == advisory.TLPRed.Label() {
			continue
		}
		rec.Entry.ID = rec.ID
		s.add(rec.Entry)
		if s.err != nil {
			s.close()
			return nil, s.err
		}
	}
	slices.SortFunc(s.mem, newerFirst)
	return s, nil
}

// add adds an entry, spilling a full run.
func (s *entrySorter) add(e *IndexEntry) {
	s.count++
	s.mem = append(s.mem, e)
	if len(s.mem) < indexRunSize {
		return
	}
	slices.SortFunc(s.mem, newerFirst)
	f, name, err := s.d.CreateTemp(tempPattern("index-run"), 0o600)
	if err != nil {
		s.err = err
		return
	}
	s.runs = append(s.runs, name)
	w := bufio.NewWriterSize(f, 64<<10)
	var b []byte
	for _, e := range s.mem {
		b = appendRunLine(b[:0], e)
		w.Write(b)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	s.err = err
	clear(s.mem)
	s.mem = s.mem[:0]
}

// appendRunLine is an entry's line in a run file: its id, then the
// fields of appendEntry.
func appendRunLine(b []byte, e *IndexEntry) []byte {
	b = escapeField(b, e.ID)
	b = appendEntry(b, e)
	return append(b, '\n')
}

// runReader reads the entries of one sorted run.
type runReader struct {
	f   *os.File
	r   *bufio.Reader
	mem []*IndexEntry
	cur *IndexEntry
}

func (r *runReader) advance() error {
	if r.f == nil {
		r.cur = nil
		if len(r.mem) > 0 {
			r.cur, r.mem = r.mem[0], r.mem[1:]
		}
		return nil
	}
	line, err := r.r.ReadString('\n')
	if err == io.EOF && line == "" {
		r.cur = nil
		return nil
	}
	if err != nil && err != io.EOF {
		return err
	}
	fields, err := splitFields(strings.TrimSuffix(line, "\n"))
	if err != nil {
		return err
	}
	r.cur, err = parseEntry(fields[0], fields[1:])
	return err
}

// runHeap orders the runs by their current entries.
type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return newerFirst(h[i].cur, h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// all yields every entry, newest first. It may be ranged over more than
// once, also at the same time by several goroutines (each with its own
// errp); an error stops it and is left in *errp.
func (s *entrySorter) all(errp *error) iter.Seq[*IndexEntry] {
	return func(yield func(*IndexEntry) bool) {
		if len(s.runs) == 0 {
			for _, e := range s.mem {
				if !yield(e) {
					return
				}
			}
			return
		}
		var h runHeap
		defer func() {
			for _, r := range h {
				if r.f != nil {
					r.f.Close()
				}
			}
		}()
		add := func(r *runReader) bool {
			if err := r.advance(); err != nil {
				if r.f != nil {
					r.f.Close()
				}
				*errp = err
				return false
			}
			if r.cur != nil {
				h = append(h, r)
			} else if r.f != nil {
				r.f.Close()
			}
			return true
		}
		for _, name := range s.runs {
			f, err := s.d.OpenFile(name, os.O_RDONLY, 0)
			if err != nil {
				*errp = err
				return
			}
			if !add(&runReader{f: f, r: bufio.NewReaderSize(f, 16<<10)}) {
				return
			}
		}
		if !add(&runReader{mem: s.mem}) {
			return
		}
		heap.Init(&h)
		for len(h) > 0 {
			r := h[0]
			if !yield(r.cur) {
				return
			}
			if err := r.advance(); err != nil {
				*errp = err
				return
			}
			if r.cur == nil {
				if r.f != nil {
					r.f.Close()
				}
				heap.Pop(&h)
			} else {
				heap.Fix(&h, 0)
			}
		}
	}
}

// close removes the run files.
func (s *entrySorter) close() {
	for _, name := range s.runs {
		s.d.Remove(name)
	}
	s.runs = nil
}
