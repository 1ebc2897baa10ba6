package cli

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/noticegen/noticegen/internal/web"
)

// serveOptions are the flags of "noticegen serve".
type serveOptions struct {
	reviewFlags
	Addr        string
	As          string
	Auth        string
	UserHeader  string
	Proxies     listFlag
	Hosts       listFlag
	AllowRemote bool
	PageLang    string
}

func runServe(iox IO, args []string) error {
	var o serveOptions
	fs := newFlagSet(iox, "serve", "[flags]",
		"Serve the review page: every record of --dir with its Japanese and English drafts side by side,\n"+
			"check's findings, the review history, an editor, and approve / request-changes forms that follow\n"+
			"the same rules as 'noticegen review'. Binds to loopback unless told otherwise; Ctrl-C stops it.")
	o.registerDir(fs, dirHelpID)
	o.registerRender(fs)
	o.registerApprovals(fs)
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8750", "address to listen on, `host:port`")
	fs.StringVar(&o.As, "as", "", "with --auth local, the reviewer `NAME` (default: the operating system's user name)")
	fs.StringVar(&o.Auth, "auth", "local", "who is reviewing: local (the person running the server) or header (a sign-on proxy's header)")
	fs.StringVar(&o.UserHeader, "user-header", "X-Forwarded-User", "with --auth header, the request header that names the reviewer")
	fs.Var(&o.Proxies, "trusted-proxy", "with --auth header, the `address` (IP or CIDR, comma list or repeated) of the proxy; other clients get 401")
	fs.Var(&o.Hosts, "host", "another `host:port` the server may be reached by (a proxy's name), comma list or repeated")
	fs.BoolVar(&o.AllowRemote, "allow-remote", false, "allow --addr other than loopback (only with --auth header)")
	fs.StringVar(&o.PageLang, "page-lang", "ja", "locale whose draft is shown first (left); the others follow")
	o.registerKEV(fs, "the findings and the check an approval needs run the kev-* rules with it, as check --kev does, and documents uploaded on /new are imported with it")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments (the records are in --dir)")
	}
	if err := o.check(); err != nil {
		return err
	}
	if err := defaultDirExists(o.Dir, o.dirSet); err != nil {
		return err
	}
	opts := web.Options{Dir: o.Dir, Addr: o.Addr, Approvals: o.Approvals, Auth: web.Auth(o.Auth), As: o.As,
		UserHeader: o.UserHeader, AllowRemote: o.AllowRemote, Hosts: o.Hosts}
	if opts.Auth == web.AuthLocal && opts.As == "" {
		if opts.As = web.LocalUser(); opts.As == "" {
			return usagef("--as NAME is required: the operating system gives no user name")
		}
	}
	for _, p := range o.Proxies {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return usagef("--trusted-proxy %q: want an IP address or CIDR prefix", p)
			}
			pfx = netip.PrefixFrom(a, a.BitLen())
		}
		opts.TrustedProxies = append(opts.TrustedProxies, pfx)
	}
	k, err := o.kit()
	if err != nil {
		return err
	}
	// The page's language first; an approval still covers every locale.
	for i, l := range k.Locales {
		if l == o.PageLang {
			k.Locales = append(append([]string{l}, k.Locales[:i]...), k.Locales[i+1:]...)
			break
		}
	}
	opts.Kit = k
	if o.Now != "" {
		// A fixed clock (for tests and demonstrations) dates every decision.
		opts.Now = func() time.Time { return k.Now }
	}
	srv, err := web.New(opts)
	if err != nil {
		var oe *web.OptionError
		if errors.As(err, &oe) {
			return usagef("%v", err)
		}
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return srv.ListenAndServe(ctx, func(addr string) {
		who := "reviewer " + opts.As
		if opts.Auth == web.AuthHeader {
			who = "reviewers named by " + opts.UserHeader
		}
		fmt.Fprintf(iox.Err, "noticegen serve: http://%s/ (%s; records in %s); Ctrl-C stops it\n", addr, who, o.Dir)
	})
}
