package format

import (
	"encoding/json"
	"io"

	"github.com/noticegen/noticegen/internal/render"
)

// JSONDraft is a draft as other tools read it: the draft's fields plus the
// SHA-256 of its content.
type JSONDraft struct {
	*render.Draft
	ContentHash string `json:"content_hash"`
}

// WriteJSON writes drafts as one indented JSON array.
func WriteJSON(w io.Writer, drafts []*render.Draft) error {
	out := make([]JSONDraft, len(drafts))
	for i, d := range drafts {
		out[i] = JSONDraft{Draft: d, ContentHash: d.Hash()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
