// Command gen-records writes synthetic advisory records for performance
// runs: go run ./cmd/gen-records -n 10000 -o /tmp/records
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/noticegen/noticegen/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of records")
	out := flag.String("o", "", "output directory (required)")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same records")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen-records -n N -o DIR [-seed S]")
		os.Exit(2)
	}
	if err := synth.Write(*out, *seed, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen-records:", err)
		os.Exit(1)
	}
}
