package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Exit codes of gosctl.
const (
	exitOK     = 0 // done, every check passed
	exitFailed = 1 // a check failed (invalid signature, invalid document) or the operation failed
	exitUsage  = 2 // the command line is wrong (or, for validate, the schema is)
)

// command is one gosctl subcommand or a group of them.
type command struct {
	name    string
	summary i18n.Text
	usage   string // arguments after the command path, e.g. "[-a ALG] FILE…"
	// flags declares the command's flags on fs and returns the function that
	// runs it with the remaining arguments. Nil for a group.
	setup func(fs *flag.FlagSet) func(env *env, args []string) error
	subs  []*command
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

func (c *command) printHelp(w io.Writer, path string, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s — %s\n\n", path, c.summary)
	if c.setup != nil {
		fmt.Fprintf(w, "%s: %s %s\n", i18n.T("Использование", "Usage"), path, c.usage)
		if fs != nil {
			var b strings.Builder
			fs.SetOutput(&b)
			fs.PrintDefaults()
			if b.Len() > 0 {
				fmt.Fprintf(w, "\n%s:\n%s", i18n.T("Параметры", "Options"), b.String())
			}
		}
		return
	}
	fmt.Fprintf(w, "%s: %s %s\n\n%s:\n", i18n.T("Использование", "Usage"), path,
		i18n.T("КОМАНДА [параметры]", "COMMAND [options]"), i18n.T("Команды", "Commands"))
	subs := append([]*command(nil), c.subs...)
	sort.Slice(subs, func(i, j int) bool { return subs[i].name < subs[j].name })
	for _, s := range subs {
		fmt.Fprintf(w, "  %-12s %s\n", s.name, s.summary)
	}
	if c == root {
		fmt.Fprintf(w, "\n%s:\n  --lang ru|en   %s\n  --log LEVEL    %s\n", i18n.T("Общие параметры", "Global options"),
			i18n.T("язык сообщений (по умолчанию ru; также GOSDESK_LANG)", "message language (default ru; also GOSDESK_LANG)"),
			i18n.T("уровень журнала: debug, info, warn, error", "log level: debug, info, warn, error"))
	}
	fmt.Fprintf(w, "\n%s\n", i18n.T("Справка по команде: "+path+" КОМАНДА --help", "Help on a command: "+path+" COMMAND --help"))
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }

// run executes the command line (without the program name) and returns
// the process exit code.
func run(e *env, args []string) int {
	// Global options come before the command.
	for len(args) > 0 {
		a := args[0]
		var val string
		var name string
		switch {
		case a == "--lang" || a == "-lang" || a == "--log" || a == "-log":
			if len(args) < 2 {
				return fail(e, usagef("параметру %s нужно значение", "option %s needs a value", a))
			}
			name, val, args = strings.TrimLeft(a, "-"), args[1], args[2:]
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "--log="):
			n, v, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			name, val, args = n, v, args[1:]
		default:
			goto dispatch
		}
		switch name {
		case "lang":
			l, ok := i18n.Parse(val)
			if !ok {
				return fail(e, usagef("неизвестный язык %q (ru или en)", "unknown language %q (ru or en)", val))
			}
			i18n.Set(l)
		case "log":
			if err := setupLogging(val); err != nil {
				return fail(e, usagef("неверный уровень журнала %q", "bad log level %q", val))
			}
		}
	}
dispatch:
	c, path := root, "gosctl"
	for {
		if c.setup != nil {
			return runLeaf(e, c, path, args)
		}
		if len(args) == 0 {
			c.printHelp(e.stderr, path, nil)
			return exitUsage
		}
		if isHelp(args[0]) {
			c.printHelp(e.stdout, path, nil)
			return exitOK
		}
		next := c.find(args[0])
		if next == nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, i18n.T("неизвестная команда "+args[0], "unknown command "+args[0]))
			c.printHelp(e.stderr, path, nil)
			return exitUsage
		}
		c, path, args = next, path+" "+args[0], args[1:]
	}
}

func runLeaf(e *env, c *command, path string, args []string) int {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	do := c.setup(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printHelp(e.stdout, path, fs)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", path, translateFlagError(err))
		c.printHelp(e.stderr, path, fs)
		return exitUsage
	}
	err := do(e, fs.Args())
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, ue.msg)
		fmt.Fprintf(e.stderr, "%s: %s %s\n", i18n.T("Использование", "Usage"), path, c.usage)
		return exitUsage
	}
	if err != nil {
		if !errors.Is(err, errCheckFailed) {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, i18n.Message(err))
		}
		return exitFailed
	}
	return exitOK
}

func fail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "gosctl: %s\n", i18n.Message(err))
	return exitUsage
}

func translateFlagError(err error) string {
	s := err.Error()
	if i18n.Current() == i18n.EN {
		return s
	}
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		return "неизвестный параметр " + strings.TrimPrefix(s, "flag provided but not defined: ")
	case strings.HasPrefix(s, "flag needs an argument: "):
		return "параметру нужно значение: " + strings.TrimPrefix(s, "flag needs an argument: ")
	case strings.HasPrefix(s, "invalid value "):
		return "неверное значение " + strings.TrimPrefix(s, "invalid value ")
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
