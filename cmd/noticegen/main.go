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
// keeps the peak at about 37 MB whatever the number of records. Measured
// on 1,000, 10,000 and 50,000 records: at 40 MiB the peak was 38, 47 and
// 50 MB (garbage piled up for longer in longer runs); at 26 MiB it is 35,
// 37 and 38 MB, for 1–2 % more CPU than at 40 MiB (24 MiB cost 5 %, the
// collector running too often). It is set here, once, for this
// process only: tests that call cli.Main in-process keep Go's defaults.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(26 << 20)
	}
}
