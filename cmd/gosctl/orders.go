package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// gosctl orders (issue 9 §6): what the journal knows about sent
// applications, and the operations on them — watch, download, cancel,
// resume — through core/workflow.

// openJournal opens the journal of the data folder (the same file the
// workflow writes; several handles on one file are fine).
func openJournal() (*journal.Journal, error) {
	dir, err := workflow.DefaultDataDir()
	if err != nil {
		return nil, err
	}
	p := filepath.Join(dir, journal.FileName)
	if _, err := os.Stat(p); err != nil {
		return nil, i18n.New("журнал ещё пуст: "+p+" не найден — заявления попадают в него при отправке (gosctl submit, epgu order push, batch)",
			"the journal is still empty: "+p+" not found — applications get there when sent (gosctl submit, epgu order push, batch)")
	}
	return journal.Open(p)
}

// queryFlags are the journal filters of orders list and journal export.
type queryFlags struct {
	service, state, text, from, to string
	order                          int64
	batch                          int64
}

func addQueryFlags(fs *pflag.FlagSet) *queryFlags {
	q := &queryFlags{}
	fs.StringVar(&q.service, "service", "", i18n.T("только эта услуга (код)", "only this service (code)"))
	fs.StringVar(&q.state, "state", "", i18n.T("только эти состояния через запятую: "+statesList(), "only these states, comma separated: "+statesList()))
	fs.StringVar(&q.text, "text", "", i18n.T("поиск по заявителю, названию, услуге, номеру", "search the applicant, title, service, number"))
	fs.StringVar(&q.from, "from", "", i18n.T("созданные с даты (ДД.ММ.ГГГГ)", "created on or after (DD.MM.YYYY)"))
	fs.StringVar(&q.to, "to", "", i18n.T("созданные по дату включительно (ДД.ММ.ГГГГ)", "created up to, inclusive (DD.MM.YYYY)"))
	fs.Int64Var(&q.order, "order", 0, i18n.T("номер заявления ЕПГУ", "EPGU order number"))
	fs.Int64Var(&q.batch, "batch", 0, i18n.T("номер пакета", "batch number"))
	return q
}

func statesList() string {
	var s []string
	for _, st := range journal.AllStates {
		s = append(s, string(st))
	}
	return strings.Join(s, ", ")
}

