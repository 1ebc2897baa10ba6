package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/noticegen/noticegen/internal/review"
)

// The headers every response carries. Pages load only their own style
// sheet and run no script; drafts are shown only in sandboxed frames of
// the server's own /draft/ responses, which carry policyDraft instead.
const (
	policyPage  = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	policyDraft = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)

const csrfCookie = "noticegen_csrf"

type ctxKey int

const (
	keyReviewer ctxKey = iota
	keyCSRF
)

// guard wraps every route: security headers, the Host check (against DNS
// rebinding), who is reviewing, the CSRF cookie, and for a POST the Origin
// check, the CSRF token and a size limit on the body.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", policyPage)
		h.Set("X-Content-Type-Options", "nosniff")
		// Not "no-referrer": under it browsers send "Origin: null" with
		// the server's own form posts, and the Origin check could not
		// tell them from another site's. "same-origin" still sends no
		// referrer to any other site (a link in a draft).
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if !s.hosts[strings.ToLower(r.Host)] {
			http.Error(w, "403 forbidden: this server does not answer to the host name "+quoteHost(r.Host), http.StatusForbidden)
			return
		}
		who, status, msg := s.reviewer(r)
		if status != 0 {
			if status == http.StatusUnauthorized {
				h.Set("WWW-Authenticate", `Proxy realm="noticegen"`)
			}
			http.Error(w, msg, status)
			return
		}
		token := ""
		if c, err := r.Cookie(csrfCookie); err == nil && s.issued(c.Value) {
			token = c.Value
		}
		if r.Method == http.MethodPost {
			if !s.sameOrigin(r) {
				http.Error(w, "403 forbidden: the request comes from another site (Origin "+r.Header.Get("Origin")+")", http.StatusForbidden)
				return
			}
			limit := int64(maxForm)
			if r.URL.Path == "/import" {
				limit = maxUpload
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			var err error
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				err = r.ParseMultipartForm(8 << 20)
			} else {
				err = r.ParseForm()
			}
			var tooBig *http.MaxBytesError
			switch {
			case errors.As(err, &tooBig):
				http.Error(w, fmt.Sprintf("413 request too large: at most %d bytes", tooBig.Limit), http.StatusRequestEntityTooLarge)
				return
			case err != nil:
				http.Error(w, "400 bad request: "+err.Error(), http.StatusBadRequest)
				return
			}
			if token == "" || !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(s.csrfToken(token, who))) {
				http.Error(w, "403 forbidden: the form's security token is missing or stale; reload the page and try again", http.StatusForbidden)
				return
			}
		}
		if token == "" {
			b := make([]byte, 16)
			rand.Read(b)
			token = s.sign(hex.EncodeToString(b))
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		}
		ctx := context.WithValue(r.Context(), keyReviewer, who)
		ctx = context.WithValue(ctx, keyCSRF, s.csrfToken(token, who))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// The CSRF cookie is a random value with the server's signature, so a
// cookie planted by another site (or another server on the host) is not
// taken; the form token is bound to the cookie and to the reviewer.

func (s *Server) mac(parts ...string) string {
	m := hmac.New(sha256.New, s.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}

func (s *Server) sign(v string) string { return v + "." + s.mac("cookie", v) }

// issued reports whether a cookie value is one this server signed.
func (s *Server) issued(c string) bool {
	v, sig, ok := strings.Cut(c, ".")
	return ok && len(v) == 32 && hmac.Equal([]byte(sig), []byte(s.mac("cookie", v)))
}

// csrfToken is the form token for a cookie and a reviewer: only this
// server, which holds the secret, can make it.
func (s *Server) csrfToken(cookie, reviewer string) string {
	return s.mac("form", cookie, reviewer)
}

// sameOrigin checks the Origin header of a POST, when the browser sends
// one: it must name this server.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return s.hosts[strings.ToLower(u.Host)] && strings.EqualFold(u.Host, r.Host)
}

// reviewer says who is making the request, or the status and message of
// a refusal.
func (s *Server) reviewer(r *http.Request) (string, int, string) {
	if s.o.Auth == AuthLocal {
		return s.o.As, 0, ""
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip, perr := netip.ParseAddr(host)
	trusted := false
	if err == nil && perr == nil {
		for _, p := range s.o.TrustedProxies {
			trusted = trusted || p.Contains(ip.Unmap())
		}
	}
	if !trusted {
		return "", http.StatusUnauthorized, "401 unauthorized: requests must come through the team's sign-on proxy"
	}
	names := r.Header.Values(s.o.UserHeader)
	if len(names) > 1 {
		// A proxy that appends rather than replaces would let a client
		// name itself.
		return "", http.StatusUnauthorized, "401 unauthorized: more than one " + s.o.UserHeader + " header"
	}
	name := r.Header.Get(s.o.UserHeader)
	if name == "" {
		return "", http.StatusUnauthorized, "401 unauthorized: the proxy sent no " + s.o.UserHeader + " header"
	}
	if err := review.CheckName(name); err != nil {
		return "", http.StatusUnauthorized, "401 unauthorized: " + s.o.UserHeader + ": " + err.Error()
	}
	return name, 0, ""
}

func reviewerOf(r *http.Request) string { s, _ := r.Context().Value(keyReviewer).(string); return s }
func csrfOf(r *http.Request) string     { s, _ := r.Context().Value(keyCSRF).(string); return s }

// quoteHost shows a Host header in a message without letting it shape
// the text.
func quoteHost(h string) string {
	if len(h) > 100 {
		h = h[:100]
	}
	return `"` + strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, h) + `"`
}
