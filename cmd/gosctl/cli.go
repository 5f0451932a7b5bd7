package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes of gosctl.
const (
	exitOK     = 0 // done, every check passed
	exitFailed = 1 // a check failed (invalid signature, invalid document) or the operation failed
	exitUsage  = 2 // the command line is wrong (or, for validate, the schema is)
)

// command is one gosctl subcommand or a group of them. The files of this
// package declare their commands as these small records; build turns the
// tree into spf13/cobra commands, which parse the command line (options
// before, between or after the arguments), print the help in the chosen
// language, complete in shells and generate the man pages.
type command struct {
	name    string
	summary i18n.Text
	// usage is the arguments after the command path, e.g. "[-a ALG] FILE…",
	// written in Russian; usageEN is its English form when the placeholder
	// dictionary (usagePlaceholders) cannot translate it.
	usage, usageEN string
	// example is shown under the help; exampleEN replaces it in English
	// when the example itself holds Russian (data a service requires).
	example, exampleEN string
	// setup declares the command's flags on fs and returns the function that
	// runs it with the remaining arguments. Nil for a group.
	setup func(fs *pflag.FlagSet) func(env *env, args []string) error
	subs  []*command
	// hidden commands run but are not listed (generators for make).
	hidden bool
}

// env is what a command may touch: its streams. Tests give it buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var root = &command{
	name:    "gosctl",
	summary: i18n.Text{RU: "командная строка gosdesk: ГОСТ-подпись, ЕПГУ, ЕНС", EN: "the gosdesk command line: GOST signing, EPGU, ENS"},
}

// register adds a top-level command; files of this package call it from init.
func register(c *command) { root.subs = append(root.subs, c) }

// usageError means the command line is wrong: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(ru, en string, a ...any) error {
	return usageError{msg: fmt.Sprintf(i18n.T(ru, en), a...)}
}

// checkFailed means the command ran and found a problem (exit 1) that it
// already reported on stdout/stderr.
var errCheckFailed = errors.New("check failed")

func (c *command) find(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// usagePlaceholders translates the Russian placeholders of usage lines.
var usagePlaceholders = strings.NewReplacer(
	"(- или ничего = стандартный ввод)", "(- or nothing: standard input)", "(подписи рядом: ФАЙЛ.sig)", "(signatures beside: FILE.sig)",
	"АДРЕС", "ADDRESS", "ФАМИЛИЯ", "SURNAME", "ИМЯ_ОТЧЕСТВО", "GIVEN_NAMES", "ДОЛЖНОСТЬ", "TITLE", "ОРГАНИЗАЦИЯ", "ORGANISATION", "ИНН_ЮЛ", "INN_LE", "ОГРНИП", "OGRNIP", "ОГРН", "OGRN", "СНИЛС", "SNILS", "ХОСТ", "HOST", "ОТЧЁТ", "REPORT", "СОСТОЯНИЕ", "STATE", "ХОСТ:ПОРТ", "HOST:PORT", "СТРОКИ", "ROWS", "ЗАЯВЛЕНИЕ", "APPLICATION",
	"ДД.ММ.ГГГГ", "DD.MM.YYYY", "ДЛИТЕЛЬНОСТЬ", "DURATION", "ПЕРЕМЕННАЯ", "VARIABLE", "ОТПЕЧАТОК", "THUMBPRINT",
	"ЗНАЧЕНИЕ", "VALUE", "ПОДПИСЬ", "SIGNATURE", "ШАБЛОН", "TEMPLATE", "АРХИВ", "ARCHIVE", "ПАПКА", "FOLDER",
	"НОМЕР", "NUMBER", "ВРЕМЯ", "TIME", "ТЕКСТ", "TEXT", "ФАЙЛ", "FILE", "БАЙТ", "BYTES", "РОЛЬ", "ROLE",
	"ОКАТО", "OKATO", "ИМЯ", "NAME", "КОД", "CODE", "ИНН", "INN", "URL", "URL", "КОМАНДА", "COMMAND",
	"ключ=значение", "key=value", "параметры", "options", "или", "or")

func (c *command) usageLine() string {
	if i18n.Current() == i18n.EN {
		if c.usageEN != "" {
			return c.usageEN
		}
		return usagePlaceholders.Replace(c.usage)
	}
	return c.usage
}

// exampleText is the example in the current language.
func (c *command) exampleText() string {
	if i18n.Current() == i18n.EN && c.exampleEN != "" {
		return c.exampleEN
	}
	return c.example
}

// build makes the cobra command tree for one run. It is built afresh for
// every run (the flag variables live in the setup closures, and the help
// texts are in the language chosen for this run).
func build(e *env) *cobra.Command {
	rc := buildCommand(e, root)
	rc.Use = "gosctl"
	rc.Version = "" // gosctl version is a command
	g := rc.PersistentFlags()
	g.String("lang", "", i18n.T("язык сообщений: ru или en (по умолчанию ru; также GOSDESK_LANG)", "message language: ru or en (default ru; also GOSDESK_LANG)"))
	g.String("log", "", i18n.T("уровень журнала: debug, info, warn, error", "log level: debug, info, warn, error"))
	g.Lookup("lang").Annotations = map[string][]string{"placeholder": {"ru|en"}}
	g.Lookup("log").Annotations = map[string][]string{"placeholder": {i18n.T("УРОВЕНЬ", "LEVEL")}}
	rc.CompletionOptions.DisableDefaultCmd = true // ours is localized: completion.go
	rc.SetHelpCommand(helpCommand())
	rc.SetOut(e.stdout)
	rc.SetErr(e.stderr)
	rc.SetIn(e.stdin)
	rc.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{msg: translateFlagError(err)} })
	rc.SetHelpFunc(func(c *cobra.Command, _ []string) { printHelp(c.OutOrStdout(), c) })
	cobra.EnableCommandSorting = true
	cobra.MousetrapHelpText = i18n.T("gosctl — программа командной строки: запустите её из окна «Командная строка» или PowerShell.\nДля работы в окне запустите gosdesk.",
		"gosctl is a command-line program: run it from a Command Prompt or PowerShell window.\nFor the windowed app, start gosdesk.")
	return rc
}

