package cli

import (
	"fmt"
	"runtime/debug"
)

func runVersion(iox IO, args []string) error {
	fs := newFlagSet(iox, "version", "", "Print noticegen's version.")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments")
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintln(iox.Out, "noticegen", v)
	return nil
}
