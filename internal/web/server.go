// Package web is noticegen's review page: a local web application where a
// team reads the Japanese and English drafts of a record side by side as
// they will arrive, sees check's findings and what changed since the last
// approval, edits the record, and approves it or asks for changes. It holds
// no workflow of its own: every action is a call into internal/workflow,
// the same the command line makes. It is the only package that knows
// about HTTP.
package web

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os/user"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Auth is how the server learns who is reviewing.
type Auth string

const (
	// AuthLocal: the server belongs to the person who runs it; the
	// reviewer is Options.As.
	AuthLocal Auth = "local"
	// AuthHeader: the server sits behind the team's single-sign-on proxy;
	// the reviewer is the value of Options.UserHeader, accepted only from
	// Options.TrustedProxies.
	AuthHeader Auth = "header"
)

// Options configure a Server.
type Options struct {
	Dir       string // the records directory; its review log is used
	Addr      string // the address the server listens on, host:port
	Kit       *workflow.Kit
	Approvals int // approvals by distinct reviewers the content needs

	Auth           Auth
	As             string // the reviewer, with AuthLocal
	UserHeader     string // with AuthHeader; default X-Forwarded-User
	TrustedProxies []netip.Prefix
	// AllowRemote must be set to listen on an address other than
	// loopback; it is refused with AuthLocal.
	AllowRemote bool
	// Hosts are the Host header values accepted besides Addr itself (and,
	// on loopback, localhost and 127.0.0.1 / [::1] with Addr's port): the
	// names a proxy or browser uses for the server. Anything else is
	// refused, against DNS rebinding.
	Hosts []string

	// Now is the clock that dates decisions; nil is time.Now.
	Now func() time.Time
}

// OptionError is an option New refuses (a non-loopback address with
// --auth local, a missing --trusted-proxy): a mistake in how the server
// was started, named by its flag.
type OptionError struct{ Msg string }

func (e *OptionError) Error() string { return e.Msg }

func optionErrorf(format string, args ...any) error {
	return &OptionError{fmt.Sprintf(format, args...)}
}

// Server is the review page.
type Server struct {
	o        Options
	tmpl     map[string]*template.Template
	secret   []byte // keys the CSRF tokens
	hosts    map[string]bool
	loopback bool
}

// New checks the options and builds the server. It does not listen.
func New(o Options) (*Server, error) {
	if o.Kit == nil {
		return nil, errors.New("web: no workflow.Kit")
	}
	if o.Approvals < 1 {
		o.Approvals = 1
	}
	if o.Kit.Looks == nil {
		// Pages list every record: render only those that changed.
		k := *o.Kit
		k.Looks = workflow.NewLookCache(4096)
		o.Kit = &k
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Auth == "" {
		o.Auth = AuthLocal
	}
	if o.UserHeader == "" {
		o.UserHeader = "X-Forwarded-User"
	}
	host, port, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, optionErrorf("--addr %s: %v", o.Addr, err)
	}
	s := &Server{o: o, hosts: map[string]bool{strings.ToLower(o.Addr): true}}
	ip, ipErr := netip.ParseAddr(strings.Trim(host, "[]"))
	s.loopback = host == "localhost" || ipErr == nil && ip.IsLoopback()
	switch o.Auth {
	case AuthLocal:
		if !s.loopback {
			return nil, optionErrorf("--addr %s: with --auth local the server binds to loopback only (127.0.0.1, ::1 or localhost): anyone who reaches it would review as %s", o.Addr, o.As)
		}
		if err := review.CheckName(o.As); err != nil {
			return nil, optionErrorf("--as: %v", err)
		}
	case AuthHeader:
		if len(o.TrustedProxies) == 0 {
			return nil, optionErrorf("--auth header needs --trusted-proxy: the addresses of the proxy that sets %s", o.UserHeader)
		}
		if !s.loopback && !o.AllowRemote {
			return nil, optionErrorf("--addr %s is not a loopback address: add --allow-remote to listen there", o.Addr)
		}
	default:
		return nil, optionErrorf("--auth %q: want local or header", o.Auth)
	}
	if s.loopback {
		for _, h := range []string{"localhost", "127.0.0.1", "[::1]"} {
			s.hosts[h+":"+port] = true
		}
	}
	for _, h := range o.Hosts {
		s.hosts[strings.ToLower(h)] = true
	}
	s.secret = make([]byte, 32)
	if _, err := rand.Read(s.secret); err != nil {
		return nil, err
	}
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "record", "edit", "new", "error"} {
		t, err := template.New(name).Funcs(template.FuncMap{"short": review.Short}).
			ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		s.tmpl[name] = t
	}
	return s, nil
}

// LocalUser is the reviewer name --auth local defaults to: the operating
// system's user name.
func LocalUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return ""
}

// Limits of a request.
const (
	maxForm   = 2 << 20  // a record is at most 1 MiB; its text is sent twice by the editor
	maxUpload = 33 << 20 // import takes documents of up to 32 MiB
)

// Handler returns the server's routes behind its security checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /records/{id}", s.record)
	mux.HandleFunc("GET /records/{id}/draft/{locale}", s.draftHTML)
	mux.HandleFunc("POST /records/{id}/approve", s.decide(review.Approve))
	mux.HandleFunc("POST /records/{id}/request-changes", s.decide(review.RequestChanges))
	mux.HandleFunc("GET /records/{id}/edit", s.edit)
	mux.HandleFunc("POST /records/{id}/edit", s.editPost)
	mux.HandleFunc("GET /new", s.newForm)
	mux.HandleFunc("POST /new", s.newPost)
	mux.HandleFunc("POST /import", s.importPost)
	mux.HandleFunc("GET /api/records", s.apiList)
	mux.HandleFunc("GET /api/records/{id}", s.apiRecord)
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	return s.guard(mux)
}

// ListenAndServe serves until ctx is done, then shuts down gracefully:
// requests in progress (an append to the review log) finish first.
// ready, when not nil, receives the address once the server listens.
func (s *Server) ListenAndServe(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.o.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// With port 0 the system picks the port: the Host names the server
	// answers to are those of the address it really listens on.
	if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		s.hosts[strings.ToLower(ln.Addr().String())] = true
		if s.loopback {
			for _, h := range []string{"localhost", "127.0.0.1", "[::1]"} {
				s.hosts[h+":"+port] = true
			}
		}
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		return nil
	}
}
