package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "services",
		summary: i18n.Text{RU: "каталог услуг ЕПГУ: состав архива, схемы, статусы", EN: "the catalog of EPGU services: archive files, schemas, statuses"},
		subs: []*command{
			{
				name:    "list",
				summary: i18n.Text{RU: "список поддерживаемых услуг", EN: "list the supported services"},
				usage:   "[--json]",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
					return func(e *env, args []string) error {
						if len(args) > 0 {
							return usagef("лишние аргументы: %s", "extra arguments: %s", strings.Join(args, " "))
						}
						if *asJSON {
							return writeJSON(e, xsd.Services())
						}
						tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
						fmt.Fprintln(tw, i18n.T("КОД\tЦЕЛЬ\tЗАЯВИТЕЛИ\tПОДПИСЬ\tУСЛУГА", "CODE\tTARGET\tAPPLICANTS\tSIGNED\tSERVICE"))
						for _, s := range xsd.Services() {
							fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Code, s.Target, strings.Join(s.Applicants, ","), yesNo(s.Signed), serviceName(s))
						}
						return tw.Flush()
					}
				},
			},
			{
				name:    "show",
				summary: i18n.Text{RU: "подробности об услуге", EN: "details of a service"},
				usage:   "[--json] КОД",
				setup: func(fs *pflag.FlagSet) func(*env, []string) error {
					asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
					return func(e *env, args []string) error {
						if len(args) != 1 {
							return usagef("нужен один код услуги", "exactly one service code is needed")
						}
						s, ok := xsd.Lookup(args[0])
						if !ok {
							return usagef("неизвестная услуга %s (см. gosctl services list)", "unknown service %s (see gosctl services list)", args[0])
						}
						if *asJSON {
							return writeJSON(e, s)
						}
						showService(e, s)
						return nil
					}
				},
			},
		},
	})
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func yesNo(b bool) string {
	if b {
		return i18n.T("да", "yes")
	}
	return i18n.T("нет", "no")
}

func serviceName(s xsd.Service) string { return i18n.T(s.Name, s.NameEN) }

func showService(e *env, s xsd.Service) {
	w := e.stdout
	fmt.Fprintf(w, "%s %s — %s\n", s.Code, s.Target, serviceName(s))
	if i18n.Current() == i18n.EN {
		fmt.Fprintf(w, "  (%s)\n", s.Name)
	}
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Ведомство", "Agency"), s.Agency)
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Источник", "Source"), s.Spec)
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Заявители", "Applicants"), strings.Join(s.Applicants, ", "))
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Подпись файлов (.sig)", "Signed files (.sig)"), yesNo(s.Signed))
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Номер заявления в XML (сначала /order)", "Order number in the XML (reserve first)"), yesNo(s.ReserveOrder))
	fmt.Fprintf(w, "%s: %s\n", i18n.T("Отмена", "Cancel"), yesNo(s.Cancel))
	fmt.Fprintf(w, "\n%s:\n", i18n.T("Файлы архива", "Archive files"))
	for _, f := range s.Files {
		req := i18n.T("необязательный", "optional")
		if f.Required {
			req = i18n.T("обязательный", "required")
		}
		fmt.Fprintf(w, "  %-12s %-36s %s, %s\n", f.Role, f.Name, f.Kind, req)
		fmt.Fprintf(w, "  %-12s %s\n", "", f.Description)
		for _, r := range f.Schemas {
			mark := ""
			if r.Unofficial {
				mark = i18n.T(" [НЕОФИЦИАЛЬНАЯ]", " [UNOFFICIAL]")
			}
			fmt.Fprintf(w, "  %-12s %s: %s {%s}%s\n", "", i18n.T("схема", "schema"), r.Entry, r.Namespace, mark)
			fmt.Fprintf(w, "  %-12s   %s\n", "", r.Source)
		}
		if f.Rules != "" {
			fmt.Fprintf(w, "  %-12s %s: %s\n", "", i18n.T("проверка по таблице полей (неофициально)", "field-table rules (unofficial)"), f.Rules)
		}
		if f.OrderIDElement != "" {
			fmt.Fprintf(w, "  %-12s %s: %s\n", "", i18n.T("номер заявления в элементе", "order number in element"), f.OrderIDElement)
		}
		if f.Template != "" {
			fmt.Fprintf(w, "  %-12s %s: gosctl template %s --role %s\n", "", i18n.T("шаблон", "template"), s.Code, f.Role)
		}
	}
	fmt.Fprintf(w, "\n%s:\n", i18n.T("Статусы", "Statuses"))
	for _, st := range s.Statuses {
		var flags []string
		if st.Final {
			flags = append(flags, i18n.T("конечный", "final"))
		}
		if st.CancelAllowed {
			flags = append(flags, i18n.T("можно отменить", "cancel allowed"))
		}
		f := ""
		if len(flags) > 0 {
			f = " (" + strings.Join(flags, ", ") + ")"
		}
		fmt.Fprintf(w, "  %3d  %s%s\n", st.ID, st.Title, f)
	}
	if len(s.Dictionaries) > 0 {
		fmt.Fprintf(w, "\n%s:\n", i18n.T("Справочники НСИ", "Reference dictionaries (NSI)"))
		for _, d := range s.Dictionaries {
			fmt.Fprintf(w, "  %-32s %s (%s)\n", d.Code, d.Name, d.Type)
		}
	}
	if len(s.Placeholders) > 0 {
		fmt.Fprintf(w, "\n%s {orderId} {guid} {date} {now} {localNow} {expires}):\n", i18n.T("Поля шаблонов (кроме", "Template fields (besides"))
		for _, p := range s.Placeholders {
			fmt.Fprintf(w, "  %-20s %-28s %s\n", p.Name, p.Default, p.Description)
		}
	}
	if len(s.Notes) > 0 {
		fmt.Fprintf(w, "\n%s:\n", i18n.T("Примечания", "Notes"))
		for _, n := range s.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}
