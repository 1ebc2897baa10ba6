package importer

import (
	"fmt"
	"sync"
	"time"

	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

// msg is a sentence the importer writes: a message of the locale files
// ("import.<id>") and its data, worded per locale when the record is
// built. Data values of type names, ver and vers are worded per locale
// too (lists joined with the locale's separator, versions said as words);
// a value of type lt is taken in each locale.
type msg struct {
	id   string
	data map[string]any
}

// names is a list of names for a message, at most max shown (0: all).
type names struct {
	items []string
	max   int
}

// ver is a version (or vers: range) for a message, worded per locale.
type ver string

// vers is a list of versions, each worded, joined per locale.
type vers []string

// dateArg is a date for a message, worded per locale (date.long).
type dateArg time.Time

func say(id string, kv ...any) *msg {
	m := &msg{id: id, data: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		m.data[kv[i].(string)] = kv[i+1]
	}
	return m
}

var (
	defaultCatalogOnce sync.Once
	defaultCatalog     *locale.Catalog
	defaultCatalogErr  error
)

// embeddedCatalog is the catalog of the embedded locale files.
func embeddedCatalog() (*locale.Catalog, error) {
	defaultCatalogOnce.Do(func() {
		defaultCatalog, defaultCatalogErr = locale.Load(render.EmbeddedLocales)
	})
	return defaultCatalog, defaultCatalogErr
}

// word words m in loc, or reports why it cannot (a locale without the
// message is an error the caller handles).
func (b *builder) word(loc string, m *msg) (string, error) {
	cat := b.o.Catalog
	data := make(map[string]any, len(m.data))
	for k, v := range m.data {
		switch x := v.(type) {
		case names:
			s, err := cat.List(loc, x.items, x.max)
			if err != nil {
				return "", err
			}
			data[k] = s
		case ver:
			s, err := cat.Version(loc, string(x))
			if err != nil {
				return "", err
			}
			data[k] = s
		case vers:
			var ws []string
			for _, v := range x {
				s, err := cat.Version(loc, v)
				if err != nil {
					return "", err
				}
				ws = append(ws, s)
			}
			s, err := cat.List(loc, ws, 0)
			if err != nil {
				return "", err
			}
			data[k] = s
		case dateArg:
			s, err := cat.Date(loc, time.Time(x))
			if err != nil {
				return "", err
			}
			data[k] = s
		case *msg:
			s, err := b.word(loc, x)
			if err != nil {
				return "", err
			}
			data[k] = s
		case msgList:
			var ws []string
			for _, e := range x {
				m, _ := e.(*msg)
				if m == nil {
					continue
				}
				w, err := b.word(loc, m)
				if err != nil {
					return "", err
				}
				ws = append(ws, w)
			}
			s, err := cat.List(loc, ws, 0)
			if err != nil {
				return "", err
			}
			data[k] = s
		case lt:
			data[k] = x[loc]
		default:
			data[k] = v
		}
	}
	return cat.T(loc, "import."+m.id, data)
}

// say words m in every locale of the import: an lt for gen. A locale the
// catalog has no messages for is left out (gen marks it for translation
// with the source locale's wording).
func (b *builder) say(m *msg) lt {
	out := lt{}
	locs := append([]string{b.textLoc, "en"}, b.o.Locales...)
	for _, loc := range locs {
		if _, done := out[loc]; done || !b.hasLocale(loc) {
			continue
		}
		s, err := b.word(loc, m)
		if err != nil {
			if b.err == nil {
				b.err = fmt.Errorf("message import.%s in %s: %w", m.id, loc, err)
			}
			continue
		}
		out[loc] = s
	}
	return out
}

func (b *builder) hasLocale(loc string) bool {
	for _, l := range b.o.Catalog.Locales() {
		if l == loc {
			return true
		}
	}
	return false
}

// sayIn words m in one locale (for text in the source's locale).
func (b *builder) sayIn(loc string, m *msg) string {
	if !b.hasLocale(loc) {
		loc = "en"
	}
	s, err := b.word(loc, m)
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("message import.%s in %s: %w", m.id, loc, err)
	}
	return s
}

// list joins names for generated text in loc.
func (b *builder) list(loc string, items []string, max int) string {
	if !b.hasLocale(loc) {
		loc = "en"
	}
	s, err := b.o.Catalog.List(loc, items, max)
	if err != nil && b.err == nil {
		b.err = err
	}
	return s
}
