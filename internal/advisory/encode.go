package advisory

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Encoding says how Encode lays a record out beyond what the format fixes.
// The zero Encoding writes localized text in alphabetical locale order and
// no comments.
type Encoding struct {
	// Locales orders the locales of localized text; locales not listed
	// follow in alphabetical order.
	Locales []string
	// Header is written as a comment at the top of the file, one "# "
	// line per line of Header.
	Header string
	// Comments are line comments on top-level keys with a single value
	// ("priority": "from the CVSS score"); written on one line.
	Comments map[string]string
}

// Encode writes r as a record file in the layout of the zero Encoding.
func Encode(r *Record) ([]byte, error) { return Encoding{}.Encode(r) }

// Encode writes r as a record file: keys in the order of the field table
// (the order advisories/README.md documents), empty optional fields left
// out, lists of plain values on one line, text with line breaks as literal
// blocks, and a blank line before each section (title, summary, …,
// provenance). Decode reads back what it writes.
func (enc Encoding) Encode(r *Record) ([]byte, error) {
	w := &writer{locales: enc.Locales}
	root := w.node(reflect.ValueOf(r).Elem(), recordInfo())
	if root == nil {
		return nil, errors.New("advisory: empty record")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if c, ok := enc.Comments[k.Value]; ok && v.Kind == yaml.ScalarNode {
			v.LineComment = "# " + strings.Join(strings.Fields(c), " ")
		}
	}
	if enc.Header != "" {
		var hc []string
		for _, l := range strings.Split(enc.Header, "\n") {
			hc = append(hc, "# "+l)
		}
		root.Content[0].HeadComment = strings.Join(hc, "\n")
	}
	var buf bytes.Buffer
	ye := yaml.NewEncoder(&buf)
	ye.SetIndent(2)
	if err := ye.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := ye.Close(); err != nil {
		return nil, err
	}
	return spaceSections(buf.Bytes()), nil
}

// EncodeRevisions writes revisions as Encode writes the items of the
// record's revisions: key, indented for pasting under it.
func (enc Encoding) EncodeRevisions(revs []Revision) ([]byte, error) {
	w := &writer{locales: enc.Locales}
	n := w.node(reflect.ValueOf(revs), infoOf(reflect.TypeOf(revs)))
	if n == nil {
		return nil, errors.New("advisory: no revisions")
	}
	var buf bytes.Buffer
	ye := yaml.NewEncoder(&buf)
	ye.SetIndent(2)
	if err := ye.Encode(n); err != nil {
		return nil, err
	}
	if err := ye.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, l := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if len(l) > 0 {
			out.WriteString("  ")
			out.Write(l)
		}
	}
	return out.Bytes(), nil
}

// spaceSections puts a blank line before each top-level key the field
// table marks as a section. Top-level keys start in column 0, where no
// block text can (it is indented), so the insertion cannot land inside a
// value.
func spaceSections(b []byte) []byte {
	var sections [][]byte
	for _, f := range recordInfo().fields {
		if f.section {
			sections = append(sections, []byte(f.key+":"))
		}
	}
	var out bytes.Buffer
	for _, l := range bytes.SplitAfter(b, []byte("\n")) {
		for _, s := range sections {
			if bytes.HasPrefix(l, s) {
				out.WriteByte('\n')
				break
			}
		}
		out.Write(l)
	}
	return out.Bytes()
}

type writer struct {
	locales []string
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// node converts a value of the format; nil means "leave the key out".
func (w *writer) node(v reflect.Value, ti *typeInfo) *yaml.Node {
	switch ti.kind {
	case kindString:
		if v.String() == "" {
			return nil
		}
		return str(v.String())
	case kindScalar:
		if v.Kind() == reflect.String {
			// Priority, Category, Status…: text with a fixed set of values.
			if v.String() == "" {
				return nil
			}
			return str(v.String())
		}
		if v.IsZero() {
			return nil
		}
		b, _ := v.Interface().(interface{ MarshalText() ([]byte, error) }).MarshalText()
		return &yaml.Node{Kind: yaml.ScalarNode, Value: string(b)}
	case kindText:
		t, _ := v.Interface().(Text)
		if len(t) == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := t.Locales()
		slices.SortStableFunc(keys, func(a, b string) int { return w.rank(a) - w.rank(b) })
		for _, k := range keys {
			n.Content = append(n.Content, str(k), str(t[k]))
		}
		return n
	case kindList:
		if v.Len() == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if ti.elem.kind == kindString {
			n.Style = yaml.FlowStyle
		}
		for i := 0; i < v.Len(); i++ {
			c := w.node(v.Index(i), ti.elem)
			if c == nil {
				c = str("")
			}
			n.Content = append(n.Content, c)
		}
		return n
	case kindStruct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, f := range ti.fields {
			if c := w.node(v.Field(f.index), f.info); c != nil {
				n.Content = append(n.Content, str(f.key), c)
			}
		}
		if len(n.Content) == 0 {
			return nil
		}
		return n
	}
	panic("advisory: cannot write " + ti.typ.String())
}

func (w *writer) rank(l string) int {
	if i := slices.Index(w.locales, l); i >= 0 {
		return i
	}
	return len(w.locales)
}
