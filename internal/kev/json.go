package kev

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
)

// A small JSON reader that keeps where each value starts, so that every
// problem of a catalog is reported at its line and column.
// encoding/json's Decoder reads the tokens (and finds syntax errors); the
// tree holds only what the catalog needs.

// node is one JSON value.
type node struct {
	off  int  // byte offset of the value's first character
	kind byte // '{' object, '[' array, 's' string, 'n' number, 'b' boolean, '0' null
	str  string
	num  json.Number
	// An object's keys in order, with their values and key offsets; a
	// key given twice keeps its first value, and dups holds the offsets
	// of the others.
	keys   []string
	vals   []*node
	keyOff []int
	dups   []dup
	items  []*node // an array's values
}

// dup is a key given again in an object.
type dup struct {
	key string
	off int
}

// get returns the value of key in an object, or nil.
func (n *node) get(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// kindName words a value's kind for messages: "want text, got a number".
func (n *node) kindName() string {
	switch n.kind {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 's':
		return "text"
	case 'n':
		return "a number"
	case 'b':
		return "true or false"
	}
	return "null"
}

// reader turns a file's bytes into nodes.
type reader struct {
	data  []byte
	dec   *json.Decoder
	lines []int // offsets where lines start, for positions
}

func newReader(data []byte) *reader {
	r := &reader{data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			r.lines = append(r.lines, i+1)
		}
	}
	r.dec = json.NewDecoder(bytes.NewReader(data))
	r.dec.UseNumber()
	return r
}

// pos converts a byte offset to a line and a column counted in characters.
func (r *reader) pos(off int) advisory.Pos {
	off = min(max(off, 0), len(r.data))
	i := sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off }) - 1
	return advisory.Pos{Line: i + 1, Col: 1 + utf8.RuneCount(r.data[r.lines[i]:off])}
}

// next returns the offset where the next token starts: after white space
// and the separators the decoder has not consumed yet.
func (r *reader) next() int {
	off := int(r.dec.InputOffset())
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// errSyntax is a JSON syntax error at an offset.
type errSyntax struct {
	off int
	msg string
}

func (e *errSyntax) Error() string { return e.msg }

// syntax turns a decoder error into an errSyntax.
func (r *reader) syntax(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &errSyntax{int(se.Offset), "invalid JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &errSyntax{len(r.data), "truncated JSON: the file ends inside a value"}
	}
	return &errSyntax{int(r.dec.InputOffset()), "invalid JSON: " + err.Error()}
}

// maxDepth is how deeply values may nest. The catalog nests four deep
// (its object, the list, an entry, its cwes); the limit keeps a hostile
// file from exhausting the stack.
const maxDepth = 64

// value reads one value, depth levels down.
func (r *reader) value(depth int) (*node, error) {
	off := r.next()
	if depth > maxDepth {
		return nil, &errSyntax{off, fmt.Sprintf("values nested more than %d deep: not the catalog", maxDepth)}
	}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntax(err)
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = '{'
			for r.dec.More() {
				koff := r.next()
				ktok, err := r.dec.Token()
				if err != nil {
					return nil, r.syntax(err)
				}
				key, _ := ktok.(string) // the decoder accepts only strings as keys
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				if n.get(key) != nil {
					n.dups = append(n.dups, dup{key, koff})
					continue
				}
				n.keys, n.vals, n.keyOff = append(n.keys, key), append(n.vals, v), append(n.keyOff, koff)
			}
		case '[':
			n.kind = '['
			for r.dec.More() {
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
		}
		if _, err := r.dec.Token(); err != nil { // the closing delimiter
			return nil, r.syntax(err)
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.num = 'n', t
	case bool:
		n.kind = 'b'
	case nil:
		n.kind = '0'
	}
	return n, nil
}

// document reads the file's one value; anything after it is an error.
func (r *reader) document() (*node, error) {
	n, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if off := r.next(); off < len(r.data) {
		return nil, &errSyntax{off, "invalid JSON: more data after the catalog's object"}
	}
	return n, nil
}
