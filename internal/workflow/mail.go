package workflow

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
)

// EML returns the function export builds .eml drafts with, in charset
// ("utf-8" or "iso-2022-jp") with the addresses of the policy file's mail
// settings (k.Config.Mail). The Date header is --now when given, else
// the record's last update (or publication) date at 00:00 UTC, so that
// re-exporting unchanged input gives the same bytes; mail clients set a
// fresh Date when the draft is sent. Message-ID and MIME boundary derive
// from the record, locale, content and date. d is the draft as export
// writes it: with the review gate's Banner (and then the subject prefix)
// when not approved, with the Disclosure when send-ready.
func (s *Kit) EML(charset string) export.EMLFunc {
	cfg := s.Config.Mail
	return func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error) {
		date := s.Now
		if !s.NowSet {
			day := rec.Published
			if !rec.Updated.IsZero() {
				day = rec.Updated
			}
			date = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		}
		// The ids follow the message's content: the draft's hash, and for
		// a send-ready draft its disclosure too (which the hash, being
		// of the draft as reviewed, leaves out), so that the message
		// naming the reviewers is not taken for the one without them.
		content := d.Hash()
		if d.Disclosure != "" {
			sum := sha256.Sum256([]byte(content + "\x00" + d.Disclosure))
			content = hex.EncodeToString(sum[:])
		}
		msgID, boundary := mail.DeriveIDs(rec.ID, d.Locale, content, date)
		prefix := ""
		if d.Banner != "" {
			p, err := s.Renderer.Catalog().T(d.Locale, "review.subject_prefix", nil)
			if err != nil {
				return nil, nil, err
			}
			prefix = strings.TrimSpace(p) // mail.JoinSubject adds a space where one belongs
		}
		var b bytes.Buffer
		issues, err := mail.Write(&b, d.Subject, d.Locale, text, html, mail.Options{
			From: cfg.From, To: cfg.To, Cc: cfg.Cc, Date: date, MessageID: msgID, Boundary: boundary,
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
		return b.Bytes(), notes, nil
	}
}
