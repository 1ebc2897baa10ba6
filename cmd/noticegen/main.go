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
// check, export), leaving alone whichever of GOGC and GOMEMLIMIT the user
// set (each is tuned only if it is unset): the garbage
// collector's default pacing costs about a third of an export's CPU time,
// and the live heap stays small (3–6 MB) because records, results, the
// manifest and the index entries are streamed. With neither set, the
// collector runs only when the runtime's memory reaches a soft limit of
// 40 MiB (GOGC off): the limit counts all of the runtime's memory, so
// every run, short or long, peaks just above it, and collects as seldom
// as that allows. With GOGC=400 as well, as before, a short run peaked
// lower than a long one (its heap never reached the limit), so the limit
// had to stay low to keep the peaks within 10 % of each other. Measured
// on 1,000 / 10,000 / 50,000 records, 2026-12-03, peak RSS and CPU time:
// GOGC=400 with 28 MiB 37.2 / 38.8 / 39.5 MB, 9.4 s on 10,000 and 58.5 s
// on 50,000; GOGC=400 with 36 MiB 38.5 / 46.7 / 47.3 MB (23 % apart);
// GOGC off with 32 MiB 41.5 / 42.5 / 43.5 MB, with 40 MiB 49.3 / 50.7 /
// 51.1 MB (4 % apart), 9.05 s on 10,000 (−4 %, alternating, 3 runs
// each) and 46.5 s on 50,000; with 44 MiB 55 MB on 10,000 and 1 % less
// CPU, too close to the 64 MiB the export must stay under. A user's
// GOMEMLIMIT alone keeps GOGC=400, so that the heap never grows without
// bound; a user's GOGC alone gets the 40 MiB limit. It is set here, once,
// for this process only: tests that call cli.Main in-process keep Go's
// defaults.
func tuneGC() {
	gogcUnset, limitUnset := os.Getenv("GOGC") == "", os.Getenv("GOMEMLIMIT") == ""
	if limitUnset {
		debug.SetMemoryLimit(40 << 20) // before GOGC goes off
	}
	switch {
	case gogcUnset && limitUnset:
		debug.SetGCPercent(-1)
	case gogcUnset:
		debug.SetGCPercent(400)
	}
}
