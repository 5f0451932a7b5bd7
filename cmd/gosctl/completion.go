package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
)

// Shell completion (cobra generates the scripts; the shells call back the
// hidden `gosctl __complete`) and man pages (cobra/doc, for `make man`).

func init() {
	shells := []struct {
		name    string
		summary i18n.Text
		gen     func(rc *cobra.Command, e *env) error
	}{
		{"bash", i18n.Text{RU: "сценарий дополнения для bash (source <(gosctl completion bash))", EN: "completion script for bash (source <(gosctl completion bash))"},
			func(rc *cobra.Command, e *env) error { return rc.GenBashCompletionV2(e.stdout, true) }},
		{"zsh", i18n.Text{RU: "сценарий дополнения для zsh (gosctl completion zsh > \"${fpath[1]}/_gosctl\")", EN: "completion script for zsh (gosctl completion zsh > \"${fpath[1]}/_gosctl\")"},
			func(rc *cobra.Command, e *env) error { return rc.GenZshCompletion(e.stdout) }},
		{"powershell", i18n.Text{RU: "сценарий дополнения для PowerShell (gosctl completion powershell | Out-String | Invoke-Expression)", EN: "completion script for PowerShell (gosctl completion powershell | Out-String | Invoke-Expression)"},
			func(rc *cobra.Command, e *env) error { return rc.GenPowerShellCompletionWithDesc(e.stdout) }},
		{"fish", i18n.Text{RU: "сценарий дополнения для fish (gosctl completion fish | source)", EN: "completion script for fish (gosctl completion fish | source)"},
			func(rc *cobra.Command, e *env) error { return rc.GenFishCompletion(e.stdout, true) }},
	}
	group := &command{
		name:    "completion",
		summary: i18n.Text{RU: "дополнение команд и параметров по Tab в bash, zsh, PowerShell, fish", EN: "Tab completion of commands and options in bash, zsh, PowerShell, fish"},
	}
	for _, sh := range shells {
		group.subs = append(group.subs, &command{
			name:    sh.name,
			summary: sh.summary,
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы", "unexpected arguments")
					}
					// The script completes every command, so it is made
					// from a whole tree of this run.
					return sh.gen(build(e), e)
				}
			},
		})
	}
	register(group)

	register(&command{
		name:    "man",
		hidden:  true,
		summary: i18n.Text{RU: "создать страницы man (для make man)", EN: "generate the man pages (for make man)"},
		usage:   "--out ПАПКА",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			out := fs.String("out", "", i18n.T("папка для страниц (создаётся)", "folder for the pages (created)"))
			return func(e *env, args []string) error {
				if *out == "" || len(args) > 0 {
					return usagef("нужен --out ПАПКА", "--out FOLDER is needed")
				}
				if err := os.MkdirAll(*out, 0o755); err != nil {
					return fileError(*out, err)
				}
				rc := build(e)
				rc.DisableAutoGenTag = true // reproducible pages
				hdr := &doc.GenManHeader{Title: "GOSCTL", Section: "1", Source: "gosdesk", Manual: i18n.T("Руководство gosdesk", "gosdesk manual")}
				if err := doc.GenManTree(rc, hdr, *out); err != nil {
					return i18n.Wrap(err, "не удалось записать страницы man в "+*out, "cannot write the man pages to "+*out)
				}
				n, _ := filepath.Glob(filepath.Join(*out, "*.1"))
				fmt.Fprintf(e.stderr, "%s: %d (%s)\n", i18n.T("страниц man", "man pages"), len(n), *out)
				return nil
			}
		},
	})
}

// completeServiceCodes offers the catalog's service codes, with their
// names, for --service and for commands whose argument is a service code.
func completeServiceCodes(cc *cobra.Command, c *command) {
	codes := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, s := range xsd.Services() {
			name := s.Name
			if i18n.Current() == i18n.EN && s.NameEN != "" {
				name = s.NameEN
			}
			out = append(out, cobra.CompletionWithDesc(s.Code, name))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	if cc.Flags().Lookup("service") != nil {
		_ = cc.RegisterFlagCompletionFunc("service", codes)
	}
	if strings.HasPrefix(c.usage, "КОД") || strings.HasSuffix(c.usage, "] КОД") {
		cc.ValidArgsFunction = func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return codes(cmd, args, prefix)
		}
	}
}
