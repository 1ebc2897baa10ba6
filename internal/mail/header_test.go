package mail

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	netmail "net/mail"
)

// encodedWordRE matches an RFC 2047 encoded-word.
var encodedWordRE = regexp.MustCompile(`=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=`)

// checkHeaderLines checks the header section of a message: CRLF line
// breaks, lines of at most 76 characters, continuation lines starting with
// a space, encoded-words of at most 75 characters, and for B encoded-words
// that each one decodes on its own.
func checkHeaderLines(t *testing.T, header string) {
	t.Helper()
	if strings.Contains(strings.ReplaceAll(header, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(header, "\r\n", ""), "\r") {
		t.Errorf("bare CR or LF in header:\n%q", header)
	}
	for i, line := range strings.Split(strings.TrimSuffix(header, "\r\n"), "\r\n") {
		if len(line) > maxLineLen {
			t.Errorf("header line %d has %d characters (max %d): %q", i+1, len(line), maxLineLen, line)
		}
		if i > 0 && line[0] != ' ' && !strings.Contains(line, ":") {
			t.Errorf("header line %d is neither a field nor a continuation: %q", i+1, line)
		}
		for j := 0; j < len(line); j++ {
			if line[j] < ' ' || line[j] > '~' {
				t.Errorf("header line %d has byte %#x", i+1, line[j])
			}
		}
		for _, m := range encodedWordRE.FindAllStringSubmatch(line, -1) {
			if len(m[0]) > maxWordLen {
				t.Errorf("encoded-word of %d characters (max %d): %s", len(m[0]), maxWordLen, m[0])
			}
			if !strings.EqualFold(m[2], "B") {
				continue
			}
			payload, err := base64.StdEncoding.DecodeString(m[3])
			if err != nil {
				t.Errorf("%s: %v", m[0], err)
				continue
			}
			switch strings.ToUpper(m[1]) {
			case "UTF-8":
				if !utf8.Valid(payload) {
					t.Errorf("%s splits a UTF-8 sequence: %q", m[0], payload)
				}
			case "ISO-2022-JP":
				checkJISWord(t, m[0], payload)
			}
		}
	}
}

// checkJISWord checks that payload is a complete ISO-2022-JP sequence:
// ASCII and JIS X 0208 only, every JIS X 0208 run closed by ESC ( B.
func checkJISWord(t *testing.T, word string, payload []byte) {
	t.Helper()
	inJ := false
	for i := 0; i < len(payload); i++ {
		switch {
		case bytes.HasPrefix(payload[i:], []byte(escJIS)):
			inJ, i = true, i+2
		case bytes.HasPrefix(payload[i:], []byte(escASCII)):
			inJ, i = false, i+2
		case payload[i] == 0x1b || payload[i] >= 0x80 || payload[i] < ' ':
			t.Errorf("%s: byte %#x at %d of %q", word, payload[i], i, payload)
			return
		case inJ:
			if i+1 >= len(payload) {
				t.Errorf("%s: half a JIS character at the end of %q", word, payload)
				return
			}
			i++
		}
	}
	if inJ {
		t.Errorf("%s does not return to ASCII: %q", word, payload)
	}
	if s := xDecode(t, payload); strings.ContainsRune(s, '\uFFFD') {
		t.Errorf("%s decodes to %q", word, s)
	}
}

// readSubject parses a header field with net/mail and decodes it.
func readHeader(t *testing.T, fields, name string) string {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(fields + "\r\n"))
	if err != nil {
		t.Fatalf("net/mail: %v\n%s", err, fields)
	}
	v, err := wordDecoder.DecodeHeader(m.Header.Get(name))
	if err != nil {
		t.Fatalf("decoding %s %q: %v", name, m.Header.Get(name), err)
	}
	return v
}

