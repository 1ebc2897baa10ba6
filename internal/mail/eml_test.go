package mail

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	netmail "net/mail"

	"github.com/google/go-cmp/cmp"
	"github.com/noticegen/noticegen/internal/golden"
	"golang.org/x/text/encoding/japanese"
)

var (
	jst      = time.FixedZone("JST", 9*60*60)
	testDate = time.Date(2026, 6, 9, 9, 30, 0, 0, jst)
)

// wordDecoder decodes encoded-words in UTF-8 and, with x/text, ISO-2022-JP.
var wordDecoder = &mime.WordDecoder{
	CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "iso-2022-jp") {
			return japanese.ISO2022JP.NewDecoder().Reader(r), nil
		}
		return nil, fmt.Errorf("unexpected charset %q", charset)
	},
}

// readPart is a body part as a reader gets it.
type readPart struct {
	mediaType, charset, encoding string
	raw                          string // as in the message
	text                         string // decoded, LF line breaks
}

// readMessage parses msg with net/mail and mime/multipart, checks what
// holds for every message this package writes, and returns the header and
// the decoded parts.
func readMessage(t *testing.T, msg []byte) (netmail.Header, []readPart) {
	t.Helper()
	for i, c := range msg {
		if c >= 0x80 || c == 0 {
			t.Fatalf("byte %#x at %d: the message must be 7-bit", c, i)
		}
		if c == '\n' && (i == 0 || msg[i-1] != '\r') || c == '\r' && (i+1 == len(msg) || msg[i+1] != '\n') {
			t.Fatalf("bare CR or LF at %d", i)
		}
	}
	checkLineLengths(t, msg)
	head, _, ok := strings.Cut(string(msg), "\r\n\r\n")
	if !ok {
		t.Fatal("no end of header")
	}
	checkHeaderLines(t, head+"\r\n")
	if !regexp.MustCompile(`(^|\r\n)Message-ID: <[^\r\n]+>\r\n[^ ]`).MatchString(head + "\r\n") {
		t.Errorf("Message-ID is not on a line of its own:\n%s", head)
	}

	m, err := netmail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt != "multipart/alternative" {
		b, err := io.ReadAll(m.Body)
		if err != nil {
			t.Fatal(err)
		}
		return m.Header, []readPart{decodePart(t, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), b)}
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var parts []readPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, decodePart(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), b))
	}
	return m.Header, parts
}

// checkLineLengths checks that every line of msg is at most 78 octets
// (RFC 5322 section 2.1.1), escape sequences included. The only exception
// is a line that holds one token of ASCII after its indentation, such as a
// long URL, which no line break can shorten.
func checkLineLengths(t *testing.T, msg []byte) {
	t.Helper()
	for i, line := range strings.Split(string(msg), "\r\n") {
		if len(line) <= 78 {
			continue
		}
		token := strings.TrimLeft(line, " ")
		if len(line) > 998 || strings.ContainsAny(token, " \t\x1b") {
			t.Errorf("line %d has %d octets (max 78): %q", i+1, len(line), line)
		}
	}
}

func decodePart(t *testing.T, contentType, encoding string, raw []byte) readPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatal(err)
	}
	p := readPart{mediaType: mt, charset: params["charset"], encoding: encoding, raw: string(raw)}
	data := raw
	switch encoding {
	case "base64":
		for _, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
			if len(line) > 76 {
				t.Errorf("base64 line of %d characters", len(line))
			}
		}
		if data, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", "")); err != nil {
			t.Fatal(err)
		}
	case "7bit":
	default:
		t.Fatalf("Content-Transfer-Encoding %q", encoding)
	}
	switch p.charset {
	case "utf-8":
		if !utf8.Valid(data) {
			t.Fatalf("%s part is not UTF-8", mt)
		}
		p.text = string(data)
	case "iso-2022-jp":
		for _, line := range bytes.Split(data, []byte("\r\n")) {
			checkJISWord(t, mt+" line", line)
		}
		p.text = xDecode(t, data)
	default:
		t.Fatalf("charset %q", p.charset)
	}
	if strings.Contains(strings.ReplaceAll(p.text, "\r\n", ""), "\n") {
		t.Errorf("%s part has a bare LF", mt)
	}
	p.text = strings.ReplaceAll(p.text, "\r\n", "\n")
	return p
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	sampleSubject = "【共有】Deep Security Agent (DSA) の挙動に関する報告について〜続報①"
	samplePrefix  = "[DRAFT - not approved]"
)

