package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/spf13/pflag"
)

// setFlag collects repeated --set key=value.
type setFlag map[string]string

func (s setFlag) String() string {
	var kv []string
	for k, v := range s {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, " ")
}

func (s setFlag) Type() string { return "stringToString" }

func (s setFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("%s", i18n.T("ожидается ключ=значение", "key=value expected"))
	}
	s[k] = val
	return nil
}

// builtins are the placeholders every template may use.
var builtins = []string{"orderId", "guid", "date", "now", "localNow", "expires"}

func init() {
	register(&command{
		name:    "template",
		summary: i18n.Text{RU: "заполненный шаблон XML услуги (в стандартный вывод)", EN: "a filled XML template of a service (to standard output)"},
		usage:   "КОД [--role РОЛЬ] [--set ключ=значение]… [--fields]",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			role := fs.String("role", "", i18n.T("роль файла (по умолчанию — первый файл с шаблоном: req, piev_epgu, attach, trans…)", "file role (default: the first file with a template: req, piev_epgu, attach, trans…)"))
			set := setFlag{}
			fs.Var(set, "set", i18n.T("значение поля шаблона, например --set orderId=3500308079 (можно повторять)", "value of a template field, e.g. --set orderId=3500308079 (repeatable)"))
			fields := fs.Bool("fields", false, i18n.T("показать поля шаблона вместо XML", "list the template's fields instead of the XML"))
			return func(e *env, args []string) error {
				if len(args) > 1 {
					return usagef("лишние аргументы: %s", "extra arguments: %s", strings.Join(args[1:], " "))
				}
				if len(args) != 1 {
					return usagef("нужен один код услуги", "exactly one service code is needed")
				}
				return runTemplate(e, args[0], *role, set, *fields)
			}
		},
	})
}

func runTemplate(e *env, code, role string, set map[string]string, fields bool) error {
	s, ok := xsd.Lookup(code)
	if !ok {
		return usagef("неизвестная услуга %s (см. gosctl services list)", "unknown service %s (see gosctl services list)", code)
	}
	var roles []string
	for _, f := range s.Files {
		if f.Template != "" {
			roles = append(roles, f.Role)
		}
	}
	if role == "" {
		role = roles[0]
	}
	tmpl := s.Template(role)
	if tmpl == nil {
		return usagef("у услуги %s нет шаблона для роли %q (есть: %s)", "service %s has no template for role %q (roles: %s)", code, role, strings.Join(roles, ", "))
	}
	used := xsd.Placeholders(tmpl)
	known := map[string]bool{}
	for _, n := range used {
		known[n] = true
	}
	for _, n := range builtins {
		known[n] = true
	}
	var unknown []string
	for k := range set {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return usagef("в шаблоне нет полей %s (есть: %s)", "the template has no fields %s (fields: %s)", strings.Join(unknown, ", "), strings.Join(used, ", "))
	}
	vals := s.Values(time.Now(), set)
	if fields {
		desc := map[string]string{
			"orderId": i18n.T("номер заявления ЕПГУ (сначала зарезервируйте: POST /api/gusmev/order)", "EPGU order number (reserve it first: POST /api/gusmev/order)"),
			"guid":    i18n.T("случайный UUID", "a random UUID"), "date": i18n.T("сегодня (ГГГГ-ММ-ДД, Москва)", "today (YYYY-MM-DD, Moscow)"),
			"now": i18n.T("сейчас (Москва, +03:00)", "now (Moscow, +03:00)"), "localNow": i18n.T("сейчас без часового пояса", "now without the offset"),
			"expires": i18n.T("сейчас + 23 часа", "now + 23 hours"),
		}
		for _, p := range s.Placeholders {
			desc[p.Name] = p.Description
		}
		for _, n := range used {
			fmt.Fprintf(e.stdout, "%-20s %-40s %s\n", n, vals[n], desc[n])
		}
		return nil
	}
	if _, ok := set["orderId"]; !ok && known["orderId"] && strings.Contains(string(tmpl), "{orderId}") {
		fmt.Fprintln(e.stderr, i18n.T("gosctl template: номер заявления не задан (--set orderId=…), подставлен 0",
			"gosctl template: no order number given (--set orderId=…), 0 used"))
	}
	out, err := xsd.Fill(tmpl, vals)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(out)
	return err
}