func buildCommand(e *env, c *command) *cobra.Command {
	cc := &cobra.Command{
		Use:           c.name,
		Short:         c.summary.String(),
		Example:       c.exampleText(),
		Hidden:        c.hidden,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		Annotations:   map[string]string{"usage": c.usageLine()},
		// The usage line already lists the options.
		DisableFlagsInUseLine: true,
	}
	if c.usage != "" {
		cc.Use = c.name + " " + strings.SplitN(c.usageLine(), "\n", 2)[0]
	}
	cc.Flags().BoolP("help", "h", false, i18n.T("эта справка", "this help"))
	if c.setup != nil {
		fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
		do := c.setup(fs)
		holders := placeholders(c.usageLine())
		fs.VisitAll(func(f *pflag.Flag) {
			if h := holders[f.Name]; h != "" {
				f.Annotations = map[string][]string{"placeholder": {h}}
			}
			// Go's flag package read -q and --q alike; keep one-letter
			// options working with one dash.
			if len(f.Name) == 1 && f.Shorthand == "" {
				f.Shorthand = f.Name
			}
			cc.Flags().AddFlag(f)
		})
		cc.RunE = func(_ *cobra.Command, args []string) error { return do(e, args) }
		completeServiceCodes(cc, c)
		return cc
	}
	for _, s := range c.subs {
		cc.AddCommand(buildCommand(e, s))
	}
	// A group: no subcommand is a usage error (help on stderr, exit 2);
	// an unknown one is named.
	cc.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			printHelp(e.stderr, cmd)
			return errHelpShown
		}
		return usageError{msg: i18n.T("неизвестная команда "+args[0], "unknown command "+args[0])}
	}
	return cc
}

// errHelpShown: the help is already on stderr; exit 2 without more text.
var errHelpShown = errors.New("help shown")

// helpCommand is `gosctl help [COMMAND…]`.
func helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [" + i18n.T("КОМАНДА", "COMMAND") + "…]",
		Short: i18n.T("справка по команде", "help on a command"),
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usageError{msg: i18n.T("неизвестная команда "+strings.Join(args, " "), "unknown command "+strings.Join(args, " "))}
			}
			printHelp(c.OutOrStdout(), target)
			return nil
		},
	}
}

