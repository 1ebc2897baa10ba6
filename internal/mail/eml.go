// Package mail writes a draft as an RFC 5322 / MIME message (.eml) that
// mail clients open as an unsent draft (X-Unsent: 1): a multipart/
// alternative message with the plain-text part first and the HTML part
// last. The text part is in UTF-8 (base64) or ISO-2022-JP (7bit, strictly
// ASCII and JIS X 0208, see jis.go, with its lines rewrapped to fit); the
// HTML part is always UTF-8 (base64), the only charset HTML5 allows.
//
// Every line is at most 78 octets (RFC 5322 section 2.1.1), ISO-2022-JP
// escape sequences included, except a line of the ISO-2022-JP text that
// holds a single token longer than that, such as a long URL.
//
// Output is byte-for-byte reproducible: the date, Message-ID and MIME
// boundary are inputs (DeriveIDs makes the last two from the draft), and
// nothing depends on map order or the clock. Header injection is not
// possible: control characters in the subject or the addresses are errors,
// and non-ASCII text in headers is always written as encoded-words.
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/bufpool"
)

// The addresses used when Options leaves them empty. The .invalid domain
// (RFC 2606) can never be delivered to, so a draft sent without editing
// them bounces instead of reaching a stranger.
const (
	DefaultFrom = "noticegen draft <draft@example.invalid>"
	DefaultTo   = "admins@example.invalid"
)

// Options are the parts of the message that do not come from the draft.
type Options struct {
	// From is one address and To one or a comma-separated list, in the
	// syntax of net/mail ("Name <user@example.com>"). Empty means
	// DefaultFrom and DefaultTo.
	From, To string
	// Cc is an optional comma-separated list of copy recipients.
	Cc string
	// Date is the Date header; it must be set (the caller's clock, so
	// output is reproducible). Its time zone is kept.
	Date time.Time
	// MessageID ("<left@right>") and Boundary (the multipart boundary, at
	// most 64 characters of RFC 2046's bchars) are normally made by
	// DeriveIDs. Empty means derived by DeriveIDs from the message content,
	// with record id "draft".
	MessageID string
	Boundary  string
	// Charset is "utf-8" (the default when empty) or "iso-2022-jp".
	Charset string
	// SubjectPrefix, if set, is written before the subject (for example
	// "[DRAFT - not approved]" or "【未承認】"), as JoinSubject joins them.
	SubjectPrefix string
	// TextWidth and Rewrap let an ISO-2022-JP message rewrap its plain
	// text. TextWidth is the width, in display columns, the text body is
	// wrapped at; Rewrap returns the same text wrapped at a smaller width
	// (format.WriteTextWidth's layout). See Write.
	TextWidth int
	Rewrap    func(width int) ([]byte, error)
}

// The limits of body lines.
const (
	// maxBodyLine is the most octets a line of a 7bit text part may have,
	// escape sequences included (RFC 5322 section 2.1.1: SHOULD be at most
	// 78, not counting CRLF).
	maxBodyLine = 78
	// minRewrap is the narrowest width Write asks Rewrap for.
	minRewrap = 20
)

// Write writes the message with the given subject and bodies to w.
//
// locale is the draft's BCP 47 tag, written as Content-Language; with
// ISO-2022-JP a Japanese locale also selects the Japanese replacement of ⚠.
// textBody and htmlBody are UTF-8 with LF or CRLF line breaks (written as
// CRLF); htmlBody may be empty, which gives a text/plain message instead of
// multipart/alternative. The HTML part is UTF-8 whatever Charset says: a
// <meta> charset declaration in htmlBody is rewritten to utf-8.
//
// With Charset "iso-2022-jp" the subject and the plain text are converted
// to ASCII and JIS X 0208 (see toJIS), and the returned issues list every
// character that was changed, at its line and column in textBody. With
// UTF-8 there are no issues.
//
// The ISO-2022-JP text part is 7bit, so its lines must fit in 78 octets
// once converted and encoded; a Japanese line of the width that fits in
// UTF-8 often does not (each switch between ASCII and JIS X 0208 costs a
// 3-octet escape sequence, and ⚠️ becomes ［注意］). If a line does not fit
// and Rewrap is set, Write asks Rewrap for the text at TextWidth-1,
// TextWidth-2, … columns, down to 20, and takes the widest that fits, so
// that the whole text keeps one width and every paragraph stays evenly
// wrapped. A line that still does not fit is broken on its own by
// format.Wrap (with the same kinsoku rules) at the widest width that
// fits. A line of a single token with no break in it, such as a long URL,
// is the only one left longer; one longer than 998 octets makes the part
// base64.
//
// Write returns an error, and writes nothing, if an argument is invalid:
// control characters in the subject, prefix or addresses, a body that is not
// UTF-8 or contains control characters other than TAB and line breaks, a
// zero Date, a malformed locale, Message-ID, boundary or address.
func Write(w io.Writer, subject, locale string, textBody, htmlBody []byte, o Options) ([]Issue, error) {
	msg, issues, err := build(subject, locale, textBody, htmlBody, o)
	if err != nil {
		return nil, err
	}
	_, err = w.Write(msg)
	bufpool.Put(msg)
	if err != nil {
		return nil, err
	}
	return issues, nil
}

