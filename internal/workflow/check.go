package workflow

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/noticegen/noticegen/internal/lint"
)

// CheckFiles runs every check on every record file, over as many workers
// as there are CPUs, and returns the findings sorted (lint.Sort) in the
// same order a check of one file after the other gives: each file's
// findings are kept in the place of its file, then sorted together.
func CheckFiles(files []string, o lint.Options) []lint.Finding {
	per := make([][]lint.Finding, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				per[i] = lint.CheckFile(files[i], o)
			}
		})
	}
	wg.Wait()
	n := 0
	for _, fs := range per {
		n += len(fs)
	}
	all := make([]lint.Finding, 0, n)
	for _, fs := range per {
		all = append(all, fs...)
	}
	lint.Sort(all)
	return all
}
