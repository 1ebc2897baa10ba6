package advisory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest record file accepted, in bytes. Real records are a
// few kilobytes; anything near this limit is a mistake or an attack, and is
// refused before it is read into memory.
const MaxSize = 1 << 20

// Load reads and decodes the record file at path. On failure the error is
// an ErrorList naming every problem in the file with its position.
func Load(path string) (*Record, error) {
	data, err := Read(path)
	if err != nil {
		return nil, err
	}
	return Decode(path, data)
}

// Read reads a record file, refusing one larger than MaxSize before
// reading it into memory. Errors are ErrorLists naming the file.
func Read(path string) ([]byte, error) {
	f, err := openRecord(path)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: openMessage(err)}}
	}
	defer f.Close()
	regular, fsize, err := f.stat()
	if err == nil && !regular {
		return nil, ErrorList{{File: path, Msg: "not a regular file"}}
	}
	if err == nil && fsize > MaxSize {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("file is %d bytes; a record may be at most %d bytes", fsize, MaxSize)}}
	}
	// Stat can be wrong (pipes, special files, a file still growing):
	// never read past the limit. A buffer of the size Stat gives, and one
	// byte more to see the end, reads a record in two calls instead of
	// io.ReadAll's doubling from 512 bytes.
	size := int64(512)
	if err == nil && fsize >= 0 {
		size = fsize + 1
	}
	data, err := readUpTo(f, min(size, MaxSize+1), MaxSize+1)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: err.Error()}}
	}
	if len(data) > MaxSize {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("file is larger than %d bytes, the limit for a record", MaxSize)}}
	}
	return data, nil
}

// readUpTo reads r to its end, or to limit bytes, starting with a buffer
// of size bytes.
func readUpTo(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, size)
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit-int64(cap(buf)))))
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

func openMessage(err error) string { return BareError(err).Error() }

// BareError strips the operation and path from a file-system error
// (fs.PathError), for messages that name the file themselves: "x.yaml: no
// such file or directory", not "x.yaml: open x.yaml: no such file…".
func BareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Decode decodes and validates a record from data; file is used in error
// messages only. It reports all problems it can find in one pass.
func Decode(file string, data []byte) (*Record, error) {
	e := &errs{file: file}
	root := parseDoc(e, data, "record")
	if root == nil {
		return nil, e.list.Err()
	}
	// A record has a position for each of its values, about a hundred.
	r := &Record{File: file, Positions: make(map[string]Pos, 128)}
	d := &decoder{errs: e, pos: r.Positions, what: "record"}
	d.value(root, reflect.ValueOf(r).Elem(), recordInfo(), "")
	// Validate what decoded cleanly even when other fields did not, so a
	// user sees every problem of the file at once.
	validate(r, e)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// DecodeStrict decodes a settings file other than a record (such as the
// mail configuration) into v, a pointer to a struct of the kinds records
// use (text, lists, nested structs with yaml and req tags), as strictly as
// a record: unknown, duplicate and missing required keys, wrong types,
// aliases and invalid UTF-8 are all reported at once as an ErrorList
// located in file. what names the file's kind in messages ("mail
// settings"). It returns the position of every field it decoded, by dotted
// path.
func DecodeStrict(file string, data []byte, what string, v any) (map[string]Pos, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("advisory.DecodeStrict: want a pointer to a struct")
	}
	e := &errs{file: file}
	pos := map[string]Pos{}
	root := parseDoc(e, data, what)
	if root == nil {
		return pos, e.list.Err()
	}
	d := &decoder{errs: e, pos: pos, what: what}
	d.value(root, rv.Elem(), infoOf(rv.Elem().Type()), "")
	return pos, e.list.Err()
}

// plural names files of a kind in a message: "records", "mail settings
// files".
func plural(what string) string {
	if what == "record" {
		return "records"
	}
	return what + " files"
}

// parseDoc reads the one YAML document of a file and returns its root
// node, or nil after adding the reason to e. what names the file's kind.
func parseDoc(e *errs, data []byte, what string) *yaml.Node {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		off := InvalidUTF8(data)
		e.add(OffsetPos(data, off), "", "invalid UTF-8 (byte 0x%02x); %s must be UTF-8 text", data[off], plural(what))
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			e.add(Pos{}, "", "empty %s: the file holds no YAML document", what)
			return nil
		}
		e.list = append(e.list, yamlError(e.file, data, err))
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		e.list = append(e.list, yamlError(e.file, data, err))
		return nil
	case !isEmptyDoc(&extra):
		e.add(Pos{extra.Line, extra.Column}, "", "a %s file holds exactly one YAML document; found another", what)
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		e.add(Pos{doc.Line, doc.Column}, "", "empty %s: the document has no fields", what)
		return nil
	}
	return doc.Content[0]
}