// Message is Write returning the message instead of writing it. The
// message is a new bufpool buffer, the caller's: one done with it may give
// it back (bufpool.Put).
func Message(subject, locale string, textBody, htmlBody []byte, o Options) ([]byte, []Issue, error) {
	return build(subject, locale, textBody, htmlBody, o)
}

// DeriveIDs returns a Message-ID and a MIME boundary that depend only on
// the record id, locale, content hash (render.Draft.Hash) and date, through
// SHA-256: the same draft written for the same date gets the same ids, and
// a changed draft new ones. The Message-ID has the form
// "<record-id.locale.hash@noticegen.invalid>", at most 62 characters, so
// that its header line fits in 78 octets unfolded: the record id is cut to
// 20 and the locale to 8 characters, characters other than ASCII letters,
// digits and '-' become '-', and hash is 12 hex digits (the date is part
// of the hash). The boundary is "=_noticegen_" and 32 hex digits; "=_"
// cannot occur in base64 data.
func DeriveIDs(recordID, locale, contentHash string, date time.Time) (messageID, boundary string) {
	sum := sha256.Sum256([]byte(strings.Join([]string{
		"noticegen mail 1", recordID, locale, contentHash, date.UTC().Format(time.RFC3339Nano),
	}, "\x00")))
	h := hex.EncodeToString(sum[:])
	messageID = fmt.Sprintf("<%s.%s.%s@noticegen.invalid>",
		idAtom(recordID, 20), idAtom(locale, 8), h[:12])
	return messageID, "=_noticegen_" + h[32:64]
}

// idAtom returns s as letters, digits and '-', at most n characters.
func idAtom(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
	if len(s) > n {
		s = s[:n]
	}
	if s = strings.Trim(s, "-"); s == "" {
		s = "x"
	}
	return s
}

// rfc5322Date is the date-time format of RFC 5322 section 3.3.
const rfc5322Date = "Mon, 02 Jan 2006 15:04:05 -0700"

// maxBoundary keeps ` boundary="..."` within a header line.
const maxBoundary = 64

var (
	messageIDRE = regexp.MustCompile(`^<[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~.-]+@[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~.-]+>$`)
	// metaCharsetRE finds the charset of <meta charset="..."> and of
	// <meta http-equiv="Content-Type" content="text/html; charset=...">,
	// at the start of the text (see utf8MetaCharset).
	metaCharsetRE = regexp.MustCompile(`^(?i)(<meta\b[^>]*?\bcharset\s*=\s*["']?\s*)([A-Za-z0-9._:-]+)`)
)

// utf8MetaCharset rewrites the charset of every <meta> declaration in html
// (matches of metaCharsetRE, leftmost first and not overlapping) that is
// not utf-8 to utf-8. A match starts at "<meta" in any case, so the
// expression is tried there only, not at every byte of the document.
func utf8MetaCharset(html []byte) []byte {
	var out []byte
	done := 0 // html[:done] is in out, or needs no change if out is nil
	for i := 0; i < len(html); {
		k := bytes.IndexByte(html[i:], '<')
		if k < 0 {
			break
		}
		p := i + k
		i = p + 1
		if len(html)-p < len("<meta") || html[p+1]|0x20 != 'm' || !bytes.EqualFold(html[p+1:p+5], []byte("meta")) {
			continue
		}
		// [^>]*? stops at the end of the tag: one without "charset"
		// cannot match. (With non-ASCII text in the tag the expression
		// decides: its case folding also matches ſ, U+017F, for s.)
		tag := html[p:]
		if gt := bytes.IndexByte(tag, '>'); gt >= 0 {
			tag = tag[:gt]
		}
		if !containsFold(tag, "charset") && isASCII(tag) {
			continue
		}
		m := metaCharsetRE.FindSubmatchIndex(html[p:])
		if m == nil {
			continue
		}
		i = p + m[1]
		if bytes.EqualFold(html[p+m[4]:p+m[5]], []byte("utf-8")) {
			continue
		}
		out = append(out, html[done:p+m[3]]...)
		out = append(out, "utf-8"...)
		done = i
	}
	if out == nil {
		return html
	}
	return append(out, html[done:]...)
}

