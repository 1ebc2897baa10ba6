package mail

import (
	"encoding/base64"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Header lines are at most maxLineLen characters, not counting CRLF, and
// encoded-words at most maxWordLen (RFC 2047 section 2).
const (
	maxLineLen = 76
	maxWordLen = 75
	// hardLineLen is RFC 5322's limit; only a single token that cannot be
	// folded (a very long address or Message-ID) makes a line longer than
	// maxLineLen, and never longer than this.
	hardLineLen = 998
)

// charset is the charset of the message's text.
type charset int

const (
	utf8Charset charset = iota
	jisCharset
)

// parseCharset accepts Options.Charset.
func parseCharset(s string) (charset, error) {
	switch strings.ToLower(s) {
	case "", "utf-8", "utf8":
		return utf8Charset, nil
	case "iso-2022-jp":
		return jisCharset, nil
	}
	return 0, fmt.Errorf("mail: unsupported charset %q (want utf-8 or iso-2022-jp)", s)
}

// mimeName is the charset parameter of Content-Type.
func (c charset) mimeName() string {
	if c == jisCharset {
		return "iso-2022-jp"
	}
	return "utf-8"
}

// wordName is the charset of an encoded-word.
func (c charset) wordName() string {
	if c == jisCharset {
		return "ISO-2022-JP"
	}
	return "UTF-8"
}

// encode returns s in the charset; for ISO-2022-JP s must already be
// converted by toJIS.
func (c charset) encode(s string) ([]byte, error) {
	if c == jisCharset {
		return encodeJIS(s)
	}
	return []byte(s), nil
}

// checkHeaderText returns an error if s, the value of field, is not valid
// UTF-8 or contains a control character (CR, LF, TAB, NUL, ESC, DEL, C1
// controls) or a line or paragraph separator: anything that could end a
// header line or confuse the ISO-2022-JP state.
func checkHeaderText(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("mail: %s is not valid UTF-8", field)
	}
	for i, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("mail: %s contains the control character U+%04X at byte %d", field, r, i)
		}
	}
	return nil
}

// encodeWords returns text as RFC 2047 B encoded-words in the charset, the
// first at most first characters long and the others at most maxWordLen.
// Words are split between characters only, so each decodes on its own; for
// ISO-2022-JP each is a complete sequence that starts and ends in ASCII.
// For ISO-2022-JP text must be the output of toJIS.
func encodeWords(text string, cs charset, first int) ([]string, error) {
	prefix := "=?" + cs.wordName() + "?B?"
	const suffix = "?="
	var words []string
	budget := min(max(first, 30), maxWordLen) // 30 holds one character in any charset
	for start := 0; start < len(text); {
		maxBytes := (budget - len(prefix) - len(suffix)) / 4 * 3
		var chunk []byte
		end := start
		for end < len(text) {
			_, size := utf8.DecodeRuneInString(text[end:])
			b, err := cs.encode(text[start : end+size])
			if err != nil {
				return nil, err
			}
			if len(b) > maxBytes {
				break
			}
			chunk, end = b, end+size
		}
		if end == start {
			return nil, errors.New("mail: internal error: a character does not fit in an encoded-word")
		}
		words = append(words, prefix+base64.StdEncoding.EncodeToString(chunk)+suffix)
		start, budget = end, maxWordLen
	}
	return words, nil
}