// TestSubjectHeader encodes subjects of every kind in both charsets and
// reads them back.
func TestSubjectHeader(t *testing.T) {
	long := strings.Repeat("【共有】Trend Micro Deep Security Agent (DSA) の挙動に関する報告について。", 4)
	if utf8.RuneCountInString(long) < 200 {
		t.Fatal("long subject is too short")
	}
	for _, c := range []struct {
		name, subject string
		plain         bool // written unencoded (in both charsets)
	}{
		{"ascii", "Security notice: patch now", true},
		{"ascii long", strings.Repeat("Deep Security Agent update ", 10) + "end", true},
		{"ascii long word", strings.Repeat("x", 80), false},
		{"ascii first word too long for line 1", strings.Repeat("y", 70) + " z", false},
		{"ascii double space", "two  spaces", false},
		{"ascii leading space", " lead", false},
		{"ascii trailing space", "trail ", false},
		{"ascii encoded-word lookalike", "=?utf-8?q?hello?=", false},
		{"ascii question marks", "What? Why? =? no", false},
		{"spaces only", "   ", false},
		{"japanese short", "【共有】DSA の挙動について", false},
		{"japanese long", strings.Repeat("重要なセキュリティ情報のお知らせ、", 13), false},
		{"mixed long", long, false},
		{"emoji", "⚠️🔒 緊急: パッチ適用のお願い 🚨 👨‍💻 🇯🇵", false},
		{"halfwidth and tables", "[DRAFT - not approved] ｶﾞｲﾄﾞ①㈱髙 1〜2", false},
		{"four-byte", strings.Repeat("𠮷野家", 30), false},
	} {
		for _, cs := range []charset{utf8Charset, jisCharset} {
			t.Run(c.name+"/"+cs.mimeName(), func(t *testing.T) {
				field, decoded, issues, err := subjectHeader(c.subject, cs, true)
				if err != nil {
					t.Fatal(err)
				}
				checkHeaderLines(t, field)
				want := c.subject
				if cs == jisCharset {
					want, _ = toJIS("subject", c.subject, true)
				} else if len(issues) > 0 {
					t.Errorf("UTF-8 subject has issues %v", issues)
				}
				if decoded != want {
					t.Errorf("decoded = %q, want %q", decoded, want)
				}
				if got := readHeader(t, field, "Subject"); got != want {
					t.Errorf("read back %q\nwant      %q\nfield:\n%s", got, want, field)
				}
				if plain := !strings.Contains(field, "=?"); plain != c.plain && !strings.Contains(c.subject, "=?") {
					t.Errorf("written unencoded = %v, want %v:\n%s", plain, c.plain, field)
				}
			})
		}
	}
}

// TestSubjectHeaderExact pins the output for a few subjects.
func TestSubjectHeaderExact(t *testing.T) {
	for _, c := range []struct {
		subject string
		cs      charset
		want    string
	}{
		{"Security notice", utf8Charset, "Subject: Security notice\r\n"},
		{"Security notice", jisCharset, "Subject: Security notice\r\n"},
		{"件名", utf8Charset, "Subject: =?UTF-8?B?5Lu25ZCN?=\r\n"},
		{"件名", jisCharset, "Subject: =?ISO-2022-JP?B?GyRCN29MPhsoQg==?=\r\n"},
		{strings.Repeat("word ", 15) + "end", utf8Charset, "Subject: word word word word word word word word word word word word word\r\n word word end\r\n"},
	} {
		field, _, _, err := subjectHeader(c.subject, c.cs, true)
		if err != nil || field != c.want {
			t.Errorf("subjectHeader(%q, %s) = %q, %v\nwant %q", c.subject, c.cs.mimeName(), field, err, c.want)
		}
	}
}

// TestEncodeWordsSplit checks that words are filled up to the limit and
// split between characters.
func TestEncodeWordsSplit(t *testing.T) {
	words, err := encodeWords(strings.Repeat("あ", 100), utf8Charset, maxWordLen)
	if err != nil {
		t.Fatal(err)
	}
	// 75 - len("=?UTF-8?B??=") = 63 → 60 base64 characters → 45 bytes → 15 characters.
	if len(words) != 7 || len(words[0]) != 72 {
		t.Errorf("got %d words, first of %d characters: %q", len(words), len(words[0]), words)
	}
	words, err = encodeWords(strings.Repeat("あ", 100), jisCharset, maxWordLen)
	if err != nil {
		t.Fatal(err)
	}
	// 75 - len("=?ISO-2022-JP?B??=") = 57 → 56 base64 → 42 bytes: 6 for escapes, 18 characters.
	if len(words) != 6 || len(words[0]) != 74 {
		t.Errorf("got %d words, first of %d characters: %q", len(words), len(words[0]), words)
	}
}