// containsFold reports whether b holds word, which is lower-case ASCII
// letters, in any case of ASCII letters.
func containsFold(b []byte, word string) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		j := 0
		for j < len(word) && b[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// build returns the message.
func build(subject, locale string, textBody, htmlBody []byte, o Options) ([]byte, []Issue, error) {
	cs, err := parseCharset(o.Charset)
	if err != nil {
		return nil, nil, err
	}
	if !advisory.ValidLocale(locale) {
		return nil, nil, fmt.Errorf("mail: malformed locale %q", locale)
	}
	ja := strings.EqualFold(strings.SplitN(locale, "-", 2)[0], "ja")
	if o.Date.IsZero() {
		return nil, nil, errors.New("mail: Options.Date is not set")
	}
	if err := checkHeaderText("subject prefix", o.SubjectPrefix); err != nil {
		return nil, nil, err
	}
	if err := checkHeaderText("subject", subject); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(subject) == "" {
		return nil, nil, errors.New("mail: the subject is empty")
	}
	full := JoinSubject(o.SubjectPrefix, subject)
	from, to := o.From, o.To
	if from == "" {
		from = DefaultFrom
	}
	if to == "" {
		to = DefaultTo
	}

	var issues []Issue
	subjectField, _, subjectIssues, err := subjectHeader(full, cs, ja)
	if err != nil {
		return nil, nil, err
	}
	issues = append(issues, subjectIssues...)
	fromField, err := addressHeader("From", from, false)
	if err != nil {
		return nil, nil, err
	}
	toField, err := addressHeader("To", to, true)
	if err != nil {
		return nil, nil, err
	}
	if o.Cc != "" {
		ccField, err := addressHeader("Cc", o.Cc, true)
		if err != nil {
			return nil, nil, err
		}
		toField += ccField
	}

	textData, err := checkBodyBytes("text", textBody)
	if err != nil {
		return nil, nil, err
	}
	if cs == jisCharset {
		var textIssues []Issue
		text, textIssues, err := jisText(string(textData), ja, o)
		if err != nil {
			return nil, nil, err
		}
		issues = append(issues, textIssues...)
		if textData, err = encodeJIS(text); err != nil {
			return nil, nil, err
		}
	}
	textPart := newPart("text/plain", cs, textData)

	var htmlPart *part
	if len(htmlBody) > 0 {
		html, err := checkBodyBytes("html", htmlBody)
		if err != nil {
			return nil, nil, err
		}
		htmlPart = newPart("text/html", utf8Charset, utf8MetaCharset(html))
	}

	messageID, boundary := o.MessageID, o.Boundary
	if messageID == "" || boundary == "" {
		h := sha256.New()
		for _, s := range []string{full, locale, from, to, cs.mimeName(), string(textBody), string(htmlBody)} {
			fmt.Fprintf(h, "%d:%s", len(s), s)
		}
		id, b := DeriveIDs("draft", locale, hex.EncodeToString(h.Sum(nil)), o.Date)
		if messageID == "" {
			messageID = id
		}
		if boundary == "" {
			boundary = b
		}
	}
	if !messageIDRE.MatchString(messageID) || len(messageID) > 250 {
		return nil, nil, fmt.Errorf("mail: malformed Message-ID %q (want <left@right>)", messageID)
	}

	size := 2048 + textPart.size() // the headers, the part headers
	if htmlPart != nil {
		size += htmlPart.size()
	}
	b := bytes.NewBuffer(bufpool.Get(size))
	for _, f := range [][2]string{
		{"X-Unsent", "1"},
		{"MIME-Version", "1.0"},
		{"Date", o.Date.Format(rfc5322Date)},
	} {
		line, err := fold(f[0], []string{f[1]})
		if err != nil {
			return nil, nil, err
		}
		b.WriteString(line)
	}
	// Never folded: a folded msg-id is legal, but readers that do not
	// unfold (or that keep the folding white space) get " <id>" back.
	// DeriveIDs keeps the line within 78 octets.
	b.WriteString("Message-ID: " + messageID + "\r\n")
	b.WriteString(fromField)
	b.WriteString(toField)
	b.WriteString(subjectField)
	b.WriteString("Content-Language: " + locale + "\r\n")

	if htmlPart == nil {
		b.WriteString("Content-Type: " + textPart.contentType + "\r\n")
		b.WriteString("Content-Transfer-Encoding: " + textPart.encoding + "\r\n\r\n")
		textPart.writeTo(b)
		return b.Bytes(), issues, nil
	}

	if len(boundary) > maxBoundary {
		return nil, nil, fmt.Errorf("mail: boundary %q is longer than %d characters", boundary, maxBoundary)
	}
	mw := multipart.NewWriter(b)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, nil, fmt.Errorf("mail: boundary %q: %v", boundary, err)
	}
	for _, p := range []*part{textPart, htmlPart} {
		// (A base64 body cannot hold one: '-' is not of its alphabet.)
		if bytes.Contains(p.body, []byte("--"+boundary)) {
			return nil, nil, fmt.Errorf("mail: the boundary %q occurs in the %s part", boundary, p.contentType)
		}
	}
	ct, err := fold("Content-Type", []string{"multipart/alternative;", `boundary="` + boundary + `"`})
	if err != nil {
		return nil, nil, err
	}
	b.WriteString(ct + "\r\n")
	for _, p := range []*part{textPart, htmlPart} {
		// The part's writer writes to b as it is: the body goes to b
		// directly.
		if _, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.contentType},
			"Content-Transfer-Encoding": {p.encoding},
		}); err != nil {
			return nil, nil, err
		}
		p.writeTo(b)
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), issues, nil
}