// printHelp writes the help of a command in the current language.
func printHelp(w io.Writer, c *cobra.Command) {
	path := c.CommandPath()
	fmt.Fprintf(w, "%s — %s\n\n", path, c.Short)
	usage := c.Annotations["usage"]
	if c.Runnable() && !c.HasAvailableSubCommands() {
		lines := strings.Split(usage, "\n")
		fmt.Fprintf(w, "%s: %s %s\n", i18n.T("Использование", "Usage"), path, strings.TrimSpace(lines[0]))
		for _, l := range lines[1:] {
			fmt.Fprintln(w, l)
		}
	} else {
		fmt.Fprintf(w, "%s: %s %s\n\n%s:\n", i18n.T("Использование", "Usage"), path,
			i18n.T("КОМАНДА [параметры]", "COMMAND [options]"), i18n.T("Команды", "Commands"))
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				fmt.Fprintf(w, "  %-12s %s\n", s.Name(), s.Short)
			}
		}
	}
	if local := flagUsages(c.LocalNonPersistentFlags()); local != "" && c.HasParent() {
		fmt.Fprintf(w, "\n%s:\n%s", i18n.T("Параметры", "Options"), local)
	}
	if c.Example != "" {
		fmt.Fprintf(w, "\n%s:\n%s\n", i18n.T("Пример", "Example"), c.Example)
	}
	fmt.Fprintf(w, "\n%s:\n%s", i18n.T("Общие параметры", "Global options"), flagUsages(c.Root().PersistentFlags()))
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n%s\n", i18n.T("Справка по команде: "+path+" КОМАНДА --help", "Help on a command: "+path+" COMMAND --help"))
	}
}

// flagUsages lists options as pflag does, with the words in the current
// language (pflag's own listing says "string" and "(default …)").
func flagUsages(fs *pflag.FlagSet) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		if f.Name == f.Shorthand {
			left = "  -" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		switch {
		case f.Value.Type() == "bool":
			name = ""
		case len(f.Annotations["placeholder"]) > 0:
			name = f.Annotations["placeholder"][0]
		case strings.HasPrefix(f.Value.Type(), "int") || f.Value.Type() == "float64":
			name = "N"
		case name == "string" || name == "strings" || name == "stringArray" || name == "stringToString" || name == "":
			name = i18n.T("ЗНАЧЕНИЕ", "VALUE")
		}
		if name != "" {
			left += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" && d != "map[]" {
			usage += " " + i18n.T("(по умолчанию ", "(default ") + d + ")"
		}
		width = max(width, len([]rune(left)))
		rows = append(rows, row{left, usage})
	})
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s%s   %s\n", r.left, strings.Repeat(" ", width-len([]rune(r.left))), r.usage)
	}
	return b.String()
}

// placeholders reads the value names of options from a usage line
// ("--service КОД" gives service: КОД).
func placeholders(usage string) map[string]string {
	m := map[string]string{}
	for _, w := range usageOption.FindAllStringSubmatch(usage, -1) {
		if m[w[1]] == "" {
			m[w[1]] = w[2]
		}
	}
	return m
}

var usageOption = regexp.MustCompile(`(?:^|[\s\[(|])--?([a-z][a-z0-9-]*)[ =]([^\s\[\]|()-][^\s\[\]()]*)`)

// aliasFlag keeps an old spelling of an option working for one release:
// hidden from the help, it sets the same value, and a note on stderr says
// which name to use now.
func aliasFlag(fs *pflag.FlagSet, old, now string) {
	f := fs.Lookup(now)
	if f == nil {
		panic("aliasFlag: no option " + now)
	}
	fs.AddFlag(&pflag.Flag{Name: old, Usage: f.Usage, Hidden: true, NoOptDefVal: f.NoOptDefVal,
		Value: deprecatedValue{Value: f.Value, old: old, now: now}, DefValue: f.DefValue})
}

// deprecationOut receives the notes on old option names (the run's stderr).
var deprecationOut io.Writer = os.Stderr

type deprecatedValue struct {
	pflag.Value
	old, now string
}

func (d deprecatedValue) Set(s string) error {
	fmt.Fprintf(deprecationOut, "gosctl: %s\n", i18n.T("параметр --"+d.old+" устарел и будет удалён в следующем выпуске; пишите --"+d.now,
		"option --"+d.old+" is deprecated and goes away in the next release; write --"+d.now))
	return d.Value.Set(s)
}

// globalOptions applies --lang and --log wherever they are on the command
// line, before the tree is built, so that every help text and message is
// in the chosen language.
func globalOptions(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return nil
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "lang" && name != "log") {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return usagef("параметру --%s нужно значение", "option --%s needs a value", name)
			}
			val = args[i+1]
			i++
		}
		switch name {
		case "lang":
			l, ok := i18n.Parse(val)
			if !ok {
				return usagef("неизвестный язык %q (ru или en)", "unknown language %q (ru or en)", val)
			}
			i18n.Set(l)
		case "log":
			if err := setupLogging(val); err != nil {
				return usagef("неверный уровень журнала %q (debug, info, warn или error)", "bad log level %q (debug, info, warn or error)", val)
			}
		}
	}
	return nil
}

