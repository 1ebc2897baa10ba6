// Package noticegen embeds the default templates and locale message files,
// which a user's --templates and --locales directories override per file
// and per message.
package noticegen

import (
	"embed"
	"io/fs"
)

//go:embed templates/*.tmpl templates/*.yaml
var templates embed.FS

//go:embed locales/*.yaml
var locales embed.FS

// Templates returns the embedded default templates, at the root of the FS.
func Templates() fs.FS { return sub(templates, "templates") }

// Locales returns the embedded default message files, at the root of the FS.
func Locales() fs.FS { return sub(locales, "locales") }

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a constant that exists in the embed
	}
	return s
}