// checkBody returns body as a string with CRLF line breaks turned into LF,
// or an error naming line and column if it is not valid UTF-8 or contains a
// control character other than TAB and line breaks (a lone CR, ESC, NUL).
func checkBody(part string, body []byte) (string, error) {
	b, err := checkBodyBytes(part, body)
	return string(b), err
}

// checkBodyBytes is checkBody returning bytes: body itself when it has no
// CR, else a copy with CRLF turned into LF.
func checkBodyBytes(part string, body []byte) ([]byte, error) {
	s := body
	if bytes.IndexByte(body, '\r') >= 0 {
		s = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	}
	if cleanBody(s) {
		return s, nil
	}
	line, col := 1, 1
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7F {
			i++ // printable ASCII: most of a body
			col++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, fmt.Errorf("mail: %s:%d:%d: invalid UTF-8", part, line, col)
		case r == '\n':
			line, col = line+1, 0
		case r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029'):
			return nil, fmt.Errorf("mail: %s:%d:%d: control character U+%04X", part, line, col, r)
		}
		i += size
		col++
	}
	return s, nil
}

// cleanBody reports whether s is valid UTF-8 without the characters
// checkBodyBytes refuses: C0 controls but TAB and LF, DEL, the C1 controls
// (U+0080–U+009F, written C2 80–C2 9F) and U+2028, U+2029 (E2 80 A8, E2 80
// A9). It reads bytes, not runes; checkBodyBytes locates what it finds.
func cleanBody(s []byte) bool {
	if !utf8.Valid(s) {
		return false
	}
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	// zero has a bit set when (and only when) some byte of x is 0.
	zero := func(x uint64) uint64 { return (x - lo) &^ x & hi }
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// Eight bytes are taken at once when none can start what is
		// refused: no byte below 0x20 (a control, or TAB or LF, which
		// are looked at one by one), none 0x7F, and no C2 or E2 (the
		// first bytes of the C1 controls and of U+2028 and U+2029). That
		// is most words of a body, of the HTML's markup and of Japanese
		// text (E3–E9 and continuation bytes); the UTF-8 is valid.
		w := binary.LittleEndian.Uint64(s[i:])
		if (w-lo*0x20)&^w&hi|zero(w^lo*0x7F)|zero(w^lo*0xC2)|zero(w^lo*0xE2) == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if !cleanAt(s, k) {
				return false
			}
		}
	}
	for ; i < len(s); i++ {
		if !cleanAt(s, i) {
			return false
		}
	}
	return true
}

