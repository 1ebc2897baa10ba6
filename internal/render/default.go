package render

import (
	"sync"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/locale"
)

// The layers of the embedded message files and templates: the lowest
// layer of every catalog and renderer, which a user's directories override.
var (
	EmbeddedLocales   = locale.Layer{Name: "locales", FS: noticegen.Locales()}
	EmbeddedTemplates = locale.Layer{Name: "templates", FS: noticegen.Templates()}
)

// NewLayered builds a renderer over the embedded files with the given
// message and template layers on top, lowest first.
func NewLayered(locales, templates []locale.Layer) (*Renderer, error) {
	cat, err := locale.Load(append([]locale.Layer{EmbeddedLocales}, locales...)...)
	if err != nil {
		return nil, err
	}
	return New(cat, append([]locale.Layer{EmbeddedTemplates}, templates...)...)
}

// Default returns the renderer over the embedded templates and messages
// alone, built once: what commands use without --templates or --locales,
// and what tests render with.
var Default = sync.OnceValues(func() (*Renderer, error) { return NewLayered(nil, nil) })
