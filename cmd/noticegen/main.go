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
// and the live heap stays small (a few MB) because records, results, the
// manifest and the index entries are streamed; the soft memory limit
// keeps the peak at about 35 MB whatever the number of records (at 40 MiB
// it was 38 MB for 1,000 records and 50 MB for 50,000, as garbage piled
// up for longer; 24 MiB costs about 2 % more CPU). It is set here, once, for this
// process only: tests that call cli.Main in-process keep Go's defaults.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(24 << 20)
	}
}
