package format

import (
	"bytes"
	"sync"

	"github.com/noticegen/noticegen/internal/bufpool"
	"github.com/noticegen/noticegen/internal/render"
)

// Outputs is one draft in every format, as export writes it and as a
// review approval hashes it: the one definition of what the formats of a
// draft are, so that what is approved is what is exported.
type Outputs struct {
	Text     []byte // WriteText: the plain-text draft with its subject line
	TextBody []byte // the .eml text part: Text without the subject line
	Markdown []byte // WriteMarkdown
	HTML     []byte // the HTML document (Document around HTMLBody)
	HTMLBody []byte // its body fragment (Convert), for pages that embed drafts

	// The JSON (see JSON), written when first asked for: an export
	// without .json files never needs it.
	draft    render.Draft
	jsonOnce sync.Once
	json     []byte
}

// JSON returns WriteJSON of this draft alone, as it was when Outputs
// was called.
func (o *Outputs) JSON() []byte {
	o.jsonOnce.Do(func() {
		var b bytes.Buffer
		if err := WriteJSON(&b, []*render.Draft{&o.draft}); err != nil {
			panic(err) // strings and slices only, into memory
		}
		o.json = b.Bytes()
	})
	return o.json
}

// Outputs renders d in every format, wrapping its text and converting its
// Markdown once; the JSON is written when first asked for.
func (h *HTML) Outputs(d *render.Draft) (*Outputs, error) {
	o := &Outputs{}
	o.Text, o.TextBody = TextAndBody(d)
	// The HTML layout shows the banner and the TLP marking itself, so its
	// body is converted from the Markdown without them.
	plainMD := markdown(ForHTML(d), Width)
	o.Markdown = AddBanner(AddMarking(plainMD, d), d)
	var err error
	if o.HTMLBody, err = h.Convert(plainMD); err != nil {
		return nil, err
	}
	html := bytes.NewBuffer(bufpool.Get(len(o.HTMLBody) + 4<<10)) // the layout around the body
	if err := h.Document(html, d, o.HTMLBody); err != nil {
		return nil, err
	}
	o.HTML = html.Bytes()
	o.draft = *d
	return o, nil
}

// Release gives the memory of the HTML document and body back to bufpool
// (Outputs makes them there), for an owner done with o, as export is once
// the files are written: o.HTML, o.HTMLBody and every slice of them must
// not be used afterwards. Not calling it loses nothing.
func (o *Outputs) Release() {
	bufpool.Put(o.HTML)
	bufpool.Put(o.HTMLBody)
	o.HTML, o.HTMLBody = nil, nil
}
