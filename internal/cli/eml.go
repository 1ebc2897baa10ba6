package cli

import (
	"bytes"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/mail"
	"github.com/noticegen/noticegen/internal/render"
)

// mailConfig is the --config file: the addresses .eml drafts carry.
type mailConfig struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// loadMailConfig reads the mail settings file; "" gives the placeholders
// documented in internal/mail.
func loadMailConfig(path string) (mailConfig, error) {
	var c mailConfig
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("--config: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, fmt.Errorf("%s: %v", path, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return c, fmt.Errorf("%s: want a mapping with from and to", path)
	}
	var errs []string
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", path, k.Line, k.Column)
		var dst *string
		switch k.Value {
		case "from":
			dst = &c.From
		case "to":
			dst = &c.To
		default:
			errs = append(errs, fmt.Sprintf("%s: unknown field %q (want from, to)", at, k.Value))
			continue
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
			errs = append(errs, fmt.Sprintf("%s: %s: want an address as text", at, k.Value))
			continue
		}
		*dst = v.Value
		var err error
		if k.Value == "from" {
			_, err = netmail.ParseAddress(v.Value)
		} else {
			_, err = netmail.ParseAddressList(v.Value)
		}
		if err != nil || strings.ContainsAny(v.Value, "\r\n") {
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s: %q is not a valid address", path, v.Line, v.Column, k.Value, v.Value))
		}
	}
	if len(errs) > 0 {
		return c, errors.New(strings.Join(errs, "\n"))
	}
	return c, nil
}

// emlFunc builds .eml drafts. The Date header is --now when given, else
// the record's last update (or publication) date at 00:00 UTC, so that
// re-exporting unchanged input gives the same bytes; mail clients set a
// fresh Date when the draft is sent. Message-ID and MIME boundary derive
// from the record, locale, content and date.
func emlFunc(s *setup, charset string, cfg mailConfig) export.EMLFunc {
	return func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error) {
		date := s.now
		if !s.nowSet {
			day := rec.Published
			if !rec.Updated.IsZero() {
				day = rec.Updated
			}
			date = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		}
		msgID, boundary := mail.DeriveIDs(rec.ID, d.Locale, d.Hash(), date)
		prefix := ""
		if d.Banner != "" {
			p, err := s.renderer.Catalog().T(d.Locale, "review.subject_prefix", nil)
			if err != nil {
				return nil, nil, err
			}
			prefix = strings.TrimSpace(p) // mail.Write adds the space after it
		}
		var b bytes.Buffer
		issues, err := mail.Write(&b, d.Subject, d.Locale, text, html, mail.Options{
			From: cfg.From, To: cfg.To, Date: date, MessageID: msgID, Boundary: boundary,
			Charset: charset, SubjectPrefix: prefix,
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
