package cli

import (
	"github.com/noticegen/noticegen/internal/advisory"
)

func runSchema(iox IO, args []string) error {
	fs := newFlagSet(iox, "schema", "", "Print the JSON Schema of advisory records (for editors' YAML support).")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("schema takes no arguments")
	}
	_, err = iox.Out.Write(advisory.Schema())
	return err
}
