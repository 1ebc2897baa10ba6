package format

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// direct converts the Markdown the Markdown writer writes to the HTML
// that HTML's goldmark makes of it, without building goldmark's syntax
// tree: it knows the few shapes the writer writes (ATX headings, the
// disclaimer's block quote, paragraphs with soft and hard line breaks,
// tight and loose lists of "- " and "1. " items, fenced code blocks, and
// inline escapes, code spans, autolinks and "**Label:**" labels) and
// reports false for anything else, which Convert then gives to goldmark.
// It also does what Convert's steps after goldmark do, as it writes: the
// URL breaks of link text (breakURLs) and the joined last phrase of each
// paragraph, list item and heading (keepLastPhrases), with their code.
// The text itself is written by goldmark's own writer (mdText:
// backslash escapes, character references, HTML escaping) and URLs by
// its own escaping; what direct decides is only where each element and
// line break goes. TestDirectHTML and FuzzDirectHTML hold it to goldmark
// byte for byte; goldmark v1.8.7's rules it follows are cited at each
// place.
type direct struct {
	tags     styledTags // the block elements' and strong's style attributes
	aAttrs   string     // a link's attributes after its href
	codeOpen string     // a code span's opening tag
	preOpen  string     // a code block's opening tags
}

func newDirect(styles map[string]string) *direct {
	d := &direct{tags: newStyledTags(styles)}
	// The styler's attributes, rendered as html.RenderAttributes renders
	// them: a link's style; a code span's class, then its style.
	attr := func(name, value string) string {
		return " " + name + `="` + string(util.EscapeHTML([]byte(value))) + `"`
	}
	if st := styles["a"]; st != "" {
		d.aAttrs = attr("style", st)
	}
	d.codeOpen = "<code" + attr("class", "ng-code")
	if st := styles["code"]; st != "" {
		d.codeOpen += attr("style", st)
	}
	d.codeOpen += ">"
	// As codeBlocks writes it.
	var pre bytes.Buffer
	pre.WriteString(`<pre class="ng-code"`)
	if st := styles["pre"]; st != "" {
		pre.WriteString(` style="`)
		html.DefaultWriter.RawWrite(bufWriter{&pre}, []byte(st))
		pre.WriteByte('"')
	}
	pre.WriteString("><code>")
	d.preOpen = pre.String()
	return d
}

// directState is one conversion: the output and the lines of the input.
type directState struct {
	d     *direct
	b     *bytes.Buffer
	w     bufWriter
	lines [][]byte
	// items, kids and content hold a list's parts while it is read, and
	// content a block quote's lines.
	items   []directItem
	kids    []directChild
	content [][]byte
	scratch []byte // a link's text while its URL breaks are added
}

// directItem is a list item: its children, and what makes its list
// loose.
type directItem struct {
	from, to     int  // its children: s.kids[from:to]
	blankBefore  bool // a blank line came before the item
	loosenedKids bool // a child after the first came after a blank line
}

// directChild is a block in a list item.
type directChild struct {
	code  bool     // a fenced code block, else a paragraph
	lines [][]byte // its lines, without the item's indentation
	blank bool     // a blank line came before it
}

// mdText writes text as goldmark's renderer does with the CJK
// extension: an escaped space ("\\ ") is not written.
var mdText = html.NewWriter(html.WithEscapedSpace())

var directPool = sync.Pool{New: func() any { return new(directState) }}

// convert writes the HTML of md to b and reports whether it could; when
// it could not, what it wrote must be dropped.
func (d *direct) convert(b *bytes.Buffer, md []byte) bool {
	if len(md) == 0 || md[len(md)-1] != '\n' {
		return false
	}
	for _, c := range md {
		// Control characters and tabs (goldmark's tab stops, NUL's
		// U+FFFD) are goldmark's to handle.
		if c < 0x20 && c != '\n' {
			return false
		}
	}
	s := directPool.Get().(*directState)
	defer func() {
		// Nothing of md or b is kept: list and quote reslice kids and
		// content to [:0] as they go, so entries past the length may
		// still point into md; clear up to the capacity.
		clear(s.lines[:cap(s.lines)])
		clear(s.kids[:cap(s.kids)])
		clear(s.content[:cap(s.content)])
		s.lines, s.b, s.w, s.items, s.kids, s.content = s.lines[:0], nil, bufWriter{}, s.items[:0], s.kids[:0], s.content[:0]
		directPool.Put(s)
	}()
	s.d, s.b, s.w = d, b, bufWriter{b}
	for l := range bytes.SplitSeq(md[:len(md)-1], []byte("\n")) {
		s.lines = append(s.lines, l)
	}
	return s.blocks(s.lines)
}

