// Package browsertest starts the headless Chromium that the end-to-end
// tests drive (with chromedp), with the flags this workplace needs: no
// sandbox (tests run as root), and no background networking, component
// updates or sync (the network is closed; such connections only fail).
// It is imported only by tests.
package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/noticegen/noticegen/internal/golden"
)

// Start starts Chromium (NOTICEGEN_CHROMIUM; see golden.Tool) with a new
// profile and returns a browser context; extra options are added to the
// standard ones (a window size, say). The browser is stopped when the test
// ends.
func Start(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := golden.Tool(t, "NOTICEGEN_CHROMIUM")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	bctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelB()
		cancelA()
	})
	if err := chromedp.Do(bctx); err != nil { // start the browser
		t.Fatal(err)
	}
	return bctx
}