// fold writes the header field name with the tokens separated by spaces,
// starting a continuation line (" token") before a token that would make
// the line longer than maxLineLen. A token that does not fit even on a line
// of its own is an error if it makes the line longer than hardLineLen.
func fold(name string, tokens []string) (string, error) {
	var b strings.Builder
	b.WriteString(name + ":")
	n := len(name) + 1
	for _, t := range tokens {
		if n > 0 && n+1+len(t) > maxLineLen {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteString(" " + t)
		n += 1 + len(t)
		if n > hardLineLen {
			return "", fmt.Errorf("mail: %s: %.20q… is too long for a header line", name, t)
		}
	}
	b.WriteString("\r\n")
	return b.String(), nil
}

// subjectHeader returns the Subject header field for subject, and subject
// as a reader will decode it (after the ISO-2022-JP replacements, reported
// as issues). A printable-ASCII subject that folds cleanly is written as
// it is; anything else is written as encoded-words in the charset.
// subject must have passed checkHeaderText.
func subjectHeader(subject string, cs charset, ja bool) (field, decoded string, issues []Issue, err error) {
	text := subject
	if cs == jisCharset {
		text, issues = toJIS("subject", subject, ja)
	}
	const name = "Subject"
	if words, ok := plainWords(text, maxLineLen-len(name)-2); ok {
		field, err = fold(name, words)
		return field, text, issues, err
	}
	words, err := encodeWords(text, cs, maxLineLen-len(name)-2)
	if err != nil {
		return "", "", nil, err
	}
	field, err = fold(name, words)
	return field, text, issues, err
}

// plainWords splits text into words if it can be written unencoded and
// read back unchanged: printable ASCII only, words separated by single
// spaces (folding and unfolding turn any run of spaces into one), no
// leading or trailing space (readers trim them), nothing that looks like an
// encoded-word, the first word at most first characters and the others at
// most maxWordLen (so that every line fits).
func plainWords(text string, first int) ([]string, bool) {
	if text == "" || strings.Contains(text, "=?") {
		return nil, false
	}
	for i := 0; i < len(text); i++ {
		if text[i] < ' ' || text[i] > '~' {
			return nil, false
		}
	}
	words := strings.Split(text, " ")
	for i, w := range words {
		if w == "" || len(w) > maxWordLen || i == 0 && len(w) > first {
			return nil, false
		}
	}
	return words, true
}

// addressHeader returns the header field name (From or To) for value, a
// single address or, if list, a comma-separated list. Display names that
// are not plain ASCII are written as UTF-8 encoded-words whatever the
// message's charset: every current mail client reads them, and a name is
// never changed to fit JIS X 0208. The addresses themselves must be ASCII
// (an internationalized address would need SMTPUTF8).
func addressHeader(name, value string, list bool) (string, error) {
	key := addrKey{name, value, list}
	addrMu.Lock()
	h, ok := addrCache[key]
	addrMu.Unlock()
	if ok {
		return h, nil
	}
	h, err := buildAddressHeader(name, value, list)
	if err == nil {
		addrMu.Lock()
		if len(addrCache) < maxAddrCache {
			addrCache[key] = h
		}
		addrMu.Unlock()
	}
	return h, err
}

// The header lines addressHeader made, by its arguments: a batch writes
// every message with the same From and To. A process that sees more
// addresses than maxAddrCache builds the others each time.
type addrKey struct {
	name, value string
	list        bool
}

const maxAddrCache = 64

var (
	addrMu    sync.Mutex
	addrCache = map[addrKey]string{}
)

func buildAddressHeader(name, value string, list bool) (string, error) {
	field := strings.ToLower(name)
	if err := checkHeaderText(field, value); err != nil {
		return "", err
	}
	var addrs []*netmail.Address
	if list {
		as, err := netmail.ParseAddressList(value)
		if err != nil {
			return "", fmt.Errorf("mail: %s %q: %v", field, value, err)
		}
		addrs = as
	} else {
		a, err := netmail.ParseAddress(value)
		if err != nil {
			return "", fmt.Errorf("mail: %s %q: %v", field, value, err)
		}
		addrs = []*netmail.Address{a}
	}
	var tokens []string
	for i, a := range addrs {
		// The parser decodes encoded-words in names: check what it made.
		if err := checkHeaderText(field+" display name", a.Name); err != nil {
			return "", err
		}
		for _, r := range a.Address {
			if r >= utf8.RuneSelf {
				return "", fmt.Errorf("mail: %s %q: non-ASCII addresses are not supported", field, a.Address)
			}
		}
		spec := (&netmail.Address{Address: a.Address}).String() // "<local@domain>", quoted as needed
		if a.Name == "" {
			tokens = append(tokens, spec[1:len(spec)-1])
		} else {
			first := maxWordLen
			if i == 0 {
				first = maxLineLen - len(name) - 2
			}
			words, err := phrase(a.Name, first)
			if err != nil {
				return "", err
			}
			tokens = append(append(tokens, words...), spec)
		}
		if i < len(addrs)-1 {
			tokens[len(tokens)-1] += ","
		}
	}
	return fold(name, tokens)
}

// phrase returns a display name as header tokens: its words if they are
// all atoms, one quoted string if it is printable ASCII that needs quoting,
// UTF-8 encoded-words otherwise (the first at most first characters long).
func phrase(s string, first int) ([]string, error) {
	if words, ok := plainWords(s, first); ok {
		atoms := true
		for _, w := range words {
			atoms = atoms && strings.IndexFunc(w, func(r rune) bool { return !isAtext(r) }) < 0
		}
		if atoms {
			return words, nil
		}
	}
	printable := !strings.Contains(s, "=?")
	for i := 0; i < len(s); i++ {
		printable = printable && ' ' <= s[i] && s[i] <= '~'
	}
	if q := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`; printable && len(q) <= maxWordLen {
		return []string{q}, nil
	}
	return encodeWords(s, utf8Charset, first)
}

// isAtext reports whether r may appear in an atom (RFC 5322 section 3.2.3).
func isAtext(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r)
}