// sampleOptions are the options of the golden messages.
func sampleOptions(charset string) Options {
	id, boundary := DeriveIDs("2026-06-09-trend-micro-dsa-linux", "ja",
		"9f2c4e0b7d1a3c5e8f6a2b4d9c0e1f3a5b7c9d2e4f6a8b0c1d3e5f7a9b2c4d6e", testDate)
	return Options{
		From:          "情報システム部 セキュリティ担当 <security@example.co.jp>",
		To:            "管理者各位 <admins@example.co.jp>, helpdesk@example.co.jp",
		Date:          testDate,
		MessageID:     id,
		Boundary:      boundary,
		Charset:       charset,
		SubjectPrefix: samplePrefix,
	}
}

func writeSample(t *testing.T, charset string) ([]byte, []Issue) {
	t.Helper()
	var b bytes.Buffer
	issues, err := Write(&b, sampleSubject, "ja",
		readFile(t, "../../testdata/mail/sample_ja.txt"), readFile(t, "../../testdata/mail/sample_ja.html"),
		sampleOptions(charset))
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), issues
}

// TestGolden compares the sample message in both charsets with
// testdata/golden/mail_sample_ja_*.eml.
func TestGolden(t *testing.T) {
	for _, c := range []struct{ charset, file string }{
		{"utf-8", "mail_sample_ja_utf8.eml"},
		{"iso-2022-jp", "mail_sample_ja_iso2022jp.eml"},
	} {
		t.Run(c.charset, func(t *testing.T) {
			msg, _ := writeSample(t, c.charset)
			golden.Check(t, "../../testdata/golden/"+c.file, msg)
		})
	}
}

