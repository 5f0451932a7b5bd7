package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/spf13/pflag"
)

// gosctl journal export|backup (issue 9 §3, §6).

func init() {
	register(&command{
		name:    "journal",
		summary: i18n.Text{RU: "журнал отправок: выгрузка в CSV, резервная копия", EN: "the submission journal: CSV export, backup"},
		subs: []*command{{
			name:    "export",
			summary: i18n.Text{RU: "выгрузить заявления в CSV (UTF-8 с BOM, «;» — открывается в Excel)", EN: "export applications as CSV (UTF-8 with BOM, ';' — opens in Excel)"},
			usage:   "[--out ФАЙЛ.csv] [--service КОД] [--state СОСТОЯНИЕ,…] [--text ТЕКСТ] [--from ДД.ММ.ГГГГ] [--to ДД.ММ.ГГГГ] [--order НОМЕР] [--batch N]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				qf := addQueryFlags(fs)
				out := fs.String("out", "-", i18n.T("файл CSV («-» — стандартный вывод)", "CSV file (\"-\": standard output)"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					q, err := qf.query()
					if err != nil {
						return err
					}
					j, err := openJournal()
					if err != nil {
						return err
					}
					defer j.Close()
					var w io.Writer = e.stdout
					var f *os.File
					if *out != "-" {
						if f, err = os.Create(*out); err != nil {
							return fileError(*out, err)
						}
						w = f
					}
					n, err := j.ExportCSV(context.Background(), w, q)
					if f != nil {
						if cerr := f.Close(); err == nil && cerr != nil {
							err = fileError(*out, cerr)
						}
					}
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stderr, "%s: %d\n", i18n.T("выгружено заявлений", "applications exported"), n)
					return nil
				}
			},
		}, {
			name: "backup",
			summary: i18n.Text{RU: "резервная копия журнала в один файл (можно при работающей программе)",
				EN: "back up the journal into one file (works while the app runs)"},
			usage: "ФАЙЛ",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				return func(e *env, args []string) error {
					if len(args) != 1 {
						return usagef("нужен файл для копии, например gosdesk-journal.db", "need a file for the copy, e.g. gosdesk-journal.db")
					}
					j, err := openJournal()
					if err != nil {
						return err
					}
					defer j.Close()
					dst, _ := filepath.Abs(args[0])
					if err := j.Backup(context.Background(), dst); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: %s\n", i18n.T("Копия журнала записана", "Journal backup written"), dst)
					return nil
				}
			},
		}},
	})
}