// TestHeaderInjection checks that control characters in the subject, the
// prefix and the addresses are errors and that nothing is written.
func TestHeaderInjection(t *testing.T) {
	base := Options{Date: testDate}
	for name, c := range map[string]struct {
		subject string
		o       func(*Options)
	}{
		"subject CRLF":      {subject: "hello\r\nBcc: victim@example.com"},
		"subject LF":        {subject: "hello\nBcc: victim@example.com"},
		"subject CR":        {subject: "hello\rBcc: victim@example.com"},
		"subject NUL":       {subject: "hello\x00"},
		"subject TAB":       {subject: "a\tb"},
		"subject ESC":       {subject: "a\x1b$B"},
		"subject DEL":       {subject: "a\x7f"},
		"subject NEL":       {subject: "a\u0085b"},
		"subject LS":        {subject: "a\u2028b"},
		"subject bad UTF-8": {subject: "a\xffb"},
		"prefix LF":         {subject: "s", o: func(o *Options) { o.SubjectPrefix = "[DRAFT]\nBcc: x@example.com" }},
		"from CRLF":         {subject: "s", o: func(o *Options) { o.From = "a@example.com\r\nBcc: x@example.com" }},
		"to LF":             {subject: "s", o: func(o *Options) { o.To = "a@example.com\nBcc: x@example.com" }},
		"to list CR":        {subject: "s", o: func(o *Options) { o.To = "a@example.com, b@example.com\rBcc: x@example.com" }},
		"from encoded CRLF": {subject: "s", o: func(o *Options) { o.From = "=?utf-8?q?a=0D=0ABcc:_x@example.com?= <a@example.com>" }},
		"to encoded LF":     {subject: "s", o: func(o *Options) { o.To = "=?utf-8?b?YQpCY2M6IHhAZXhhbXBsZS5jb20=?= <a@example.com>" }},
		"from quoted LF":    {subject: "s", o: func(o *Options) { o.From = "\"a\nBcc: x@example.com\" <a@example.com>" }},
	} {
		t.Run(name, func(t *testing.T) {
			o := base
			if c.o != nil {
				c.o(&o)
			}
			for _, cs := range []string{"utf-8", "iso-2022-jp"} {
				o.Charset = cs
				var b bytes.Buffer
				_, err := Write(&b, c.subject, "ja", []byte("body\n"), []byte("<p>body</p>\n"), o)
				if err == nil {
					t.Errorf("%s: no error; wrote\n%s", cs, b.String())
				}
				if b.Len() > 0 {
					t.Errorf("%s: wrote %d bytes despite the error", cs, b.Len())
				}
			}
		})
	}
}