func (f *queryFlags) query() (journal.Query, error) {
	q := journal.Query{Service: f.service, Text: f.text, OrderID: f.order, BatchID: f.batch, Drafts: journal.OnlySubmitted, Desc: true}
	if f.state != "" {
		for _, s := range strings.Split(f.state, ",") {
			st := journal.State(strings.TrimSpace(s))
			ok := false
			for _, a := range journal.AllStates {
				ok = ok || a == st
			}
			if !ok {
				return q, usagef("--state: неизвестное состояние %q (%s)", "--state: unknown state %q (%s)", s, statesList())
			}
			q.States = append(q.States, st)
		}
	}
	for _, d := range []struct {
		name, v string
		to      *time.Time
		next    bool
	}{{"--from", f.from, &q.From, false}, {"--to", f.to, &q.To, true}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation("02.01.2006", d.v, time.Local)
		if err != nil {
			if t, err = time.ParseInLocation("2006-01-02", d.v, time.Local); err != nil {
				return q, usagef("%s: неверная дата %q (нужно ДД.ММ.ГГГГ)", "%s: bad date %q (need DD.MM.YYYY)", d.name, d.v)
			}
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.to = t
	}
	return q, nil
}

func stateTitle(s journal.State) string {
	ru, en := s.Title()
	return i18n.T(ru, en)
}

func init() {
	orders := &command{
		name:    "orders",
		summary: i18n.Text{RU: "отправленные заявления из журнала: список, подробности, отслеживание, результаты, отмена, продолжение", EN: "sent applications from the journal: list, details, tracking, results, cancel, resume"},
		subs: []*command{{
			name:    "list",
			summary: i18n.Text{RU: "заявления из журнала (новые сверху)", EN: "applications from the journal (newest first)"},
			usage:   "[--service КОД] [--state СОСТОЯНИЕ,…] [--text ТЕКСТ] [--from ДД.ММ.ГГГГ] [--to ДД.ММ.ГГГГ] [--order НОМЕР] [--batch N] [--limit N] [--json]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				qf := addQueryFlags(fs)
				limit := fs.Int("limit", 50, i18n.T("не больше стольких строк (-1 — все)", "at most this many rows (-1: all)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					q, err := qf.query()
					if err != nil {
						return err
					}
					q.Limit = *limit
					j, err := openJournal()
					if err != nil {
						return err
					}
					defer j.Close()
					p, err := j.Search(context.Background(), q)
					if err != nil {
						return err
					}
					if *asJSON {
						if p.Items == nil {
							p.Items = []journal.Summary{}
						}
						return printJSON(e.stdout, p)
					}
					tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, i18n.T("ID\tУСЛУГА\tНОМЕР\tСОСТОЯНИЕ\tСТАТУС\tЗАЯВИТЕЛЬ\tИЗМЕНЕНО", "ID\tSERVICE\tNUMBER\tSTATE\tSTATUS\tAPPLICANT\tUPDATED"))
					for _, s := range p.Items {
						num, status := "—", "—"
						if s.OrderID != 0 {
							num = strconv.FormatInt(s.OrderID, 10)
						}
						if s.StatusText != "" {
							status = fmt.Sprintf("%d %s", s.StatusID, s.StatusText)
						}
						who := s.Applicant
						if who == "" {
							who = s.Title
						}
						fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Service, num, stateTitle(s.State), status, who, s.Updated.Local().Format("02.01.2006 15:04"))
					}
					tw.Flush()
					fmt.Fprintf(e.stdout, "%s: %d\n", i18n.T("Всего", "Total"), p.Total)
					return nil
				}
			},
		}, {
			name:    "show",
			summary: i18n.Text{RU: "заявление из журнала: состояние отправки, номер, история статусов", EN: "an application from the journal: sending state, number, status history"},
			usage:   "[--json] ID",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					id, err := oneAppID(args)
					if err != nil {
						return err
					}
					j, err := openJournal()
					if err != nil {
						return err
					}
					defer j.Close()
					ctx := context.Background()
					a, err := j.Application(ctx, id)
					if err != nil {
						return err
					}
					var hist []journal.Status
					if a.OrderID != 0 {
						if hist, err = j.History(ctx, a.Env, a.OrderID); err != nil {
							return err
						}
					}
					if *asJSON {
						a.Documents = nil
						return printJSON(e.stdout, map[string]any{"application": a, "history": hist})
					}
					row := func(k, v string) {
						if v != "" {
							fmt.Fprintf(e.stdout, "  %s: %s\n", k, v)
						}
					}
					fmt.Fprintf(e.stdout, "%s %d\n", i18n.T("Заявление", "Application"), a.ID)
					row(i18n.T("Услуга", "Service"), a.Service)
					row(i18n.T("Заявитель", "Applicant"), a.Applicant)
					row(i18n.T("Название", "Title"), a.Title)
					row(i18n.T("Среда", "Environment"), a.Env)
					row(i18n.T("Состояние", "State"), stateTitle(a.State))
					if a.OrderID != 0 {
						row(i18n.T("Номер заявления", "Order number"), strconv.FormatInt(a.OrderID, 10))
					}
					for _, d := range a.Attachments {
						row(i18n.T("Вложение", "Attachment"), fmt.Sprintf("%s (%d %s)", d.Name, d.Size, i18n.T("байт", "bytes")))
					}
					if len(hist) > 0 {
						fmt.Fprintf(e.stdout, "  %s:\n", i18n.T("История", "History"))
						for _, h := range hist {
							at := h.At
							if at.IsZero() {
								at = h.Recorded
							}
							line := fmt.Sprintf("    %s  %3d  %s", at.Local().Format("02.01.2006 15:04:05"), h.ID, h.Title)
							if h.ProcState != "" && h.ProcState != "DONE" {
								line += " [" + h.ProcState + "]"
							}
							if h.Comment != "" {
								line += " — " + h.Comment
							}
							fmt.Fprintln(e.stdout, line)
						}
					}
					return nil
				}
			},
		}, {
			name:    "watch",
			summary: i18n.Text{RU: "следить за статусами до итоговых (getUpdatedAfter/getOrdersStatus), с --download скачивать результаты", EN: "follow statuses until final (getUpdatedAfter/getOrdersStatus); with --download fetch the results"},
			usage:   envUsage + " " + credUsage + " [--interval ДЛИТЕЛЬНОСТЬ] [--once] [--download] [НОМЕР…]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := addConnFlags(fs)
				interval := fs.Duration("interval", 30*time.Second, i18n.T("пауза между опросами", "pause between polls"))
				once := fs.Bool("once", false, i18n.T("опросить один раз и выйти", "poll once and exit"))
				download := fs.Bool("download", false, i18n.T("скачивать результаты итоговых заявлений в папку данных", "download the results of final orders into the data folder"))
				return func(e *env, args []string) error {
					var ids []int64
					for _, a := range args {
						id, err := parseID(a)
						if err != nil {
							return err
						}
						ids = append(ids, id)
					}
					if *interval < time.Second {
						return usagef("--interval: не меньше 1s", "--interval: at least 1s")
					}
					core, s, err := cf.open(e, true)
					if err != nil {
						return err
					}
					defer core.Close()
					stop := core.Subscribe(statusPrinter(e))
					defer stop()
					ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
					defer cancel()
					err = s.Track(ctx, workflow.TrackOptions{OrderIDs: ids, Interval: *interval, Once: *once, Download: *download})
					if ctx.Err() != nil {
						return nil // Ctrl+C: the journal keeps where we are
					}
					return err
				}
			},
		}, {
			name:    "download",
			summary: i18n.Text{RU: "скачать результаты заявления, распаковать и проверить подписи", EN: "download an order's results, extract them and check the signatures"},
			usage:   envUsage + " " + credUsage + " [--out ПАПКА] [--json] НОМЕР",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := addConnFlags(fs)
				out := fs.String("out", "", i18n.T("папка для файлов (по умолчанию — папка данных, results/НОМЕР)", "folder for the files (default: the data folder, results/NUMBER)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, args []string) error {
					id, _ := oneID(args)
					return runDownload(ctx, e, s, id, workflow.DownloadOptions{Out: *out, Extract: true}, *asJSON)
				}, func(args []string) error { _, err := oneID(args); return err })
			},
		}, cancelCommand(i18n.Text{RU: "отменить заявление (если услуга и статус позволяют)", EN: "cancel an order (when the service and the status allow it)"}), {
			name: "resume",
			summary: i18n.Text{RU: "продолжить прерванные отправки с места остановки (тот же номер, недостающие части)",
				EN: "continue interrupted submissions where they stopped (the same number, the missing chunks)"},
			usage: envUsage + " " + credUsage + " [--new-order] [ID…]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := addConnFlags(fs)
				newOrder := fs.Bool("new-order", false, i18n.T("взять новый номер заявления вместо зарезервированного", "take a new order number instead of the reserved one"))
				return func(e *env, args []string) error {
					var ids []int64
					for _, a := range args {
						id, err := parseAppID(a)
						if err != nil {
							return err
						}
						ids = append(ids, id)
					}
					if *newOrder && len(ids) == 0 {
						return usagef("--new-order указывается с номерами заявлений журнала (ID)", "--new-order goes with journal application IDs")
					}
					core, s, err := cf.open(e, true)
					if err != nil {
						return err
					}
					defer core.Close()
					stop := core.Subscribe(progressPrinter(e.stderr))
					defer stop()
					ctx := context.Background()
					var outs []workflow.ResumeOutcome
					if len(ids) == 0 {
						if outs, err = s.ResumeAll(ctx); err != nil {
							return err
						}
					}
					for _, id := range ids {
						r, err := s.Resume(ctx, id, workflow.ResumeOptions{NewOrder: *newOrder})
						outs = append(outs, workflow.ResumeOutcome{AppID: id, Result: r, Err: err})
					}
					if len(outs) == 0 {
						fmt.Fprintln(e.stdout, i18n.T("Незавершённых отправок нет.", "No unfinished submissions."))
						return nil
					}
					failed := 0
					for _, o := range outs {
						if o.Err != nil {
							failed++
							fmt.Fprintf(e.stdout, "%d: %s\n", o.AppID, i18n.Message(o.Err))
							continue
						}
						fmt.Fprintf(e.stdout, "%d: %s %d\n", o.AppID, i18n.T("отправлено, номер", "sent, number"), o.Result.OrderID)
					}
					if failed > 0 {
						return errCheckFailed
					}
					return nil
				}
			},
		}},
	}
	register(orders)
}

