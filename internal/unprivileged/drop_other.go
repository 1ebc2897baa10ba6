//go:build !linux

package unprivileged

import (
	"fmt"
	"runtime"
)

// Drop is not supported here.
func Drop() error {
	return fmt.Errorf("giving up root is not supported on %s", runtime.GOOS)
}
