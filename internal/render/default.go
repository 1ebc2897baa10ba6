package render

import (
	"sync"

	"github.com/noticegen/noticegen"
	"github.com/noticegen/noticegen/internal/locale"
)

// Default returns the renderer over the embedded templates and messages
// alone, built once: what commands use without --templates or --locales,
// and what tests render with.
var Default = sync.OnceValues(func() (*Renderer, error) {
	cat, err := locale.Load(locale.Layer{Name: "locales", FS: noticegen.Locales()})
	if err != nil {
		return nil, err
	}
	return New(cat, locale.Layer{Name: "templates", FS: noticegen.Templates()})
})
