package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// gosctl submit (issue 9 §6): an application from its XML documents and
// attachments, packed, signed, sent and journalled by core/workflow.

func init() {
	register(&command{
		name: "submit",
		summary: i18n.Text{RU: "подать заявление: XML и вложения упаковываются, подписываются и отправляются; ход — в stderr, номер заявления — в stdout",
			EN: "submit an application: the XML and attachments are packed, signed and sent; progress on stderr, the order number on stdout"},
		usage: "--service КОД --xml ФАЙЛ… [--attach ФАЙЛ…] " + envUsage + " " + credUsage + " [--target КОД] [--region ОКАТО] [--applicant ТЕКСТ] [--title ТЕКСТ] [--json]",
		example: "  gosctl template 60010153 --set 'orderId={orderId}' > req.xml\n" +
			"  gosctl template 60010153 --role piev_epgu --set 'orderId={orderId}' > piev_epgu.xml\n" +
			"  gosctl submit --service 60010153 --xml req.xml --xml piev_epgu.xml",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			cf := addConnFlags(fs)
			m := addMetaFlags(fs)
			xmls := fs.StringArray("xml", nil, i18n.T("XML-файл заявления (req.xml, piev_epgu.xml, attach.xml…; имя в архиве — имя файла; можно несколько раз)",
				"XML file of the application (req.xml, piev_epgu.xml, attach.xml…; named in the archive as the file; repeatable)"))
			attach := fs.StringArray("attach", nil, i18n.T("вложение (скан, PDF; можно несколько раз)", "attachment (scan, PDF; repeatable)"))
			applicant := fs.String("applicant", "", i18n.T("заявитель — для поиска в журнале", "applicant, for searching the journal"))
			title := fs.String("title", "", i18n.T("краткое описание — для поиска в журнале", "short description, for searching the journal"))
			asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usagef("лишние аргументы: %v (файлы задаются через --xml и --attach)", "extra arguments: %v (files go with --xml and --attach)", args)
				}
				if err := m.check(); err != nil {
					return err
				}
				if len(*xmls) == 0 {
					return usagef("нужен хотя бы один --xml ФАЙЛ (шаблон: gosctl template %s)", "need at least one --xml FILE (a template: gosctl template %s)", m.service)
				}
				app := workflow.Application{Service: m.service, Target: m.target, Region: m.region, Attachments: *attach, Applicant: *applicant, Title: *title}
				for _, x := range *xmls {
					b, err := os.ReadFile(x)
					if err != nil {
						return fileError(x, err)
					}
					app.Documents = append(app.Documents, workflow.Document{Name: filepath.Base(x), Data: b})
				}
				for _, a := range *attach {
					if _, err := os.Stat(a); err != nil {
						return fileError(a, err)
					}
				}
				return runSubmit(e, cf, app, *asJSON)
			}
		},
	})
}

// runSubmit sends an application through the journal and prints the
// progress on stderr and the order number on stdout.
func runSubmit(e *env, cf *connFlags, app workflow.Application, asJSON bool) error {
	core, s, err := cf.open(e, true)
	if err != nil {
		return err
	}
	defer core.Close()
	stop := core.Subscribe(progressPrinter(e.stderr))
	defer stop()
	res, err := s.Submit(context.Background(), app)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(e.stdout, res)
	}
	if app.Archive == "" {
		fmt.Fprintln(e.stdout, res.OrderID)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s %d %s (%d %s)\n", i18n.T("Заявление", "Order"), res.OrderID, i18n.T("отправлено", "sent"), res.Bytes, i18n.T("байт", "bytes"))
	return nil
}

// progressPrinter prints workflow events as lines on w: each stage once,
// uploads by whole percents.
func progressPrinter(w io.Writer) func(workflow.Event) {
	last := -1
	return func(ev workflow.Event) {
		switch ev.Stage {
		case workflow.StageUpload:
			pct := 100
			if ev.Total > 0 {
				pct = int(ev.Done * 100 / ev.Total)
			}
			if ev.Done == 0 && ev.Total > 0 {
				last = max(last, 0) // started: 100 % is printed when sent
				return
			}
			if pct == last {
				return
			}
			last = pct
			part := ""
			if ev.Chunks > 1 {
				part = fmt.Sprintf(i18n.T(", часть %d из %d", ", chunk %d of %d"), ev.Chunk, ev.Chunks)
			}
			fmt.Fprintf(w, "%s: %3d%% (%.1f / %.1f %s%s)\n", i18n.T("Загрузка", "Upload"), pct, float64(ev.Done)/1e6, float64(ev.Total)/1e6, i18n.T("МБ", "MB"), part)
		case workflow.StageWait, workflow.StageRetry:
			msg := ev.Message
			if msg == "" {
				msg = i18n.T("ожидание", "waiting")
			}
			if ev.Wait > 0 && ev.Stage == workflow.StageWait {
				msg += fmt.Sprintf(" (%s)", ev.Wait.Round(time.Second))
			}
			fmt.Fprintln(w, msg)
		case workflow.StageSent:
			if last >= 0 && last < 100 {
				last = 100
				fmt.Fprintf(w, "%s: 100%%\n", i18n.T("Загрузка", "Upload"))
			}
			if ev.Message != "" {
				fmt.Fprintln(w, ev.Message)
			}
		case workflow.StageFailed:
			// The error itself is printed once, by the command.
		default:
			if ev.Message != "" {
				if ev.Stage == workflow.StageBatch && ev.Total > 0 {
					fmt.Fprintf(w, "[%d/%d] ", ev.Done, ev.Total)
				}
				fmt.Fprintln(w, ev.Message)
			}
		}
	}
}
