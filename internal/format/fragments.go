package format

import "github.com/noticegen/noticegen/internal/memo"

// fragments keeps the finished form of the paragraphs that the drafts of
// a locale repeat word for word (the review banner, the disclaimer, a TLP
// marking line), so that a batch makes each of them once rather than once
// a draft: wrapped for plain text and Markdown, escaped and phrase-joined
// for HTML (htmlBanner, whose width is 0). The result is a function of
// the text, the width and the kind, which make the key, so a kept
// fragment is what making it again would write. It holds at most
// maxFragments: past that (a disclosure names its reviewers and dates,
// which change from record to record) a fragment is made every time.
var fragments = memo.New[fragmentKey, string](maxFragments)

const maxFragments = 256

// The formats of fragmentKey.kind.
const (
	textHead   byte = iota // plain text: banner and notice, TextAndBody's head
	mdNotice               // Markdown: the notice's blockquote
	mdBanner               // Markdown: the banner paragraph (addBanner)
	mdMarking              // Markdown: the marking paragraph (addMarking)
	htmlBanner             // HTML: the banner, escaped, its last phrase joined
)

type fragmentKey struct {
	kind  byte
	width int
	a, b  string
}

// fragment returns the fragment of k, wrapped by wrap the first time.
func fragment(k fragmentKey, wrap func() string) string {
	s, _ := fragments.Do(k, func() (string, error) { return wrap(), nil })
	return s
}