// singleDashLong rewrites -name to --name for the long options of the
// command tree: Go's flag package, which gosctl used before cobra, took
// both, and scripts written then keep working.
func singleDashLong(rc *cobra.Command, args []string) []string {
	long := map[string]bool{"help": true, "lang": true, "log": true}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if len(f.Name) > 1 {
				long[f.Name] = true
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(rc)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if long[name] {
				out[i] = "-" + a
			}
		}
	}
	return out
}

// run executes the command line (without the program name) and returns
// the process exit code.
func run(e *env, args []string) int {
	if err := globalOptions(args); err != nil {
		fmt.Fprintf(e.stderr, "gosctl: %s\n", err)
		return exitUsage
	}
	deprecationOut = e.stderr
	rc := build(e)
	rc.SetArgs(singleDashLong(rc, args))
	cmd, err := rc.ExecuteC()
	if err == nil {
		return exitOK
	}
	path := "gosctl"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	var ue usageError
	if workflow.IsInput(err) {
		// A mistake in what the user passed, found by core/workflow.
		err = usageError{msg: i18n.Message(err)}
	}
	switch {
	case errors.Is(err, errHelpShown):
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "%s: %s\n", path, ue.msg)
		if cmd != nil && cmd.Runnable() && !cmd.HasAvailableSubCommands() {
			fmt.Fprintf(e.stderr, "%s: %s %s\n", i18n.T("Использование", "Usage"), path, strings.Split(cmd.Annotations["usage"], "\n")[0])
		}
		fmt.Fprintf(e.stderr, "%s\n", i18n.T("Справка: "+path+" --help", "Help: "+path+" --help"))
		return exitUsage
	case errors.Is(err, errCheckFailed):
		return exitFailed
	case strings.HasPrefix(err.Error(), "unknown command "):
		// cobra's own wording for the root command.
		fmt.Fprintf(e.stderr, "%s: %s\n", path, i18n.T("неизвестная команда ", "unknown command ")+strings.Trim(strings.Fields(err.Error())[2], `"`))
		return exitUsage
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", path, i18n.Message(err))
	return exitFailed
}

var (
	invalidArgument = regexp.MustCompile(`^invalid argument (".*") for "(.*)" flag: (.*)$`)
	unknownShort    = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.*)$`)
	needsArgShort   = regexp.MustCompile(`^flag needs an argument: '(.)' in (.*)$`)
)

// translateFlagError puts pflag's messages into the user's language.
func translateFlagError(err error) string {
	s := err.Error()
	if i18n.Current() == i18n.EN {
		return s
	}
	if m := invalidArgument.FindStringSubmatch(s); m != nil {
		what := m[3]
		switch {
		case strings.Contains(what, "ParseInt"), strings.Contains(what, "ParseUint"):
			what = "нужно целое число"
		case strings.Contains(what, "ParseBool"):
			what = "нужно true или false"
		case strings.Contains(what, "time: "):
			what = "нужна длительность, например 30s, 5m, 24h"
		}
		return "неверное значение " + m[1] + " параметра " + m[2] + ": " + what
	}
	if m := unknownShort.FindStringSubmatch(s); m != nil {
		if m[2] == "-"+m[1] {
			return "неизвестный параметр -" + m[1]
		}
		return "неизвестный параметр -" + m[1] + " (в " + m[2] + ")"
	}
	if m := needsArgShort.FindStringSubmatch(s); m != nil {
		return "параметру -" + m[1] + " нужно значение"
	}
	for _, p := range []struct{ en, ru string }{
		{"unknown flag: ", "неизвестный параметр "},
		{"flag needs an argument: ", "параметру нужно значение: "},
		{"bad flag syntax: ", "неверная запись параметра: "},
	} {
		if rest, ok := strings.CutPrefix(s, p.en); ok {
			return p.ru + rest
		}
	}
	return s
}

// openInput opens a named file, or standard input for "-".
func openInput(e *env, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	return f, nil
}

// fileError explains a file-system error in the user's language.
func fileError(name string, err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return i18n.New(name+": файл не найден", name+": no such file")
	case errors.Is(err, os.ErrPermission):
		return i18n.New(name+": нет прав на чтение", name+": permission denied")
	}
	return i18n.Wrap(err, name+": ошибка чтения", name+": read error")
}