// blank reports whether l is a blank line: spaces only (util.IsBlank;
// no tabs reach here).
func blank(l []byte) bool {
	for _, c := range l {
		if c != ' ' {
			return false
		}
	}
	return true
}

// blocks writes the top-level blocks of lines.
func (s *directState) blocks(lines [][]byte) bool {
	for i := 0; i < len(lines); {
		l := lines[i]
		var n int
		switch {
		case blank(l):
			i++
			continue
		case l[0] == '#':
			if !s.heading(l) {
				return false
			}
			n = 1
		case l[0] == '>':
			n = s.quote(lines[i:])
		case fenceOpen(l):
			n = s.fence(lines[i:])
		case itemMark(l) > 0:
			n = s.list(lines[i:])
		default:
			n = s.paragraph(lines[i:])
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// blockStart reports whether a line whose text is l (indentation
// removed) could be anything but the first or a further line of a
// paragraph: a heading, quote, list item, thematic break, setext
// underline, code fence or GFM table delimiter row (which makes the line
// before it a table's header); or text with indentation of its own. It
// errs on the side of true. A "**" that opens a label is a paragraph's;
// "<" starts no block here (newParser has no HTML blocks).
func blockStart(l []byte) bool {
	if len(l) == 0 {
		return false
	}
	switch c := l[0]; c {
	case ' ', '#', '>', '-', '+', '=', '_', '~', '[':
		return true
	case '*':
		return len(l) < 3 || l[1] != '*' || l[2] == '*' || l[2] == ' '
	case '`':
		return len(l) > 1 && l[1] == '`'
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	// An ordered list marker: digits, "." or ")", a space or the end.
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') && (i+1 == len(l) || l[i+1] == ' ') {
		return true
	}
	// A delimiter row (extension/table.go isTableDelim): "-", ":", "|"
	// and spaces only.
	for _, c := range l {
		if c != '-' && c != ':' && c != '|' && c != ' ' {
			return false
		}
	}
	return true
}

// heading writes an ATX heading: "#" to "######", a space, the text.
// A closing sequence of "#" is left to goldmark, as is an empty heading.
func (s *directState) heading(l []byte) bool {
	level := 0
	for level < len(l) && l[level] == '#' {
		level++
	}
	if level > 6 || level == len(l) || l[level] != ' ' {
		return false
	}
	text := bytes.Trim(l[level:], " ")
	if len(text) == 0 || text[len(text)-1] == '#' {
		return false
	}
	tag := headingTags[level-1]
	s.open(tag, "")
	if !s.inline([][]byte{text}) {
		return false
	}
	s.closeBlock(tag, "\n")
	return true
}

// quote writes a block quote of paragraphs, every line of it starting
// with ">", and returns the number of lines read (0: not one it writes).
// The line after it must be blank: another would be a lazy continuation.
func (s *directState) quote(lines [][]byte) int {
	n := 0
	for n < len(lines) && len(lines[n]) > 0 && lines[n][0] == '>' {
		n++
	}
	if n < len(lines) && !blank(lines[n]) {
		return 0
	}
	// The text of each line: after ">" and one optional space.
	s.content = s.content[:0]
	for _, l := range lines[:n] {
		l = l[1:]
		if len(l) > 0 && l[0] == ' ' {
			l = l[1:]
		}
		s.content = append(s.content, l)
	}
	content := s.content
	// With attributes goldmark ends the tag without a newline
	// (styledTags).
	s.b.WriteString(`<blockquote class="ng-note"`)
	s.b.WriteString(s.d.tags["blockquote"])
	s.b.WriteByte('>')
	wrote := false
	for i := 0; i < n; {
		if blank(content[i]) {
			i++
			continue
		}
		j := i
		for j < n && !blank(content[j]) {
			if blockStart(content[j]) {
				return 0
			}
			j++
		}
		if !s.para(content[i:j]) {
			return 0
		}
		wrote = true
		i = j
	}
	if !wrote {
		return 0
	}
	s.b.WriteString("</blockquote>\n")
	return n
}

// labelStart reports whether l starts with the "**" of a label.
func labelStart(l []byte) bool {
	return len(l) > 2 && l[0] == '*' && l[1] == '*' && l[2] != '*' && l[2] != ' '
}

// paragraph writes the paragraph that starts lines, up to a blank line,
// and returns the number of lines read (0: not one it writes).
func (s *directState) paragraph(lines [][]byte) int {
	n := 0
	for n < len(lines) && !blank(lines[n]) {
		if blockStart(lines[n]) {
			return 0
		}
		n++
	}
	if !s.para(lines[:n]) {
		return 0
	}
	return n
}

// para writes a paragraph of lines in <p>.
func (s *directState) para(lines [][]byte) bool {
	s.open("p", "")
	if !s.inline(lines) {
		return false
	}
	s.closeBlock("p", "\n")
	return true
}

// fenceOpen reports whether l opens a fenced code block as the writer
// writes one: three backticks and an info string without backticks.
func fenceOpen(l []byte) bool {
	return len(l) >= 3 && l[0] == '`' && l[1] == '`' && l[2] == '`' && bytes.IndexByte(l[3:], '`') < 0
}

// fence writes the fenced code block that starts lines and returns the
// number of lines read, closing fence included (0: not one it writes).
func (s *directState) fence(lines [][]byte) int {
	end := fenceEnd(lines)
	if end < 0 {
		return 0
	}
	s.code(lines[1:end])
	return end + 1
}

// fenceEnd returns the index of the line of lines (lines[0] opens the
// block) that closes it: "```" alone, as the writer writes it. It is -1
// if none does, or a line before it is blank or one goldmark might read
// otherwise.
func fenceEnd(lines [][]byte) int {
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		switch {
		case string(l) == "```":
			return i
		case blank(l), l[0] == ' ', bytes.HasPrefix(l, []byte("```")):
			return -1
		}
	}
	return -1
}

// code writes a code block of lines as codeBlocks does.
func (s *directState) code(lines [][]byte) {
	s.b.WriteString(s.d.preOpen)
	for _, l := range lines {
		html.DefaultWriter.RawWrite(s.w, l)
		s.b.WriteByte('\n')
	}
	s.b.WriteString("</code></pre>\n")
}

// itemMark returns the length of the list item marker that l starts
// with, its space included: "- ", or digits and ". " ("1. ", "12. ").
// It is 0 for none, and for an item marker the writer does not write.
func itemMark(l []byte) int {
	if len(l) >= 2 && l[0] == '-' && l[1] == ' ' {
		return 2
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 || i+1 >= len(l) || l[i] != '.' || l[i+1] != ' ' {
		return 0
	}
	return i + 2
}

// ordered reports whether the list item marker of l is a number.
func ordered(l []byte) bool { return l[0] != '-' }

// indented reports whether l is indented by at least w spaces.
func indented(l []byte, w int) bool {
	return len(l) >= w && blank(l[:w])
}

// list writes the list whose first item starts lines and returns the
// number of lines read (0: not one it writes). Its items are the lines
// that start with a marker of the same kind, each followed by the lines
// indented to its content (blank lines between them); it ends at a line
// after a blank one that is neither. An ordered list must start at 1.
func (s *directState) list(lines [][]byte) int {
	ord := ordered(lines[0])
	if ord && (lines[0][0] != '1' || lines[0][1] != '.') {
		return 0 // start="…" is left to goldmark
	}
	s.items, s.kids, s.content = s.items[:0], s.kids[:0], s.content[:0]
	i := 0
	blankBefore := false
	for {
		w := itemMark(lines[i])
		text := lines[i][w:]
		if len(text) == 0 || text[0] == ' ' {
			return 0 // an empty item, or content further in
		}
		// The item's lines without its indentation; nil for a blank.
		// They are appended to s.content, which the children's lines
		// of the items before still refer to: only appended to.
		from := len(s.content)
		s.content = append(s.content, text)
		i++
		next, nextBlank := false, false
		for i < len(lines) {
			l := lines[i]
			if !blank(l) {
				if indented(l, w) {
					s.content = append(s.content, l[w:])
					i++
					continue
				}
				if itemMark(l) > 0 && ordered(l) == ord {
					next = true
					break
				}
				return 0 // a lazy continuation line, or another block
			}
			// Blank lines: the item goes on if the next line is
			// indented to its content; the next item follows if it
			// starts one; else the list ends before them.
			j := i
			for j < len(lines) && blank(lines[j]) {
				j++
			}
			if j < len(lines) && indented(lines[j], w) {
				for ; i < j; i++ {
					s.content = append(s.content, nil)
				}
				continue
			}
			if j < len(lines) && itemMark(lines[j]) > 0 && ordered(lines[j]) == ord {
				i, next, nextBlank = j, true, true
			}
			break
		}
		item := directItem{blankBefore: blankBefore, from: len(s.kids)}
		if !s.itemKids(s.content[from:], &item) {
			return 0
		}
		item.to = len(s.kids)
		s.items = append(s.items, item)
		if !next {
			break
		}
		blankBefore = nextBlank
	}
	// parser/list.go Close: loose when an item after the first, or a
	// child after an item's first, comes after a blank line.
	tight := true
	for _, it := range s.items {
		if it.blankBefore || it.loosenedKids {
			tight = false
		}
	}
	tag := "ul"
	if ord {
		tag = "ol"
	}
	s.open(tag, "\n")
	for _, it := range s.items {
		kids := s.kids[it.from:it.to]
		s.open("li", "")
		if !tight || kids[0].code {
			// styledTags: a newline unless the first child is a
			// paragraph of a tight list (a TextBlock).
			s.b.WriteByte('\n')
		}
		for c, kid := range kids {
			switch {
			case kid.code:
				s.code(kid.lines)
			case tight:
				if !s.inline(kid.lines) {
					return 0
				}
				if c+1 < len(kids) {
					s.b.WriteByte('\n') // renderTextBlock
				}
			default:
				if !s.para(kid.lines) {
					return 0
				}
			}
		}
		s.closeBlock("li", "\n")
	}
	s.close(tag)
	return i
}

// itemKids reads the children of an item from its lines (nil for a
// blank line): paragraphs and fenced code blocks, appended to s.kids.
func (s *directState) itemKids(content [][]byte, item *directItem) bool {
	first := true
	blankSeen := false
	for k := 0; k < len(content); {
		l := content[k]
		if l == nil || blank(l) {
			blankSeen = true
			k++
			continue
		}
		kid := directChild{blank: blankSeen}
		if fenceOpen(l) {
			end := fenceEnd(content[k:])
			if end < 0 {
				return false
			}
			kid.code, kid.lines = true, content[k+1:k+end]
			k += end + 1
		} else {
			j := k
			for j < len(content) && content[j] != nil && !blank(content[j]) {
				if blockStart(content[j]) {
					return false
				}
				j++
			}
			kid.lines = content[k:j]
			k = j
		}
		if !first && kid.blank {
			item.loosenedKids = true
		}
		first, blankSeen = false, false
		s.kids = append(s.kids, kid)
	}
	return !first
}

// open writes the opening tag of el with its style, then after.
func (s *directState) open(el, after string) {
	s.b.WriteByte('<')
	s.b.WriteString(el)
	s.b.WriteString(s.d.tags[el])
	s.b.WriteByte('>')
	s.b.WriteString(after)
}

// close writes the closing tag of a block element and its newline.
func (s *directState) close(el string) {
	s.b.WriteString("</")
	s.b.WriteString(el)
	s.b.WriteString(">\n")
}

// The line breaks parser.parseBlock finds at the end of a line.
const (
	breakNone   = iota // the paragraph's last line
	breakSoft          // a soft line break
	breakHard          // two spaces: a hard one
	breakHardBS        // a backslash: a hard one, the text before it untrimmed
)

// inline writes the inline content of a paragraph's lines.
func (s *directState) inline(lines [][]byte) bool {
	for k, raw := range lines {
		// paragraphParser.Close trims every line's leading spaces, and
		// the last line's trailing ones.
		l := util.TrimLeftSpace(raw)
		brk := breakNone
		if k < len(lines)-1 {
			n := len(l)
			switch {
			case n >= 2 && l[n-1] == '\\' && l[n-2] != '\\' || n == 1 && l[0] == '\\':
				brk, l = breakHardBS, l[:n-1]
			case n >= 2 && l[n-1] == ' ' && l[n-2] == ' ':
				brk = breakHard
			default:
				brk = breakSoft
			}
		}
		// parser.parseBlock keeps a backslash's escape across the end of
		// its line: the next line's first character would be escaped. It
		// happens where what parseBlock reads of the line ends in an odd
		// number of backslashes: before a soft break (three or more, one
		// being a hard break), or before the two spaces of a hard one.
		// Left to goldmark.
		if brk == breakSoft && oddBackslashes(l) || brk == breakHard && oddBackslashes(l[:len(l)-2]) {
			return false
		}
		if brk != breakHardBS {
			l = util.TrimRightSpace(l)
		}
		text, ok := s.line(l, brk == breakHardBS)
		if !ok {
			return false
		}
		switch brk {
		case breakHard, breakHardBS:
			s.b.WriteString("<br>\n")
		case breakSoft:
			// renderText with East Asian line breaks (and the styler's
			// keepSoftBreak): a newline after a line without text at its
			// end, or before one that starts with a code span, autolink
			// or label; none before a line whose text is empty (a lone
			// backslash break); else one unless the two characters are
			// East Asian wide.
			next := util.TrimLeftSpace(lines[k+1])
			if len(text) == 0 || next[0] == '`' || next[0] == '<' || labelStart(next) {
				s.b.WriteByte('\n')
				break
			}
			if string(next) == `\` && k+2 < len(lines) {
				break
			}
			a, _ := utf8.DecodeLastRune(text)
			b, _ := utf8.DecodeRune(next)
			if !eastAsianWide(a) || !eastAsianWide(b) {
				s.b.WriteByte('\n')
			}
		}
	}
	return true
}

// line writes one line of inline content, l (hardBS: a backslash that
// breaks the line followed it), and returns the text after its last code
// span, autolink or label, which ends the line: parser.parseBlock's last
// text node of the line.
func (s *directState) line(l []byte, hardBS bool) ([]byte, bool) {
	from := 0 // l[from:] is text not written yet
	flush := func(to int) {
		if to > from {
			mdText.Write(s.w, l[from:to])
		}
	}
	for j := 0; j < len(l); {
		switch c := l[j]; c {
		case '\\':
			// An escaped character triggers no inline parser; a
			// backslash before anything else is text. (One that
			// escapes the end of the line is left to goldmark: see
			// inline.)
			j += 2
		case '`':
			// A code span: one backtick, code without one, one backtick
			// (codeSpanParser); one that goes on to the next line is
			// goldmark's.
			if j+1 < len(l) && l[j+1] == '`' {
				return nil, false
			}
			e := bytes.IndexByte(l[j+1:], '`')
			if e < 0 {
				return nil, false
			}
			e += j + 1
			if e+1 < len(l) && l[e+1] == '`' {
				return nil, false
			}
			flush(j)
			code := l[j+1 : e]
			if len(code) > 1 && code[0] == ' ' && code[len(code)-1] == ' ' && !blank(code) {
				code = code[1 : len(code)-1]
			}
			s.b.WriteString(s.d.codeOpen)
			html.DefaultWriter.RawWrite(s.w, code)
			s.b.WriteString("</code>")
			j = e + 1
			from = j
		case '<':
			// autoLinkParser and renderAutoLink.
			rest := l[j+1:]
			email := true
			stop := util.FindEmailIndex(rest)
			if stop < 0 {
				email, stop = false, util.FindURLIndex(rest)
			}
			if stop < 0 || stop >= len(rest) || rest[stop] != '>' {
				return nil, false // raw HTML or text: goldmark's
			}
			flush(j)
			u := rest[:stop]
			s.b.WriteString(`<a href="`)
			esc := util.URLEscape(u, false)
			if email && !(len(esc) >= 7 && bytes.EqualFold(esc[:7], []byte("mailto:"))) {
				s.b.WriteString("mailto:")
			}
			if !dangerous(esc) {
				html.DefaultWriter.RawWrite(s.w, esc) // util.EscapeHTML
			}
			s.b.WriteByte('"')
			s.b.WriteString(s.d.aAttrs)
			s.b.WriteByte('>')
			s.linkText(u)
			s.b.WriteString("</a>")
			j += 1 + stop + 1
			from = j
		case '*':
			// Only a label: "**" at the start of the line, text, and
			// ":**" before a space or the end of the line. As
			// ScanDelimiter sees them, the first can open (it is
			// left-flanking: a space or punctuation is before it, none
			// after) and the second close (":" before, a space after),
			// and as each is two long, the rule of three does not keep
			// them apart.
			if j != 0 || !labelStart(l) {
				return nil, false
			}
			if r, _ := utf8.DecodeRune(l[2:]); util.IsSpaceRune(r) {
				return nil, false
			}
			p := labelEnd(l)
			if p < 0 {
				return nil, false
			}
			if p+2 < len(l) && l[p+2] != ' ' || p+2 == len(l) && hardBS {
				return nil, false
			}
			s.open("strong", "")
			mdText.Write(s.w, l[2:p])
			s.b.WriteString("</strong>")
			j = p + 2
			from = j
		case '_', '~', '[', ']', '!', '&':
			// Emphasis, strikethrough, links, images, task list items
			// and references: the writer escapes every one.
			return nil, false
		default:
			j++
		}
	}
	flush(len(l))
	return l[from:], true
}

// labelEnd returns the index of the closing "**" of the label l starts
// with: after a ":" and the label's text, which holds no unescaped
// character an inline parser starts at; -1 for none.
func labelEnd(l []byte) int {
	for j := 2; j < len(l); {
		switch l[j] {
		case '\\':
			j += 2
			continue
		case '*':
			if j+1 < len(l) && l[j+1] == '*' && l[j-1] == ':' && (j+2 == len(l) || l[j+2] != '*') {
				return j
			}
			return -1
		case '`', '<', '_', '~', '[', ']', '!', '&':
			return -1
		}
		j++
	}
	return -1
}

// oddBackslashes reports whether l ends in an odd number of backslashes.
func oddBackslashes(l []byte) bool {
	n := 0
	for n < len(l) && l[len(l)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// dangerous is html.IsDangerousURL, which lowers the URL's case for each
// scheme it knows (javascript:, vbscript:, file:, data:), asked only of
// a URL that starts as one of them could: an https: reference's is not.
func dangerous(url []byte) bool {
	if len(url) == 0 {
		return false
	}
	switch c := url[0]; c | 0x20 {
	case 'j', 'v', 'f', 'd':
		return html.IsDangerousURL(url)
	default:
		return c >= utf8.RuneSelf && html.IsDangerousURL(url)
	}
}

// linkText writes an autolink's text, u, escaped, and as breakURLs would
// make it when it is a URL: a <wbr> after each "/" and "." past its
// scheme but the last character.
func (s *directState) linkText(u []byte) {
	start := s.b.Len()
	html.DefaultWriter.RawWrite(s.w, u)
	text := s.b.Bytes()[start:]
	n := 0
	switch {
	case bytes.HasPrefix(text, []byte("http://")):
		n = len("http://")
	case bytes.HasPrefix(text, []byte("https://")):
		n = len("https://")
	}
	if n == 0 || n == len(text) {
		return
	}
	rest := append(s.scratch[:0], text[n:]...)
	s.scratch = rest
	s.b.Truncate(start + n)
	s.b.Write(appendURLBreaks(s.b.AvailableBuffer(), rest))
}

// closeBlock writes the closing tag of el (p, li, h1 … h6) and what
// follows it (after), first joining the last phrase of the text before
// it, after the element's last tag, as keepLastPhrases does.
func (s *directState) closeBlock(el, after string) {
	out := s.b.Bytes()
	if k := bytes.LastIndexByte(out, '>'); k >= 0 && k+1 < len(out) {
		if at, tail := joinedTail(out[k+1:]); tail != "" {
			s.b.Truncate(k + 1 + at)
			s.b.Write(appendJoined(s.b.AvailableBuffer(), tail))
		}
	}
	s.b.WriteString("</")
	s.b.WriteString(el)
	s.b.WriteByte('>')
	s.b.WriteString(after)
}
