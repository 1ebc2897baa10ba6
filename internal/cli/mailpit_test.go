package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	netmail "net/mail"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/golden"
)

// TestMailpit starts Mailpit (github.com/axllent/mailpit, an SMTP server
// for testing with an HTTP API) on free loopback ports, delivers the .eml
// drafts of the seed record, the other bundled records and a TLP:AMBER
// record, in both locales
// and both charsets, over SMTP, and reads them back through the API:
// Mailpit parsed each one (the
// Message-ID, the subject, a text and an HTML body, no attachments; the
// stored source is the message sent), and its HTML compatibility check
// (caniemail.com's data) rates under 1 % of the HTML unsupported. .ci/run
// installs Mailpit and sets NOTICEGEN_MAILPIT to the binary; without it
// the test is skipped, and under CI it fails.
func TestMailpit(t *testing.T) {
	bin := golden.Tool(t, "NOTICEGEN_MAILPIT")
	api, smtpAddr := startMailpit(t, bin)

	// One charset at a time: the two exports of a draft share their
	// Message-ID (it derives from the draft, not the charset).
	for _, cs := range []string{"utf-8", "iso-2022-jp"} {
		deliverAndCheck(t, api, smtpAddr, cs)
		req, _ := http.NewRequest(http.MethodDelete, api+"/api/v1/messages", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
}

// deliverAndCheck delivers the bundled records' .eml drafts (the seed's
// among them) in charset to Mailpit and checks what Mailpit made of them.
// The records with links matter: word-break on links made them 1.3-3.1 %
// unsupported.
func deliverAndCheck(t *testing.T, api, smtpAddr, cs string) {
	type sent struct {
		name, messageID, subject string
		raw                      []byte
	}
	var all []sent
	// With the TLP:AMBER record (the seed, marked), sent where the
	// marking allows: its HTML has the marking line above the card.
	policy := filepath.Join(t.TempDir(), "noticegen.yaml")
	if err := os.WriteFile(policy, []byte("mail:\n  to: admins@example.co.jp\norganisation:\n  domains: [example.co.jp]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	msgs := exportEML(t, cs, append(golden.Samples(t, "../.."), "../../testdata/tlp/dsa-amber.yaml", "--config", policy)...)
	var names []string
	for name := range msgs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := msgs[name]
		m, err := netmail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		subject, err := wordDecoder.DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			t.Fatal(err)
		}
		from, _ := m.Header.AddressList("From")
		to, _ := m.Header.AddressList("To")
		if err := smtp.SendMail(smtpAddr, nil, from[0].Address, []string{to[0].Address}, raw); err != nil {
			t.Fatalf("%s %s: SMTP: %v", cs, name, err)
		}
		all = append(all, sent{cs + " " + name, strings.Trim(m.Header.Get("Message-ID"), "<>"), subject, raw})
	}
	if want := 2*len(golden.Samples(t, "../..")) + 2; len(all) != want || !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "2026-06-09-trend-micro-dsa-linux/") }) {
		t.Fatalf("%s: exported %q, want %d messages (ja and en) with the seed's", cs, names, want)
	}

	var list struct {
		Total    int
		Messages []struct{ ID, MessageID string }
	}
	getJSON(t, api+"/api/v1/messages?limit=50", &list)
	byMessageID := map[string]string{}
	for _, m := range list.Messages {
		byMessageID[m.MessageID] = m.ID
	}
	if list.Total != len(all) {
		t.Errorf("%s: Mailpit holds %d messages, want %d", cs, list.Total, len(all))
	}
	for _, s := range all {
		id, ok := byMessageID[s.messageID]
		if !ok {
			t.Errorf("%s: Mailpit has no message with Message-ID %s (it has %v)", s.name, s.messageID, byMessageID)
			continue
		}
		var m struct {
			MessageID, Subject, Text, HTML string
			Attachments, Inline            []any
		}
		getJSON(t, api+"/api/v1/message/"+id, &m)
		// Mailpit joins the subject prefix with the subject as any reader:
		// the decoded encoded-words, with the folding removed.
		if m.Subject != s.subject {
			t.Errorf("%s: Mailpit's subject %q, want %q", s.name, m.Subject, s.subject)
		}
		if !strings.Contains(m.Text, "AI") || !strings.Contains(m.HTML, "<h1") || !strings.Contains(m.HTML, `<meta charset="utf-8">`) {
			t.Errorf("%s: Mailpit did not parse the parts:\ntext %.200q\nhtml %.200q", s.name, m.Text, m.HTML)
		}
		if len(m.Attachments)+len(m.Inline) > 0 {
			t.Errorf("%s: %d attachments, %d inline parts", s.name, len(m.Attachments), len(m.Inline))
		}
		raw := get(t, api+"/api/v1/message/"+id+"/raw")
		if !bytes.Contains(raw, s.raw) && !bytes.Contains(raw, bytes.TrimSuffix(s.raw, []byte("\r\n"))) {
			t.Errorf("%s: the source Mailpit stored is not the message sent", s.name)
		}

		var check struct {
			Total struct {
				Nodes                           int
				Supported, Partial, Unsupported float64
			}
			Warnings []struct {
				Slug  string
				Score struct {
					Found       int
					Unsupported float64
				}
			}
		}
		getJSON(t, api+"/api/v1/message/"+id+"/html-check", &check)
		if check.Total.Nodes == 0 {
			t.Errorf("%s: the HTML check saw no HTML", s.name)
		}
		t.Logf("%s: HTML check: %.1f %% supported, %.1f %% partial, %.2f %% unsupported (%d nodes)",
			s.name, check.Total.Supported, check.Total.Partial, check.Total.Unsupported, check.Total.Nodes)
		if check.Total.Unsupported >= 1 {
			var worst []string
			for _, w := range check.Warnings {
				if w.Score.Unsupported > 0 {
					worst = append(worst, fmt.Sprintf("%s (%d found, %.0f %% of clients)", w.Slug, w.Score.Found, w.Score.Unsupported))
				}
			}
			t.Errorf("%s: Mailpit rates %.2f %% of the HTML unsupported (max 1 %%): %s", s.name, check.Total.Unsupported, strings.Join(worst, ", "))
		}
	}
}

// startMailpit runs Mailpit on two free loopback ports with its database in
// a temporary directory and nothing that reaches out (no version check, no
// remote CSS, no reverse DNS), waits until its API answers, and stops it
// when the test ends. It returns the API's base URL and the SMTP address.
func startMailpit(t *testing.T, bin string) (api, smtpAddr string) {
	t.Helper()
	httpAddr, smtpAddr := freePort(t), freePort(t)
	dir := t.TempDir()
	var logs bytes.Buffer
	cmd := exec.Command(bin,
		"--listen", httpAddr, "--smtp", smtpAddr,
		"--database", filepath.Join(dir, "mailpit.db"),
		"--disable-version-check", "--block-remote-css-and-fonts", "--smtp-disable-rdns", "--quiet")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting Mailpit: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	api = "http://" + httpAddr
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("Mailpit exited: %v\n%s", err, logs.String())
		default:
		}
		if resp, err := http.Get(api + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c, err := net.DialTimeout("tcp", smtpAddr, time.Second); err == nil {
					c.Close()
					return api, smtpAddr
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Mailpit did not answer on %s and %s within 30 s\n%s", httpAddr, smtpAddr, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freePort returns a loopback address with a port that was free a moment
// ago.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func get(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v\n%s", url, resp.Status, err, b)
	}
	return b
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	if err := json.Unmarshal(get(t, url), v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
