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
// collections at 26 MiB, 19 MB and 212 at 30 MiB). A higher limit costs
// less CPU time (2–3 % from 26 to 30 MiB on 10,000 records, alternating,
// 6 runs each) but lets short runs peak lower than long ones. Peaks
// measured on 1,000 and 50,000 records (10,000 in between), 2026-12-03:
// 35.0 and 37.4 MB at 26 MiB; 36.1–36.6 and 39.1 MB at 28 MiB (8 %
// apart); 37.4–38.1 and 40.4–42.0 MB at 30 MiB (up to 11 %); 37–39 and
// 43 MB at 32 MiB; 49 MB on 10,000 at 40 MiB. 28 MiB keeps the peaks
// within 10 % of each other with room to spare. It is set here, once, for
// this process only: tests that call cli.Main in-process keep Go's
// defaults.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(28 << 20)
	}
}
