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
// and the live heap stays small (3–6 MB) because records, results, the
// manifest and the index entries are streamed; the soft memory limit
// keeps the peak flat whatever the number of records. The limit counts
// all of the runtime's memory, not the heap alone: it, not GOGC, sets the
// heap goal (GODEBUG=gctrace=1 on 10,000 records: 15–16 MB and 295
// collections at 26 MiB, 19 MB and 212 at 30 MiB). Measured on 1,000,
// 10,000 and 50,000 records (2026-12-03): at 26 MiB the peak was 35, 37
// and 38 MB; at 30 MiB 37.5, 41 and 41 MB (9 % apart), for 2–3 % less
// CPU time and wall time on 10,000 (alternating, 6 runs each); at 32 MiB 37–39, 41 and 43 MB
// (15 %), at 36 MiB 38–41, 45 and 46 MB, at 40 MiB 49 MB on 10,000: the
// short runs never reach the limit, so the peaks drift apart. It is set
// here, once, for this process only: tests that call cli.Main in-process
// keep Go's defaults.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(30 << 20)
	}
}