// cleanAt reports whether the byte at s[i] does not start a character
// cleanBody refuses.
func cleanAt(s []byte, i int) bool {
	switch c := s[i]; {
	case c < 0x20 && c != '\t' && c != '\n', c == 0x7F:
		return false
	case c == 0xC2 && i+1 < len(s) && s[i+1] <= 0x9F:
		return false
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
		return false
	}
	return true
}

// part is a body part ready to be written.
type part struct {
	contentType string
	encoding    string // Content-Transfer-Encoding
	body        []byte // encoded, CRLF line breaks; nil for base64
	raw         []byte // for base64: the data, encoded as it is written
}

// size is the length of the encoded body.
func (p *part) size() int {
	if p.encoding == "base64" {
		return base64LinesLen(p.raw)
	}
	return len(p.body)
}

// writeTo writes the encoded body to b: base64 straight into b's buffer,
// with no copy of its own.
func (p *part) writeTo(b *bytes.Buffer) {
	if p.encoding != "base64" {
		b.Write(p.body)
		return
	}
	b.Grow(p.size())
	b.Write(appendBase64Lines(b.AvailableBuffer(), p.raw))
}

// newPart returns the part for data, text in the charset with LF line
// breaks. UTF-8 is written in base64. ISO-2022-JP is 7bit (its bytes are
// ASCII) unless a line is longer than RFC 5322 allows (998 octets), when it
// is written in base64 too: jisText breaks every line that can be broken,
// so that is only a single token of that length.
func newPart(mediaType string, cs charset, data []byte) *part {
	p := &part{contentType: mediaType + "; charset=" + cs.mimeName(), encoding: "base64"}
	if cs == jisCharset {
		crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		long := false
		for line := range bytes.SplitSeq(crlf, []byte("\r\n")) {
			long = long || len(line) > hardLineLen
		}
		if !long {
			p.encoding, p.body = "7bit", crlf
			return p
		}
	}
	p.raw = data
	return p
}

// base64Lines returns data, with its LF line breaks written as CRLF, in
// base64, in lines of 76 characters (the last one shorter), each ended
// with CRLF: 57 bytes of data to a line.
func base64Lines(data []byte) []byte {
	return appendBase64Lines(make([]byte, 0, base64LinesLen(data)), data)
}

// base64LinesPerLine is the number of bytes of data in a line of base64:
// 76 characters.
const base64LinesPerLine = 57 // 76 / 4 * 3

// base64LinesLen is len(base64Lines(data)).
func base64LinesLen(data []byte) int {
	n := len(data) + bytes.Count(data, []byte("\n"))
	lines := (n + base64LinesPerLine - 1) / base64LinesPerLine
	return base64.StdEncoding.EncodedLen(n) + 2*lines
}

// appendBase64Lines appends base64Lines(data) to out.
func appendBase64Lines(out, data []byte) []byte {
	const perLine = base64LinesPerLine
	enc := base64.StdEncoding
	var chunk [perLine]byte
	k := 0
	put := func(p []byte) {
		for len(p) > 0 {
			c := copy(chunk[k:], p)
			k += c
			p = p[c:]
			if k == perLine {
				out = enc.AppendEncode(out, chunk[:])
				out = append(out, '\r', '\n')
				k = 0
			}
		}
	}
	for len(data) > 0 {
		line, rest, lf := bytes.Cut(data, []byte("\n"))
		put(line)
		if lf {
			put([]byte("\r\n"))
		}
		data = rest
	}
	if k > 0 {
		out = enc.AppendEncode(out, chunk[:k])
		out = append(out, '\r', '\n')
	}
	return out
}

// JoinSubject returns subject with prefix before it. A space separates
// them, as between words, unless the prefix ends in white space already
// or in a full-width character: a Japanese prefix such as 「【未承認】」 is
// followed by 「【共有】…」 directly, as full-width brackets carry their
// own spacing.
func JoinSubject(prefix, subject string) string {
	if prefix == "" {
		return subject
	}
	last, _ := utf8.DecodeLastRuneInString(prefix)
	if unicode.IsSpace(last) || fullWidth(last) {
		return prefix + subject
	}
	return prefix + " " + subject
}

// fullWidth reports whether r is East Asian Wide or Fullwidth (UAX #11).
func fullWidth(r rune) bool {
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}