// decoder walks a YAML node tree into a Record following the field table
// (fields.go), the same table the schema generator and Encode read.
type decoder struct {
	*errs
	pos  map[string]Pos
	what string // the kind of file, for messages: "record"
}

func nodePos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!int":
		return "a number"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!timestamp":
		return "a date"
	case "!!null":
		return "nothing"
	}
	return "text"
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, ti *typeInfo, path string) {
	d.pos[path] = nodePos(n)
	if n.Kind == yaml.AliasNode {
		d.add(nodePos(n), path, "YAML aliases are not allowed in %s", plural(d.what))
		return
	}
	switch ti.kind {
	case kindScalar:
		if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
			d.add(nodePos(n), path, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(scalar).parse(strings.TrimSpace(n.Value)); err != nil {
			d.add(nodePos(n), path, "%v", err)
		}
	case kindString:
		if s, ok := d.str(n, path); ok {
			v.SetString(s)
		}
	case kindList:
		if n.Kind != yaml.SequenceNode {
			d.add(nodePos(n), path, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), ti.elem, indexPath(path, i))
		}
		v.Set(s)
	case kindText:
		d.text(n, v, path)
	case kindStruct:
		if ti.short && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
			if err := v.Addr().Interface().(shorthand).parseShort(strings.TrimSpace(n.Value)); err != nil {
				d.add(nodePos(n), path, "%v", err)
			}
			return
		}
		d.fields(n, v, ti, path)
	}
}

// str decodes text written once.
func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		d.add(nodePos(n), path, "want text, got %s%s", kindName(n), quoteHint(n))
		return "", false
	}
	return strings.TrimRight(n.Value, " \t\r\n"), true
}

func quoteHint(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		return fmt.Sprintf(" %s (put it in quotes to make it text)", n.Value)
	}
	return ""
}

// text decodes a Text: a mapping from locale tag to text.
func (d *decoder) text(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.add(nodePos(n), path, "want text per locale (a mapping such as {ja: …, en: …}), got %s", kindName(n))
		return
	}
	t := make(Text, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || !ValidLocale(k.Value) {
			d.add(nodePos(k), path, "%q is not a locale tag (want e.g. ja, en, zh-TW)", k.Value)
			continue
		}
		sub := path + "." + k.Value
		if _, dup := t[k.Value]; dup {
			d.add(nodePos(k), path, "locale %q given twice", k.Value)
			continue
		}
		// As value decodes a string.
		d.pos[sub] = nodePos(val)
		if val.Kind == yaml.AliasNode {
			d.add(nodePos(val), sub, "YAML aliases are not allowed in %s", plural(d.what))
			t[k.Value] = ""
			continue
		}
		s, _ := d.str(val, sub)
		t[k.Value] = s
	}
	v.Set(reflect.ValueOf(t))
}

// fields decodes a mapping into a struct, rejecting unknown and duplicate
// keys and reporting missing required ones.
func (d *decoder) fields(n *yaml.Node, v reflect.Value, ti *typeInfo, path string) {
	if n.Kind != yaml.MappingNode {
		d.add(nodePos(n), path, "want a mapping of fields, got %s", kindName(n))
		return
	}
	seen := make([]bool, len(ti.fields)) // by field.seq
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		f, ok := ti.byKey[name]
		if !ok || k.Kind != yaml.ScalarNode {
			msg := fmt.Sprintf("unknown field %q", name)
			if s := suggest(name, ti.keys); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.add(nodePos(k), path, "%s", msg)
			continue
		}
		if seen[f.seq] {
			d.add(nodePos(k), path, "field %q given twice", name)
			continue
		}
		seen[f.seq] = true
		sub := joinPath(path, name)
		if val.ShortTag() == "!!null" && val.Kind == yaml.ScalarNode {
			// An optional key left empty counts as absent.
			if f.required {
				d.pos[sub] = nodePos(val)
				d.add(nodePos(val), sub, "is empty")
			}
			continue
		}
		d.value(val, v.Field(f.index), f.info, sub)
	}
	for _, f := range ti.fields {
		if f.required && !seen[f.seq] {
			d.add(nodePos(n), path, "missing required field %q", f.key)
		}
	}
}

// suggest returns the known key closest to a misspelt one, if any is close.
func suggest(key string, known []string) string {
	best, bestD := "", min(3, len([]rune(key))/2+1)
	for _, k := range known {
		if dist := editDistance(strings.ToLower(key), k); dist < bestD {
			best, bestD = k, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
