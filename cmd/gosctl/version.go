package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/spf13/pflag"
)

// version is set by the linker in release builds (-X main.version=…).
var version = "dev"

func init() {
	register(&command{
		name:    "version",
		summary: i18n.Text{RU: "показать версию", EN: "print the version"},
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("лишние аргументы", "unexpected arguments")
				}
				rev := ""
				if bi, ok := debug.ReadBuildInfo(); ok {
					for _, s := range bi.Settings {
						if s.Key == "vcs.revision" {
							rev = " " + s.Value
						}
					}
				}
				fmt.Fprintf(e.stdout, "gosctl %s%s (%s)\n", version, rev, runtime.Version())
				return nil
			}
		},
	})
}
