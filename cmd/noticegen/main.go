// Command noticegen turns advisory records into admin email drafts in
// Japanese and English. See README.md.
package main

import (
	"os"
	"runtime/debug"

	"github.com/noticegen/noticegen/internal/cli"
)

func main() {
	if cli.Batch(os.Args[1:]) {
		tuneGC()
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneGC trades memory for speed in a batch run (cli.Batch: import, render,
// check, export) unless the user set GOGC or GOMEMLIMIT: the garbage
// collector's default pacing costs about a third of an export's CPU time,
// and the live heap stays small because records are streamed; the soft
// memory limit keeps the peak bounded. It is set here, once, for this
// process only: tests that call cli.Main in-process keep Go's defaults.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(40 << 20)
	}
}
