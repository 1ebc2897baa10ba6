// Command noticegen turns advisory records into admin email drafts in
// Japanese and English. See README.md.
package main

import (
	"os"

	"github.com/noticegen/noticegen/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