// TestAddressHeader checks From and To.
func TestAddressHeader(t *testing.T) {
	for _, c := range []struct {
		name, value string
		list        bool
		want        string // the field; "" to check only by reading back
		read        []string
	}{
		{"From", DefaultFrom, false, "From: noticegen draft <draft@example.invalid>\r\n", []string{`"noticegen draft" <draft@example.invalid>`}},
		{"To", DefaultTo, true, "To: admins@example.invalid\r\n", []string{"<admins@example.invalid>"}},
		{"To", "a@example.com, B <b@example.com>", true, "To: a@example.com, B <b@example.com>\r\n", []string{"<a@example.com>", `"B" <b@example.com>`}},
		{"From", `"Doe, John" <j@example.com>`, false, "From: \"Doe, John\" <j@example.com>\r\n", []string{`"Doe, John" <j@example.com>`}},
		{"From", "情報システム部 セキュリティ担当 <sec@example.co.jp>", false, "", nil},
		{"To", strings.Repeat("admin@example.com, ", 6) + "last@example.com", true, "", nil},
		{"To", "管理者 各位 <admins@example.co.jp>, 山田 太郎 <taro@example.co.jp>", true, "", nil},
	} {
		field, err := addressHeader(c.name, c.value, c.list)
		if err != nil {
			t.Errorf("%s %q: %v", c.name, c.value, err)
			continue
		}
		checkHeaderLines(t, field)
		if c.want != "" && field != c.want {
			t.Errorf("%s %q:\ngot  %q\nwant %q", c.name, c.value, field, c.want)
		}
		m, err := netmail.ReadMessage(strings.NewReader(field + "\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Header.AddressList(c.name)
		if err != nil {
			t.Errorf("%s %q: reading back %q: %v", c.name, c.value, field, err)
			continue
		}
		want, _ := netmail.ParseAddressList(c.value)
		if len(got) != len(want) {
			t.Errorf("%s %q: read back %v", c.name, c.value, got)
			continue
		}
		for i := range got {
			if *got[i] != *want[i] {
				t.Errorf("%s %q: address %d read back as %v, want %v", c.name, c.value, i, got[i], want[i])
			}
			if c.read != nil && got[i].String() != c.read[i] {
				t.Errorf("%s: %s, want %s", c.name, got[i], c.read[i])
			}
		}
	}
	for _, bad := range []string{"", "not an address", "a@example.com, b@example.com", "ユーザー@example.jp", "a@例え.jp"} {
		if field, err := addressHeader("From", bad, false); err == nil {
			t.Errorf("From %q: no error; %q", bad, field)
		}
	}
}

// FuzzEncodeSubject checks that any subject either is refused (invalid
// UTF-8, control characters) or is written with lines of at most 76
// characters and encoded-words of at most 75 and reads back as the
// original (ISO-2022-JP: as toJIS converts it).
func FuzzEncodeSubject(f *testing.F) {
	for _, s := range []string{
		"", "Security notice", "【共有】DSA の挙動について", "⚠️🔒 🇯🇵 👨‍💻", "ｶﾞｲﾄﾞ①㈱髙〜",
		"=?utf-8?q?x?=", "a  b", " x ", strings.Repeat("x", 100), strings.Repeat("長", 200),
		"a\r\nBcc: x", "e\u0301\u200d", "\U000E0100", "ﾞ",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, subject string, jis bool) {
		cs := utf8Charset
		if jis {
			cs = jisCharset
		}
		if err := checkHeaderText("subject", subject); err != nil {
			return // refused by Write before encoding
		}
		field, decoded, _, err := subjectHeader(subject, cs, true)
		if err != nil {
			t.Fatalf("subjectHeader(%q): %v", subject, err)
		}
		checkHeaderLines(t, field)
		want := subject
		if jis {
			want, _ = toJIS("subject", subject, true)
			if !representable(want) {
				t.Fatalf("toJIS(%q) = %q is not representable", subject, want)
			}
		}
		if decoded != want {
			t.Fatalf("decoded %q, want %q", decoded, want)
		}
		if got := readHeader(t, field, "Subject"); got != want {
			t.Fatalf("subject %q read back as %q\n%s", want, got, field)
		}
	})
}

// TestJoinSubject: a half-width space between an ASCII prefix and the
// subject, none after a full-width bracket or a prefix that ends in a space.
func TestJoinSubject(t *testing.T) {
	for _, c := range []struct{ prefix, subject, want string }{
		{"【未承認】", "【共有】DSA の挙動について", "【未承認】【共有】DSA の挙動について"},
		{"【未承認】", "Cisco ASA の脆弱性", "【未承認】Cisco ASA の脆弱性"},
		{"[DRAFT - NOT APPROVED]", "[Info] Behavior of DSA", "[DRAFT - NOT APPROVED] [Info] Behavior of DSA"},
		{"[DRAFT - not approved]", "【共有】DSA", "[DRAFT - not approved] 【共有】DSA"},
		{"[DRAFT] ", "x", "[DRAFT] x"},
		{"", "【共有】x", "【共有】x"},
	} {
		if got := JoinSubject(c.prefix, c.subject); got != c.want {
			t.Errorf("JoinSubject(%q, %q) = %q, want %q", c.prefix, c.subject, got, c.want)
		}
	}
}
