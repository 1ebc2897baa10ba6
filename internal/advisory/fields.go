package advisory

import (
	"encoding"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The field table: what the record format is, read once per Go type from
// the struct tags of record.go and status.go. Decode, Encode, the JSON
// Schema, validation and EachText all follow it; nothing else reads the
// tags.
//
// The tags:
//
//	yaml:"key"       the YAML key (fields without one are not part of the format)
//	req:"true"       the key is required
//	doc:"…"          the description shown in editors (the schema's)
//	single:"true"    localized text that must be one line (subjects)
//	pattern:"name"   values match a shape of patterns.go (id, cve, rank, sha256, rule)
//	minItems:"n"     a list needs at least n items; item:"noun" names one in messages
//	maxLength:"n"    the longest value (schema only; a pattern may bring its own)
//	check:"kind"     how validation checks a text value: name (one line, not
//	                 empty), line (one line), url (http or https), language
//	                 (BCP 47), version (one line, a version or vers: range)
//	section:"true"   a top-level key Encode writes after a blank line

// kind is how a value is written in YAML.
type kind int

const (
	kindString kind = iota // text written once
	kindScalar             // one scalar with its own syntax: Date, Priority, Deadline…
	kindText               // Text: a mapping from locale to text
	kindList               // a sequence
	kindStruct             // a mapping of fields
)

// typeInfo describes one Go type of the format.
type typeInfo struct {
	typ    reflect.Type
	kind   kind
	elem   *typeInfo // kindList: the items
	fields []*field  // kindStruct: in declaration order, which is the written order
	byKey  map[string]*field
	keys   []string
	// hasText: values of the type can hold localized text (EachText
	// descends into them).
	hasText bool
	// short: a struct that may also be written as one scalar (shorthand).
	short bool
}

// field is one key of a struct type.
type field struct {
	name      string // Go name, for panics
	index     int    // of the Go struct field
	seq       int    // of the field in its typeInfo's fields
	key       string
	info      *typeInfo
	required  bool
	single    bool
	section   bool
	doc       string
	pattern   string // a key of shapes
	minItems  int
	maxLength int
	item      string
	check     string
}

var (
	scalarType    = reflect.TypeOf((*scalar)(nil)).Elem()
	textType      = reflect.TypeOf(Text(nil))
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	shortType     = reflect.TypeOf((*shorthand)(nil)).Elem()

	tablesMu sync.Mutex
	tables   = map[reflect.Type]*typeInfo{}
)

// infoOf returns the table of t, building it on first use.
func infoOf(t reflect.Type) *typeInfo {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	return buildInfo(t)
}

var checks = map[string]bool{"": true, "name": true, "line": true, "url": true, "language": true, "version": true}

func buildInfo(t reflect.Type) *typeInfo {
	if ti, ok := tables[t]; ok {
		return ti
	}
	ti := &typeInfo{typ: t}
	switch {
	case reflect.PointerTo(t).Implements(scalarType):
		if !t.Implements(textMarshaler) && t.Kind() != reflect.String {
			panic("advisory: scalar type " + t.String() + " cannot be written: give it a MarshalText method")
		}
		ti.kind = kindScalar
	case t == textType:
		ti.kind, ti.hasText = kindText, true
	case t.Kind() == reflect.String:
		ti.kind = kindString
	case t.Kind() == reflect.Slice:
		ti.kind = kindList
		ti.elem = buildInfo(t.Elem())
		ti.hasText = ti.elem.hasText
	case t.Kind() == reflect.Struct:
		ti.kind = kindStruct
		ti.short = reflect.PointerTo(t).Implements(shortType)
		ti.byKey = map[string]*field{}
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			key, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if key == "" || key == "-" || !sf.IsExported() {
				continue
			}
			f := &field{
				name:     t.String() + "." + sf.Name,
				index:    i,
				seq:      len(ti.fields),
				key:      key,
				info:     buildInfo(sf.Type),
				required: sf.Tag.Get("req") == "true",
				single:   sf.Tag.Get("single") == "true",
				section:  sf.Tag.Get("section") == "true",
				doc:      sf.Tag.Get("doc"),
				pattern:  sf.Tag.Get("pattern"),
				item:     sf.Tag.Get("item"),
				check:    sf.Tag.Get("check"),
			}
			f.minItems = intTag(sf, "minItems")
			f.maxLength = intTag(sf, "maxLength")
			if f.pattern != "" {
				sh, ok := shapes[f.pattern]
				if !ok {
					panic("advisory: unknown pattern " + strconv.Quote(f.pattern) + " on " + f.name)
				}
				if f.maxLength == 0 {
					f.maxLength = sh.maxLength
				}
			}
			if !checks[f.check] {
				panic("advisory: unknown check " + strconv.Quote(f.check) + " on " + f.name)
			}
			if f.minItems > 0 && f.item == "" {
				panic("advisory: minItems without item on " + f.name)
			}
			if _, dup := ti.byKey[key]; dup {
				panic("advisory: key " + key + " twice in " + t.String())
			}
			ti.fields = append(ti.fields, f)
			ti.byKey[key] = f
			ti.keys = append(ti.keys, key)
			ti.hasText = ti.hasText || f.info.hasText
		}
	default:
		panic("advisory: unsupported record field type " + t.String())
	}
	tables[t] = ti
	return ti
}

func intTag(sf reflect.StructField, name string) int {
	v := sf.Tag.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		panic("advisory: bad " + name + " tag on " + sf.Name)
	}
	return n
}

// recordInfo is the table of Record.
var recordInfo = sync.OnceValue(func() *typeInfo { return infoOf(reflect.TypeOf(Record{})) })

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// indexPath is the path of item i of the list at path: "actions[1]".
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
