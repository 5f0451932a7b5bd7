package main

import (
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/version"
	"github.com/spf13/pflag"
)

// gosctl version prints the one version of gosdesk (core/version: the
// FyneApp.toml version and build, git describe, Go), on one line starting
// with "gosctl " (make package-test reads it).
func init() {
	register(&command{
		name:    "version",
		summary: i18n.Text{RU: "показать версию", EN: "print the version"},
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("лишние аргументы", "unexpected arguments")
				}
				fmt.Fprintf(e.stdout, "gosctl %s\n", version.String())
				return nil
			}
		},
	})
}
