package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/noticegen/noticegen/internal/browsertest"
	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/web"
	"github.com/noticegen/noticegen/internal/workflow"
)

// TestBrowser drives the review page in a real headless Chromium: open the
// index, open the seed record, edit a field, see the preview change, save
// (as tanaka), approve as a second reviewer (suzuki, on their own server
// over the same records and log), see the status turn to approved, and
// check that the log verifies and holds the edit and the approval. With NOTICEGEN_SCREENSHOT set
// to a file name, a screenshot of the record page is written there.
func TestBrowser(t *testing.T) {
	dir := records(t)
	k, err := workflow.New(workflow.Settings{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	k.Locales = []string{"ja", "en"}
	// Two reviewers, each with their own server on the same records and
	// log, as colleagues work: tanaka edits, suzuki approves (who edited
	// a record may not approve it).
	ctx, stop := context.WithCancel(context.Background())
	var servers []chan error
	serve := func(as string) string {
		srv, err := web.New(web.Options{Dir: dir, Addr: "127.0.0.1:0", Kit: k, As: as, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		addrc := make(chan string, 1)
		done := make(chan error, 1)
		servers = append(servers, done)
		go func() { done <- srv.ListenAndServe(ctx, func(a string) { addrc <- a }) }()
		return "http://" + <-addrc
	}
	defer func() {
		stop()
		for _, done := range servers {
			if err := <-done; err != nil {
				t.Errorf("server: %v", err)
			}
		}
	}()
	base, second := serve("tanaka"), serve("suzuki")

	bctx := browsertest.Start(t, chromedp.WindowSize(1400, 1000))
	bctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	defer cancelT()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	get := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(bctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	do("open the index", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css("table.records")))
	if text := get(chromedp.Text(css("table.records"))); !strings.Contains(text, "Trend Micro Deep Security Agent") || !strings.Contains(text, "draft") {
		t.Fatalf("index: %q", text)
	}
	do("open the seed record",
		chromedp.Click(css(`a[href="/records/`+seedID+`"]`)),
		chromedp.WaitVisible(css(`section.draft[lang="ja"]`)))
	if text := get(chromedp.Text(css(`section.draft[lang="en"] pre`))); !strings.Contains(text, "Priority: Low") {
		t.Fatalf("English draft: %q", text)
	}
	do("open the editor",
		chromedp.Click(css(`a[href="/records/`+seedID+`/edit"]`)),
		chromedp.WaitVisible(css(`#yaml`)))
	text := get(chromedp.Value(css(`#yaml`)))
	edited := strings.Replace(text, "priority: low", "priority: medium", 1)
	if edited == text {
		t.Fatal("the editor does not hold the record")
	}
	do("edit a field and preview",
		chromedp.SetValue(css(`#yaml`), edited),
		chromedp.Click(css(`button[value="preview"]`)),
		chromedp.WaitVisible(css(`#preview`)))
	if h := get(chromedp.Text(css(`#preview h2`))); !strings.HasPrefix(h, "Preview:") {
		t.Fatalf("after preview: %q", h)
	}
	if text := get(chromedp.Text(css(`section.draft[lang="en"] pre`))); !strings.Contains(text, "Priority: Medium") {
		t.Fatalf("the preview does not show the change: %q", text)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, seedID+".yaml")); strings.Contains(string(data), "priority: medium") {
		t.Fatal("preview saved the file")
	}
	do("save", chromedp.Click(css(`button[value="save"]`)), chromedp.WaitVisible(css(`p.flash`)))
	// (The editor has no flash line: p.flash is the record page's.)
	if text := get(chromedp.Text(css(`p.flash`))); text != "Saved." {
		t.Fatalf("after save: %q", text)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, seedID+".yaml")); !strings.Contains(string(data), "priority: medium") {
		t.Fatal("save did not write the file")
	}
	// tanaka edited the record: the approval is suzuki's, on suzuki's page.
	do("open the record as the second reviewer",
		chromedp.Navigate(second+"/records/"+seedID),
		chromedp.WaitVisible(css(`button.approve`)))
	if text := get(chromedp.Text(css(`button.approve`))); text != "Approve as suzuki" {
		t.Fatalf("approve button: %q", text)
	}
	do("approve",
		chromedp.SetValue(css(`form[action$="/approve"] textarea`), "checked in the browser"),
		chromedp.Click(css(`button.approve`)),
		// The page before has no flash line (and already a history: the
		// edit), so wait for the flash of the page after.
		chromedp.WaitVisible(css(`p.flash`)))
	if text := get(chromedp.Text(css(`p.flash`))); text != "Approved." {
		t.Fatalf("after approving: %q", text)
	}
	if text := get(chromedp.Text(css(`h1 .badge`))); text != "approved (1/1)" {
		t.Fatalf("status after approval: %q", text)
	}
	if shot := os.Getenv("NOTICEGEN_SCREENSHOT"); shot != "" {
		do("reload", chromedp.Navigate(second+"/records/"+seedID), chromedp.WaitVisible(css(`section.draft`)))
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	verified, errs := workflow.Verify([]string{dir}, now)
	if len(errs) > 0 || len(verified) != 1 || len(verified[0].Entries) != 2 {
		t.Fatalf("verify: %v %v", verified, errs)
	}
	if e := verified[0].Entries[0]; e.Action != review.Edit || e.Reviewer != "tanaka" {
		t.Errorf("first log entry %+v, want tanaka's edit", e)
	}
	if e := verified[0].Entries[1]; e.Action != review.Approve || e.Reviewer != "suzuki" || e.Comment != "checked in the browser" {
		t.Errorf("second log entry %+v", e)
	}
}