// TestRoundTrip writes the sample in both charsets, reads it back with
// net/mail and mime/multipart and compares every header and part with the
// input.
func TestRoundTrip(t *testing.T) {
	text := string(readFile(t, "../../testdata/mail/sample_ja.txt"))
	html := string(readFile(t, "../../testdata/mail/sample_ja.html"))
	fullSubject := samplePrefix + " " + sampleSubject

	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		t.Run(cs, func(t *testing.T) {
			msg, issues := writeSample(t, cs)
			h, parts := readMessage(t, msg)

			var names []string
			head, _, _ := strings.Cut(string(msg), "\r\n\r\n")
			for _, line := range strings.Split(head, "\r\n") {
				if name, _, ok := strings.Cut(line, ":"); ok && line[0] != ' ' {
					names = append(names, name)
				}
			}
			wantNames := []string{"X-Unsent", "MIME-Version", "Date", "Message-ID", "From", "To", "Subject", "Content-Language", "Content-Type"}
			if diff := cmp.Diff(wantNames, names); diff != "" {
				t.Errorf("header fields (-want +got):\n%s", diff)
			}
			o := sampleOptions(cs)
			for name, want := range map[string]string{
				"X-Unsent":         "1",
				"MIME-Version":     "1.0",
				"Date":             "Tue, 09 Jun 2026 09:30:00 +0900",
				"Message-ID":       o.MessageID,
				"Content-Language": "ja",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if d, err := h.Date(); err != nil || !d.Equal(testDate) {
				t.Errorf("Date = %v, %v", d, err)
			}
			from, err := h.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "情報システム部 セキュリティ担当" || from[0].Address != "security@example.co.jp" {
				t.Errorf("From = %v, %v", from, err)
			}
			to, err := h.AddressList("To")
			if err != nil || len(to) != 2 || to[0].Name != "管理者各位" || to[1].Address != "helpdesk@example.co.jp" {
				t.Errorf("To = %v, %v", to, err)
			}

			wantSubject, wantText, wantHTML := fullSubject, text, html
			var wantIssues []Issue
			if cs == "iso-2022-jp" {
				wantSubject = samplePrefix + " 【共有】Deep Security Agent (DSA) の挙動に関する報告について～続報(1)"
				wantText = strings.NewReplacer(
					"⚠️", "［注意］", "①", "(1)", "②", "(2)", "ｶﾞｲﾄﾞ", "ガイド", "㈱", "(株)", "髙", "高", "〜", "～",
				).Replace(text)
				wantIssues = []Issue{
					{"subject", 1, utf8.RuneCountInString(fullSubject), "①", Replaced, "(1)"},
					{"text", 1, 1, "⚠️", Replaced, "［注意］"},
					{"text", 9, 1, "①", Replaced, "(1)"},
					{"text", 10, 1, "②", Replaced, "(2)"},
					{"text", 10, 3, "ｶﾞｲﾄﾞ", Normalized, "ガイド"},
					{"text", 10, 9, "㈱", Replaced, "(株)"},
					{"text", 10, 10, "髙", Replaced, "高"},
				}
			}
			if got, err := wordDecoder.DecodeHeader(h.Get("Subject")); err != nil || got != wantSubject {
				t.Errorf("Subject = %q, %v\nwant      %q", got, err, wantSubject)
			}
			if diff := cmp.Diff(wantIssues, issues); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}

			if len(parts) != 2 {
				t.Fatalf("%d parts, want 2", len(parts))
			}
			// The text part keeps the charset asked for; the HTML part is
			// UTF-8 in both, as HTML5 requires.
			for i, want := range [][3]string{
				{"text/plain", cs, map[string]string{"utf-8": "base64", "iso-2022-jp": "7bit"}[cs]},
				{"text/html", "utf-8", "base64"},
			} {
				p := parts[i]
				if got := [3]string{p.mediaType, p.charset, p.encoding}; got != want {
					t.Errorf("part %d is %q, want %q", i+1, got, want)
				}
			}
			gotText := parts[0].text
			if cs == "iso-2022-jp" {
				// The sample's paragraphs are single lines, too long for
				// 7bit once encoded: they are broken between characters
				// or at spaces, which the break removes.
				unwrap := strings.NewReplacer("\n", "", " ", "")
				if unwrap.Replace(gotText) != unwrap.Replace(wantText) {
					t.Errorf("text part, line breaks and spaces removed:\n%s\nwant\n%s", gotText, wantText)
				}
				if n, m := strings.Count(gotText, "\n"), strings.Count(wantText, "\n"); n <= m {
					t.Errorf("text part has %d lines, want more than %d", n, m)
				}
			} else if diff := cmp.Diff(wantText, gotText); diff != "" {
				t.Errorf("text part (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantHTML, parts[1].text); diff != "" {
				t.Errorf("html part (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDeterministic checks that the same input gives the same bytes, and
// that derived ids follow the content.
func TestDeterministic(t *testing.T) {
	write := func(text string, o Options) []byte {
		var b bytes.Buffer
		if _, err := Write(&b, "件名", "ja", []byte(text), []byte("<p>"+text+"</p>"), o); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		o := Options{Date: testDate, Charset: cs}
		a, b := write("本文①", o), write("本文①", o)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two writes differ", cs)
		}
		c := write("本文②", o)
		ha, _ := readMessage(t, a)
		hc, _ := readMessage(t, c)
		if ha.Get("Message-ID") == hc.Get("Message-ID") || ha.Get("Content-Type") == hc.Get("Content-Type") {
			t.Errorf("%s: different bodies, same Message-ID %s or boundary", cs, ha.Get("Message-ID"))
		}
	}
}

func TestDeriveIDs(t *testing.T) {
	id, boundary := DeriveIDs("2026-06-09-trend-micro-dsa-linux", "ja", "abc", time.Date(2026, 6, 9, 0, 0, 0, 0, time.UTC))
	if want := regexp.MustCompile(`^<2026-06-09-trend-mic\.ja\.[0-9a-f]{12}@noticegen\.invalid>$`); !want.MatchString(id) {
		t.Errorf("Message-ID %q does not match %s", id, want)
	}
	if want := regexp.MustCompile(`^=_noticegen_[0-9a-f]{32}$`); !want.MatchString(boundary) {
		t.Errorf("boundary %q does not match %s", boundary, want)
	}
	same := time.Date(2026, 6, 9, 9, 0, 0, 0, jst) // the same instant
	if id2, b2 := DeriveIDs("2026-06-09-trend-micro-dsa-linux", "ja", "abc", same); id2 != id || b2 != boundary {
		t.Errorf("the same instant in another zone gives %s %s", id2, b2)
	}
	seen := map[string]bool{id: true, boundary: true}
	for _, args := range [][3]string{{"2026-06-09-trend-micro-dsa-linux", "en", "abc"}, {"2026-06-09-trend-micro-dsa-linux", "ja", "abd"}, {"other", "ja", "abc"}} {
		i, b := DeriveIDs(args[0], args[1], args[2], same)
		if seen[i] || seen[b] {
			t.Errorf("DeriveIDs%q repeats an id: %s %s", args, i, b)
		}
		seen[i], seen[b] = true, true
	}
	if i, _ := DeriveIDs("../evil id@x>\r\n", "ja-JP_x", "h", same); !messageIDRE.MatchString(i) || len("Message-ID: "+i) > maxLineLen {
		t.Errorf("unsafe record id gives Message-ID %q", i)
	}
	if i, _ := DeriveIDs("", "", "h", same); !messageIDRE.MatchString(i) {
		t.Errorf("empty record id gives Message-ID %q", i)
	}
}

// TestTextOnly checks that without an HTML body the message is a single
// text/plain part.
func TestTextOnly(t *testing.T) {
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		var b bytes.Buffer
		if _, err := Write(&b, "件名", "ja", []byte("本文\n二行目\n"), nil, Options{Date: testDate, Charset: cs}); err != nil {
			t.Fatal(err)
		}
		h, parts := readMessage(t, b.Bytes())
		if len(parts) != 1 || parts[0].mediaType != "text/plain" || parts[0].text != "本文\n二行目\n" {
			t.Errorf("%s: parts %+v", cs, parts)
		}
		if h.Get("X-Unsent") != "1" || h.Get("From") != DefaultFrom || h.Get("To") != DefaultTo {
			t.Errorf("%s: header %v", cs, h)
		}
	}
}

// TestEnglishISO2022JP checks that an English draft in ISO-2022-JP is plain
// ASCII, unencoded and without issues.
func TestEnglishISO2022JP(t *testing.T) {
	var b bytes.Buffer
	text := "Dear administrators,\n\nPlease update the agent.\n"
	issues, err := Write(&b, "Security notice: Deep Security Agent", "en", []byte(text), []byte("<p>Please update.</p>\n"), Options{Date: testDate, Charset: "iso-2022-jp"})
	if err != nil || len(issues) > 0 {
		t.Fatalf("issues %v, error %v", issues, err)
	}
	h, parts := readMessage(t, b.Bytes())
	if h.Get("Subject") != "Security notice: Deep Security Agent" || h.Get("Content-Language") != "en" {
		t.Errorf("header %v", h)
	}
	if parts[0].encoding != "7bit" || !strings.Contains(parts[0].raw, "Please update the agent.\r\n") || parts[0].text != text {
		t.Errorf("text part %+v", parts[0])
	}
	// An English draft with ⚠ gets the English replacement.
	b.Reset()
	issues, err = Write(&b, "Notice", "en", []byte("⚠️ Check first.\n"), nil, Options{Date: testDate, Charset: "iso-2022-jp"})
	if err != nil || len(issues) != 1 || issues[0].Replacement != "(!)" {
		t.Errorf("issues %v, error %v", issues, err)
	}
}

// TestLongLines checks that ISO-2022-JP text lines too long for 78 octets
// are broken (a paragraph of 1,200 octets, a disclaimer that ［注意］ made
// longer), while a URL longer than a line stays whole and a single token
// longer than 998 octets makes the part base64.
func TestLongLines(t *testing.T) {
	url := "https://example.com/" + strings.Repeat("a", 80)
	text := strings.Repeat("長い段落の本文です。", 60) + "\n" +
		"⚠️ これは AI が生成した参考例です。配信前に必ず内容をご確認のうえ、貴\n" +
		"1. 高負荷環境で運用しているサーバーにおいて、ds_amプロセスのfd上限を確認\n" +
		"  " + url + "\n"
	var b bytes.Buffer
	if _, err := Write(&b, "件名", "ja", []byte(text), []byte("<p>"+text+"</p>"), Options{Date: testDate, Charset: "iso-2022-jp"}); err != nil {
		t.Fatal(err)
	}
	_, parts := readMessage(t, b.Bytes())
	if parts[0].encoding != "7bit" || parts[1].encoding != "base64" {
		t.Errorf("encodings %s, %s", parts[0].encoding, parts[1].encoding)
	}
	lines := strings.Split(parts[0].text, "\n")
	if len(lines) < 20 {
		t.Errorf("text part has %d lines:\n%s", len(lines), parts[0].text)
	}
	// The list item continues at its text, "1. " → 3 spaces.
	item := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "1. ") })
	if item < 0 || item+2 >= len(lines) || !strings.HasPrefix(lines[item+1], "   ") || lines[item+2] != "  "+url {
		t.Errorf("list item not continued at its text, or URL broken:\n%s", parts[0].text)
	}
	if strings.ReplaceAll(parts[1].text, "\r\n", "\n") != "<p>"+text+"</p>" {
		t.Errorf("the HTML part changed")
	}

	b.Reset()
	token := strings.Repeat("x", 1000)
	if _, err := Write(&b, "件名", "ja", []byte("本文\n"+token+"\n"), nil, Options{Date: testDate, Charset: "iso-2022-jp"}); err != nil {
		t.Fatal(err)
	}
	_, parts = readMessage(t, b.Bytes())
	if parts[0].encoding != "base64" || parts[0].text != "本文\n"+token+"\n" {
		t.Errorf("a 1000-octet token: %s, %.40q", parts[0].encoding, parts[0].text)
	}
}

// TestRewrap checks that an ISO-2022-JP text that does not fit is asked
// for again at smaller widths, and the widest that fits is used, with the
// issues still located in the text as given.
func TestRewrap(t *testing.T) {
	para := "⚠️ これは AI が生成した参考例です。配信前に必ず内容をご確認のうえ、貴社の状況に合わせて編集してご利用ください。"
	var asked []int
	o := Options{Date: testDate, Charset: "iso-2022-jp", TextWidth: 70, Rewrap: func(w int) ([]byte, error) {
		asked = append(asked, w)
		return []byte(strings.Join(wrapForTest(para, w), "\n") + "\n"), nil
	}}
	var b bytes.Buffer
	issues, err := Write(&b, "件名", "ja", []byte(strings.Join(wrapForTest(para, 70), "\n")+"\n"), nil, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) == 0 || asked[0] != 69 {
		t.Fatalf("Rewrap asked for %v, want 69 first", asked)
	}
	chosen := asked[len(asked)-1]
	_, parts := readMessage(t, b.Bytes())
	if want := strings.ReplaceAll(strings.Join(wrapForTest(para, chosen), "\n")+"\n", "⚠️", "［注意］"); parts[0].text != want {
		t.Errorf("text part:\n%s\nwant (width %d):\n%s", parts[0].text, chosen, want)
	}
	// The widest: one column more does not fit.
	wider := strings.ReplaceAll(strings.Join(wrapForTest(para, chosen+1), "\n"), "⚠️", "［注意］")
	if jisFits(wider) {
		t.Errorf("width %d was chosen, but %d fits", chosen, chosen+1)
	}
	if len(issues) != 1 || issues[0].Line != 1 || issues[0].Column != 1 {
		t.Errorf("issues %v", issues)
	}

	o.Rewrap = func(int) ([]byte, error) { return nil, fmt.Errorf("no") }
	if _, err := Write(&b, "件名", "ja", []byte(para+"\n"), nil, o); err == nil || err.Error() != "no" {
		t.Errorf("Rewrap's error: %v", err)
	}
}

// wrapForTest breaks s every width/2 characters (s is all full-width but
// for a few ASCII words, so this is roughly width columns).
func wrapForTest(s string, width int) []string {
	rs := []rune(s)
	var out []string
	for len(rs) > 0 {
		n := min(len(rs), width/2)
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return out
}

// TestBodyLineBreaks checks that CRLF and LF input give the same message.
func TestBodyLineBreaks(t *testing.T) {
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		var a, b bytes.Buffer
		o := Options{Date: testDate, Charset: cs, MessageID: "<x@y>", Boundary: "b1"}
		if _, err := Write(&a, "s", "ja", []byte("一\n二\n"), []byte("<p>\n"), o); err != nil {
			t.Fatal(err)
		}
		if _, err := Write(&b, "s", "ja", []byte("一\r\n二\r\n"), []byte("<p>\r\n"), o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: CRLF input differs from LF input", cs)
		}
	}
}

// TestMetaCharset checks that a charset declaration in the HTML says
// utf-8, the charset of the HTML part whatever the message's.
func TestMetaCharset(t *testing.T) {
	html := `<html><head><META Charset="UTF-8"><meta http-equiv="Content-Type" content="text/html; charset=shift_jis"></head><body>本文</body></html>`
	for cs, want := range map[string]string{
		"utf-8":       `<html><head><META Charset="UTF-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>本文</body></html>`,
		"iso-2022-jp": `<html><head><META Charset="UTF-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>本文</body></html>`,
	} {
		var b bytes.Buffer
		if _, err := Write(&b, "s", "ja", []byte("本文"), []byte(html), Options{Date: testDate, Charset: cs}); err != nil {
			t.Fatal(err)
		}
		_, parts := readMessage(t, b.Bytes())
		if parts[1].text != want {
			t.Errorf("%s:\ngot  %s\nwant %s", cs, parts[1].text, want)
		}
	}
}

// TestWriteErrors checks arguments that Write refuses.
func TestWriteErrors(t *testing.T) {
	ok := Options{Date: testDate}
	for name, c := range map[string]struct {
		subject, locale, text, html string
		o                           func(*Options)
		want                        string
	}{
		"charset":            {o: func(o *Options) { o.Charset = "shift_jis" }, want: "unsupported charset"},
		"no date":            {o: func(o *Options) { o.Date = time.Time{} }, want: "Date is not set"},
		"locale":             {locale: "ja\r\nX: y", want: "malformed locale"},
		"empty locale":       {locale: "-", want: "malformed locale"},
		"empty subject":      {subject: " ", want: "subject is empty"},
		"message id":         {o: func(o *Options) { o.MessageID = "no-angle@x" }, want: "malformed Message-ID"},
		"message id space":   {o: func(o *Options) { o.MessageID = "<a b@x>" }, want: "malformed Message-ID"},
		"boundary chars":     {o: func(o *Options) { o.Boundary = "a\"b" }, want: "boundary"},
		"boundary long":      {o: func(o *Options) { o.Boundary = strings.Repeat("b", 65) }, want: "longer than 64"},
		"text UTF-8":         {text: "a\n\xffb", want: "text:2:1: invalid UTF-8"},
		"text ESC":           {text: "ab\x1b$B", want: "text:1:3: control character U+001B"},
		"text lone CR":       {text: "a\rb", want: "text:1:2: control character U+000D"},
		"html NUL":           {html: "<p>\x00</p>", want: "html:1:4: control character U+0000"},
		"boundary in body":   {text: "--b1\n", o: func(o *Options) { o.Charset = "iso-2022-jp"; o.Boundary = "b1" }, want: "occurs in the text/plain"},
		"from non-ASCII":     {o: func(o *Options) { o.From = "ユーザー@example.jp" }, want: "from"},
		"to malformed":       {o: func(o *Options) { o.To = "a@b@c" }, want: "to"},
		"prefix bad UTF-8":   {o: func(o *Options) { o.SubjectPrefix = "\xff" }, want: "subject prefix is not valid UTF-8"},
		"locale underscore":  {locale: "ja_JP", want: "malformed locale"},
		"message id too ...": {o: func(o *Options) { o.MessageID = "<" + strings.Repeat("a", 300) + "@x>" }, want: "malformed Message-ID"},
	} {
		t.Run(name, func(t *testing.T) {
			o := ok
			if c.o != nil {
				c.o(&o)
			}
			subject, locale, text, html := "件名", "ja", "本文\n", "<p>本文</p>\n"
			if c.subject != "" {
				subject = c.subject
			}
			if c.locale != "" {
				locale = c.locale
			}
			if c.text != "" {
				text = c.text
			}
			if c.html != "" {
				html = c.html
			}
			var b bytes.Buffer
			_, err := Write(&b, subject, locale, []byte(text), []byte(html), o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
			if b.Len() > 0 {
				t.Errorf("wrote %d bytes despite the error", b.Len())
			}
		})
	}
}

// TestWriteError checks that an error of the writer is returned.
func TestWriteError(t *testing.T) {
	_, err := Write(failWriter{}, "s", "en", []byte("t"), nil, Options{Date: testDate})
	if err == nil || err.Error() != "disk full" {
		t.Errorf("error %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func ExampleDeriveIDs() {
	id, boundary := DeriveIDs("2026-06-09-trend-micro-dsa-linux", "ja", "0123abcd", time.Date(2026, 6, 9, 0, 0, 0, 0, time.UTC))
	fmt.Println(len("Message-ID: "+id) <= 78, strings.HasPrefix(id, "<2026-06-09-trend-mic.ja."), strings.HasPrefix(boundary, "=_noticegen_"))
	// Output: true true true
}
