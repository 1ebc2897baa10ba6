package cli

import (
	"fmt"
	"runtime/debug"
)

func runVersion(iox IO, args []string) error {
	fs := newFlagSet(iox, "version", "", "Print noticegen's version.")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintln(iox.Out, "noticegen", v)
	return nil
}
