package workflow

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
)

// MailSettings are the addresses .eml drafts carry (export --config).
type MailSettings struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// LoadMailSettings reads the mail settings file; "" gives the placeholders
// documented in internal/mail. It is decoded as strictly as a record
// (unknown and duplicate keys, wrong types: every problem at once, located
// as path:line:col), and each address must parse with net/mail and hold no
// line break or other control character, which could forge a header.
func LoadMailSettings(path string) (MailSettings, error) {
	var c MailSettings
	if path == "" {
		return c, nil
	}
	data, err := advisory.Read(path)
	if err != nil {
		return c, fmt.Errorf("--config: %w", err)
	}
	pos, err := advisory.DecodeStrict(path, data, "mail settings", &c)
	var list advisory.ErrorList
	if err != nil && !errors.As(err, &list) {
		return c, err
	}
	bad := map[string]bool{} // fields that did not decode
	for _, e := range list {
		bad[e.Field] = true
	}
	check := func(field, v string, parse func(string) error) {
		if bad[field] {
			return
		}
		if v == "" {
			if _, given := pos[field]; given {
				list = append(list, &advisory.Error{File: path, Pos: pos[field], Field: field, Msg: "is empty"})
			}
			return
		}
		if i := strings.IndexFunc(v, isControl); i >= 0 {
			list = append(list, &advisory.Error{File: path, Pos: pos[field], Field: field,
				Msg: fmt.Sprintf("%q holds the control character %U; an address is one line of plain printable text", v, []rune(v[i:])[0])})
			return
		}
		if err := parse(v); err != nil {
			list = append(list, &advisory.Error{File: path, Pos: pos[field], Field: field,
				Msg: fmt.Sprintf("%q is not a valid address (%v)", v, strings.TrimPrefix(err.Error(), "mail: "))})
		}
	}
	check("from", c.From, func(s string) error { _, err := netmail.ParseAddress(s); return err })
	check("to", c.To, func(s string) error { _, err := netmail.ParseAddressList(s); return err })
	if len(list) > 0 {
		list.Sort()
		return MailSettings{}, list
	}
	return c, nil
}

// isControl reports a C0 or C1 control character, DEL, or a bidirectional
// control (which can make an address read as another).
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 || advisory.IsBidiControl(r) }

// EML returns the function export builds .eml drafts with, in charset
// ("utf-8" or "iso-2022-jp") with the addresses of m. The Date header is --now when given, else
// the record's last update (or publication) date at 00:00 UTC, so that
// re-exporting unchanged input gives the same bytes; mail clients set a
// fresh Date when the draft is sent. Message-ID and MIME boundary derive
// from the record, locale, content and date.
func (s *Kit) EML(charset string, cfg MailSettings) export.EMLFunc {
	return func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error) {
		date := s.Now
		if !s.NowSet {
			day := rec.Published
			if !rec.Updated.IsZero() {
				day = rec.Updated
			}
			date = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		}
		msgID, boundary := mail.DeriveIDs(rec.ID, d.Locale, d.Hash(), date)
		prefix := ""
		if d.Banner != "" {
			p, err := s.Renderer.Catalog().T(d.Locale, "review.subject_prefix", nil)
			if err != nil {
				return nil, nil, err
			}
			prefix = strings.TrimSpace(p) // mail.JoinSubject adds a space where one belongs
		}
		msg, issues, err := mail.Message(d.Subject, d.Locale, text, html, mail.Options{
			From: cfg.From, To: cfg.To, Date: date, MessageID: msgID, Boundary: boundary,
			Charset: charset, SubjectPrefix: prefix,
			TextWidth: format.Width, Rewrap: func(width int) ([]byte, error) { return format.BodyWidth(d, width), nil },
		})
		if err != nil {
			return nil, nil, err
		}
		var notes []string
		for _, i := range issues {
			notes = append(notes, i.String())
		}
		return msg, notes, nil
	}
}
