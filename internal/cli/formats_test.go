package cli

import (
	"testing"

	"github.com/noticegen/noticegen/internal/format"
)

// TestExportFormats: --format names formats by extension or render's
// name, in any order, and they are written in table order; the
// configuration hash names them as it did before the table existed
// ("[txt md html eml json]"), so manifests of earlier exports stay current.
func TestExportFormats(t *testing.T) {
	if got := formatKey(format.Formats); got != "[txt md html eml json]" {
		t.Errorf("formatKey(all) = %s", got)
	}
	fs, err := parseExportFormats([]string{"json", "text", "eml"})
	if err != nil {
		t.Fatal(err)
	}
	if got := formatKey(fs); got != "[txt eml json]" {
		t.Errorf("json,text,eml: %s", got)
	}
	if _, err := parseExportFormats([]string{"pdf"}); err == nil || err.Error() != `--format: unknown format "pdf" (want txt, md, html, eml, json)` {
		t.Errorf("pdf: %v", err)
	}
}