func parseAppID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("неверный номер заявления в журнале %q (ID из gosctl orders list)", "bad journal application ID %q (the ID of gosctl orders list)", s)
	}
	return id, nil
}

func oneAppID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("нужен один ID заявления из журнала (gosctl orders list)", "need one journal application ID (gosctl orders list)")
	}
	return parseAppID(args[0])
}

// statusPrinter prints status changes, final statuses and results.
func statusPrinter(e *env) func(workflow.Event) {
	progress := progressPrinter(e.stderr)
	return func(ev workflow.Event) {
		switch ev.Stage {
		case workflow.StageStatus, workflow.StageFinal:
			if ev.Status == nil {
				return
			}
			line := fmt.Sprintf("%d: %d %s", ev.OrderID, ev.Status.ID, ev.Status.Title)
			if ev.Status.State != "" && ev.Status.State != "DONE" {
				line += " [" + ev.Status.State + "]"
			}
			if ev.Stage == workflow.StageFinal {
				line += i18n.T(" (итоговый)", " (final)")
			}
			fmt.Fprintln(e.stdout, line)
		case workflow.StageResult:
			for _, f := range ev.Files {
				fmt.Fprintf(e.stdout, "%d: %s %s\n", ev.OrderID, i18n.T("результат", "result"), f.Path)
			}
		case workflow.StageTracking:
		default:
			progress(ev)
		}
	}
}
