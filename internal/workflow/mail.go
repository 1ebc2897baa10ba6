package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
)

// EML returns the function export builds .eml drafts with, in charset
// ("utf-8" or "iso-2022-jp") with the addresses of the policy file's mail
// settings (k.Config.Mail): EMLFor without an audience.
func (s *Kit) EML(charset string) export.EMLFunc { return s.EMLFor(charset, nil) }

// EMLFor returns the function export builds .eml drafts with, in charset
// ("utf-8" or "iso-2022-jp"). From is the policy file's mail.from; To and
// Cc are its mail.to and mail.cc, or, with aud, the audience's. The Date
// header is --now when given, else the record's last update (or
// publication) date at 00:00 UTC, so that re-exporting unchanged input
// gives the same bytes; mail clients set a fresh Date when the draft is
// sent. Message-ID and MIME boundary derive from the record, locale,
// content and date. d is the draft as export writes it: with the review
// gate's Banner (and then the subject prefix) when not approved, with the
// Disclosure when send-ready.
//
// A recipient that the record's TLP marking does not allow (see
// Distribution) refuses the draft: the function returns an
// *export.Refusal naming the rule and the addresses, and export writes no
// .eml for it. The subject starts with the TLP label, before the review
// gate's prefix: "[TLP:AMBER] 【未承認】【共有】…".
func (s *Kit) EMLFor(charset string, aud *config.Audience) export.EMLFunc {
	cfg := s.Config.Mail
	to, cc := cfg.To, cfg.Cc
	if aud != nil {
		to, cc = aud.To, aud.Cc
	}
	dist := s.Distribution(aud)
	return func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error) {
		if err := dist.Check(rec.TLP); err != nil {
			return nil, nil, &export.Refusal{Err: err}
		}
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
		prefix, subject := "", d.Subject
		if d.Banner != "" {
			p, err := s.Renderer.Catalog().T(d.Locale, "review.subject_prefix", nil)
			if err != nil {
				return nil, nil, err
			}
			// The TLP label stays first; mail.JoinSubject adds a space
			// after the prefix where one belongs.
			mark, rest := d.SplitSubject()
			prefix, subject = mark+strings.TrimSpace(p), rest
		}
		msg, issues, err := mail.Message(subject, d.Locale, text, html, mail.Options{
			From: cfg.From, To: to, Cc: cc, Date: date, MessageID: msgID, Boundary: boundary,
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
