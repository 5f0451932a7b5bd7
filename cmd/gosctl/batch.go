package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// gosctl batch (issue 9 §5, §6): many applications of one service from a
// template and a CSV of rows, every row checked before anything is sent,
// paced within EPGU's limits, a report of what was sent and why not.

func init() {
	register(&command{
		name: "batch",
		summary: i18n.Text{RU: "пакетная подача: шаблон + CSV (по заявлению на строку), проверка всех строк до отправки, отчёт в CSV",
			EN: "batch submission: a template + a CSV (one application per row), every row checked before sending, a CSV report"},
		usage: "--service КОД --rows СТРОКИ.csv [--template ШАБЛОН.xml] [--attach-column ИМЯ --attach-dir ПАПКА] [--report ОТЧЁТ.csv] [--check] [--target КОД] [--region ОКАТО] " + envUsage + " " + credUsage,
		example: "  gosctl template 10000103652 --role attach --fields   # the columns the CSV may have\n" +
			"  printf 'lastName;firstName;birthDate\\nИванов;Пётр;21.06.1989\\n' > guests.csv\n" +
			"  gosctl batch --service 10000103652 --rows guests.csv --check\n" +
			"  gosctl batch --service 10000103652 --rows guests.csv --report report.csv",
		// The service takes names in Cyrillic only: the English example
		// varies fields without Russian text and keeps the template's names.
		exampleEN: "  gosctl template 10000103652 --role attach --fields   # the columns the CSV may have\n" +
			"  printf 'checkIn;guestDocNumber\\n10.01.2025;784123\\n11.01.2025;784124\\n' > guests.csv   # other fields: the template's\n" +
			"  gosctl batch --service 10000103652 --rows guests.csv --check\n" +
			"  gosctl batch --service 10000103652 --rows guests.csv --report report.csv",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			cf := addConnFlags(fs)
			m := addMetaFlags(fs)
			rows := fs.String("rows", "", i18n.T("CSV со строками: заголовок — имена полей шаблона; UTF-8 или Windows-1251, «;» или «,»", "CSV of rows: the header names the template's fields; UTF-8 or Windows-1251, ';' or ','"))
			tmpl := fs.String("template", "", i18n.T("шаблон XML с полями {имя} (по умолчанию — шаблон услуги из каталога)", "XML template with {name} fields (default: the service's catalog template)"))
			attachCol := fs.String("attach-column", "", i18n.T("колонка CSV с файлами вложений (несколько — через «|»)", "CSV column with attachment files (several separated by '|')"))
			attachDir := fs.String("attach-dir", "", i18n.T("папка, от которой считаются пути вложений", "folder the attachment paths are relative to"))
			report := fs.String("report", "", i18n.T("записать отчёт (строка; номер; результат; причина) в CSV", "write the report (row; number; result; reason) as CSV"))
			check := fs.Bool("check", false, i18n.T("только проверить строки и показать время отправки, ничего не отправлять", "only check the rows and show the sending time; send nothing"))
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("лишние аргументы: %v", "extra arguments: %v", args)
				}
				if err := m.check(); err != nil {
					return err
				}
				if *rows == "" {
					return usagef("нужен --rows ФАЙЛ.csv", "need --rows FILE.csv")
				}
				rf, err := os.Open(*rows)
				if err != nil {
					return fileError(*rows, err)
				}
				defer rf.Close()
				req := workflow.BatchRequest{Service: m.service, Rows: rf, RowsName: filepath.Base(*rows), AttachColumn: *attachCol, AttachDir: *attachDir, Target: m.target, Region: m.region}
				if *tmpl != "" {
					b, err := os.ReadFile(*tmpl)
					if err != nil {
						return fileError(*tmpl, err)
					}
					req.Template, req.TemplateName = b, filepath.Base(*tmpl)
				}
				core, err := openCoreJournal(e, !*check)
				if err != nil {
					return err
				}
				defer core.Close()
				b, err := core.PrepareBatch(req)
				if err != nil {
					return err
				}
				if len(b.Problems) > 0 {
					for _, p := range b.Problems {
						fmt.Fprintln(e.stderr, p.String())
					}
					return i18n.New(fmt.Sprintf("в строках %d ошибок: ничего не отправлено — исправьте %s и запустите снова", len(b.Problems), *rows),
						fmt.Sprintf("%d problems in the rows: nothing sent — fix %s and run again", len(b.Problems), *rows))
				}
				fmt.Fprintf(e.stderr, "%s: %d; %s: %s\n", i18n.T("строк проверено", "rows checked"), len(b.Rows),
					i18n.T("отправка займёт около", "sending takes about"), b.Estimate.Round(time.Second))
				if *check {
					return nil
				}
				s, err := core.OpenSession(context.Background(), workflow.SessionOptions{Env: cf.env, Creds: cf.creds, Overrides: cf.overrides})
				if err != nil {
					return err
				}
				stop := core.Subscribe(progressPrinter(e.stderr))
				defer stop()
				rep, err := s.RunBatch(context.Background(), b)
				if err != nil {
					return err
				}
				for _, o := range rep.Outcomes {
					if o.Sent {
						fmt.Fprintf(e.stdout, "%d\t%d\n", o.Row, o.OrderID)
					} else {
						fmt.Fprintf(e.stdout, "%d\t—\t%s\n", o.Row, o.Reason)
					}
				}
				fmt.Fprintf(e.stderr, "%s: %d, %s: %d\n", i18n.T("отправлено", "sent"), rep.Sent, i18n.T("не отправлено", "failed"), rep.Failed)
				if *report != "" {
					f, err := os.Create(*report)
					if err != nil {
						return fileError(*report, err)
					}
					werr := rep.WriteCSV(f)
					if cerr := f.Close(); werr == nil {
						werr = cerr
					}
					if werr != nil {
						return fileError(*report, werr)
					}
				}
				if rep.Failed > 0 {
					return errCheckFailed
				}
				return nil
			}
		},
	})
}
