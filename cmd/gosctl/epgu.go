package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/spf13/pflag"
)

// metaFlags are --service, --target and --region.
type metaFlags struct{ service, target, region string }

func addMetaFlags(fs *pflag.FlagSet) *metaFlags {
	m := &metaFlags{}
	fs.StringVar(&m.service, "service", "", i18n.T("код услуги (eServiceCode), например 60010153", "service code (eServiceCode), e.g. 60010153"))
	fs.StringVar(&m.target, "target", "", i18n.T("код цели (targetCode); по умолчанию — из каталога услуг", "target code (targetCode); default: from the service catalog"))
	fs.StringVar(&m.region, "region", "", i18n.T("код ОКАТО местонахождения заявителя (по умолчанию — из настроек, иначе "+workflow.DefaultRegion+")",
		"OKATO code of the applicant's location (default: the settings', else "+workflow.DefaultRegion+")"))
	return m
}

func (m *metaFlags) check() error {
	if m.service == "" {
		return usagef("нужен --service КОД_УСЛУГИ (см. gosctl services list)", "need --service SERVICE_CODE (see gosctl services list)")
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("неверный номер заявления %q", "bad order number %q", s)
	}
	return id, nil
}

func oneID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("нужен один номер заявления", "need one order number")
	}
	return parseID(args[0])
}

// epguCmd wraps a runner: checks the arguments, opens a session of the
// application core, runs.
func epguCmd(c *connFlags, run func(ctx context.Context, e *env, core *workflow.Core, s *workflow.Session, args []string) error,
	check func(args []string) error) func(*env, []string) error {
	return func(e *env, args []string) error {
		if check != nil {
			if err := check(args); err != nil {
				return err
			}
		}
		core, s, err := c.open(e, false)
		if err != nil {
			return err
		}
		defer core.Close()
		return run(context.Background(), e, core, s, args)
	}
}

var dictCommand = &command{
	name:    "dict",
	summary: i18n.Text{RU: "справочник НСИ ЕПГУ (без авторизации)", EN: "an EPGU reference dictionary (NSI; no authorisation)"},
	usage:   envUsage + " [--parent ЗНАЧЕНИЕ] [--tree ONELEVEL|SUBTREE] [--page N --page-size N] [--json] КОД",
	setup: func(fs *pflag.FlagSet) func(*env, []string) error {
		c := &connFlags{}
		addEnvFlag(fs, c)
		parent := fs.String("parent", "", i18n.T("значение родительского элемента (parentRefItemValue)", "parent item value (parentRefItemValue)"))
		tree := fs.String("tree", workflow.DictOneLevel, "ONELEVEL|SUBTREE")
		page := fs.Int("page", 0, i18n.T("номер страницы с 1 (0 — все страницы)", "page number from 1 (0: every page)"))
		size := fs.Int("page-size", 100, i18n.T("размер страницы", "page size"))
		asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
		return func(e *env, args []string) error {
			if len(args) != 1 {
				return usagef("нужен код справочника", "need a dictionary code")
			}
			t := strings.ToUpper(*tree)
			if t != workflow.DictOneLevel && t != workflow.DictSubtree {
				return usagef("--tree: ONELEVEL или SUBTREE", "--tree: ONELEVEL or SUBTREE")
			}
			core, err := openCore(e)
			if err != nil {
				return err
			}
			req := workflow.DictRequest{TreeFiltering: t, ParentRefItemValue: *parent}
			if *page > 0 {
				req.PageNum, req.PageSize = *page, *size
			}
			items, total, err := core.Dict(context.Background(), c.env, args[0], req, *size)
			if err != nil {
				return err
			}
			if *asJSON {
				return printJSON(e.stdout, map[string]any{"code": args[0], "total": total, "items": items})
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "%s\t%s\t%s\n", i18n.T("ЗНАЧЕНИЕ", "VALUE"), i18n.T("НАЗВАНИЕ", "TITLE"), i18n.T("ЛИСТ", "LEAF"))
			for _, it := range items {
				fmt.Fprintf(tw, "%s\t%s\t%v\n", it.Value, it.Title, it.IsLeaf)
			}
			tw.Flush()
			fmt.Fprintf(e.stdout, "%s: %d\n", i18n.T("Всего", "Total"), total)
			return nil
		}
	},
}

func init() {
	c := func(fs *pflag.FlagSet) *connFlags { return addConnFlags(fs) }
	order := &command{
		name:    "order",
		summary: i18n.Text{RU: "заявления API ЕПГУ: резервирование, загрузка, статусы, отмена, файлы", EN: "API EPGU orders: reserve, upload, statuses, cancel, files"},
		subs: []*command{{
			name:    "create",
			summary: i18n.Text{RU: "зарезервировать номер заявления (POST /api/gusmev/order)", EN: "reserve an order number (POST /api/gusmev/order)"},
			usage:   envUsage + " " + credUsage + " --service КОД [--target КОД] [--region ОКАТО] [--json | -q]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				m := addMetaFlags(fs)
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				quiet := fs.Bool("q", false, i18n.T("напечатать только номер", "print the number only"))
				return epguCmd(cf, func(ctx context.Context, e *env, core *workflow.Core, s *workflow.Session, _ []string) error {
					meta, err := core.Meta(m.service, m.target, m.region)
					if err != nil {
						return err
					}
					id, err := s.Reserve(ctx, meta)
					if err != nil {
						return err
					}
					switch {
					case *asJSON:
						return printJSON(e.stdout, map[string]any{"orderId": id, "meta": meta})
					case *quiet:
						fmt.Fprintln(e.stdout, id)
					default:
						fmt.Fprintf(e.stdout, "%s: %d\n", i18n.T("Зарезервирован номер заявления", "Reserved order number"), id)
					}
					return nil
				}, func(args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					return m.check()
				})
			},
		}, {
			name: "push",
			summary: i18n.Text{RU: "отправить готовый архив заявления: одним запросом (≤ 50 000 000 байт) или частями в зарезервированный номер (--order)",
				EN: "send a ready order archive: in one request (≤ 50,000,000 bytes) or in chunks to a reserved number (--order)"},
			usage: envUsage + " " + credUsage + " --service КОД [--target КОД] [--region ОКАТО] [--order НОМЕР] [--chunked] [--chunk-size БАЙТ] [--omit-meta] [--json] АРХИВ.zip",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				m := addMetaFlags(fs)
				orderID := fs.Int64("order", 0, i18n.T("зарезервированный номер (загрузка частями, /push/chunked)", "reserved number (chunked upload, /push/chunked)"))
				chunked := fs.Bool("chunked", false, i18n.T("загружать частями даже небольшой архив (номер резервируется, если не задан --order)", "upload in chunks even a small archive (a number is reserved unless --order is given)"))
				chunkSize := fs.Int64("chunk-size", 0, i18n.T("размер части, байт (5 000 000…50 000 000; по умолчанию 10 000 000)", "chunk size in bytes (5,000,000…50,000,000; default 10,000,000)"))
				omitMeta := fs.Bool("omit-meta", false, i18n.T("не передавать meta с частями (как в примерах v1.12)", "do not send meta with the chunks (as the v1.12 examples do)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return func(e *env, args []string) error {
					if len(args) != 1 {
						return usagef("нужен один файл архива", "need one archive file")
					}
					if *orderID < 0 {
						return usagef("неверный номер заявления", "bad order number")
					}
					if err := m.check(); err != nil {
						return err
					}
					app := workflow.Application{Service: m.service, Target: m.target, Region: m.region, Archive: args[0],
						OrderID: *orderID, Chunked: *chunked, ChunkSize: *chunkSize, OmitMeta: *omitMeta}
					return runSubmit(e, cf, app, *asJSON)
				}
			},
		}, {
			name:    "status",
			summary: i18n.Text{RU: "подробности заявления: состояние обработки, статусы, файлы (POST /api/gusmev/order/{id})", EN: "order details: processing state, statuses, files (POST /api/gusmev/order/{id})"},
			usage:   envUsage + " " + credUsage + " [--json] НОМЕР",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, args []string) error {
					id, _ := oneID(args)
					d, err := s.Details(ctx, id)
					if err != nil {
						return err
					}
					if *asJSON {
						return printJSON(e.stdout, map[string]any{"orderId": id, "code": d.Code, "message": d.Message, "messageId": d.MessageID, "order": d.Order})
					}
					printDetails(e.stdout, id, d)
					return nil
				}, func(args []string) error { _, err := oneID(args); return err })
			},
		}, {
			name:    "list",
			summary: i18n.Text{RU: "статусы многих заявлений (GET getOrdersStatus с постраничным чтением)", EN: "statuses of many orders (GET getOrdersStatus, paged)"},
			usage:   envUsage + " " + credUsage + " [--page-size N] [--ids-file ФАЙЛ] [--json] [НОМЕР…]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				size := fs.Int("page-size", 100, i18n.T("размер страницы", "page size"))
				idsFile := fs.String("ids-file", "", i18n.T("файл с номерами (через пробел или по строкам; «-» — stdin)", "file with order numbers (space or line separated; \"-\" for stdin)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				var ids []int64
				return func(e *env, args []string) error {
					var err error
					if ids, err = collectIDs(e, args, *idsFile); err != nil {
						return err
					}
					if *size < 1 {
						return usagef("--page-size: не меньше 1", "--page-size: at least 1")
					}
					return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, _ []string) error {
						items, err := s.Statuses(ctx, ids, *size)
						if err != nil {
							return err
						}
						return printStatuses(ctx, e, s, items, *asJSON)
					}, nil)(e, args)
				}
			},
		}, {
			name:    "updated",
			summary: i18n.Text{RU: "заявления, изменившиеся после момента времени (GET getUpdatedAfter)", EN: "orders updated after a moment (GET getUpdatedAfter)"},
			usage:   envUsage + " " + credUsage + " --after ВРЕМЯ|ДЛИТЕЛЬНОСТЬ [--page-size N] [--json]",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				after := fs.String("after", "24h", i18n.T("момент (2024-05-16T10:00:00+03:00, 2024-05-16T10:00:00 — по Москве) или давность (24h, 30m)",
					"a moment (2024-05-16T10:00:00+03:00, 2024-05-16T10:00:00 Moscow time) or an age (24h, 30m)"))
				size := fs.Int("page-size", 100, i18n.T("размер страницы", "page size"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				var t time.Time
				return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, _ []string) error {
					items, err := s.UpdatedAfter(ctx, t, *size)
					if err != nil {
						return err
					}
					return printStatuses(ctx, e, s, items, *asJSON)
				}, func(args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					var err error
					t, err = parseAfter(*after)
					return err
				})
			},
		}, cancelCommand(i18n.Text{RU: "отменить заявление (POST /api/gusmev/order/{id}/cancel)", EN: "cancel an order (POST /api/gusmev/order/{id}/cancel)"}), {
			name:    "download",
			summary: i18n.Text{RU: "скачать файлы заявления: результаты (по умолчанию) или поданные", EN: "download the order's files: results (default) or the uploaded ones"},
			usage:   envUsage + " " + credUsage + " [--type result|request] [--file ИМЯ] [--out ПАПКА] [--legacy] [--json] НОМЕР",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				typ := fs.String("type", "result", i18n.T("result — результаты, request — поданные файлы", "result: result files, request: uploaded files"))
				file := fs.String("file", "", i18n.T("скачать только файл с этим именем", "download only the file with this name"))
				out := fs.String("out", ".", i18n.T("папка для файлов", "folder for the files"))
				legacy := fs.Bool("legacy", false, i18n.T("старый путь /api/storage/v2/files (v1.12.1)", "the old path /api/storage/v2/files (v1.12.1)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, args []string) error {
					id, _ := oneID(args)
					return runDownload(ctx, e, s, id, workflow.DownloadOptions{Request: *typ == "request", Only: *file, Out: *out, Legacy: *legacy}, *asJSON)
				}, func(args []string) error {
					if *typ != "result" && *typ != "request" {
						return usagef("--type: result или request", "--type: result or request")
					}
					_, err := oneID(args)
					return err
				})
			},
		}, dictCommand},
	}
	register(&command{
		name:    "epgu",
		summary: i18n.Text{RU: "API ЕПГУ: заявления и справочники НСИ", EN: "API EPGU: orders and reference dictionaries (NSI)"},
		subs:    []*command{order, dictCommand},
	})
}

func collectIDs(e *env, args []string, file string) ([]int64, error) {
	words := append([]string(nil), args...)
	if file != "" {
		r, err := openInput(e, file)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		sc := bufio.NewScanner(r)
		sc.Split(bufio.ScanWords)
		for sc.Scan() {
			words = append(words, strings.Trim(sc.Text(), ",;"))
		}
		if err := sc.Err(); err != nil {
			return nil, fileError(file, err)
		}
	}
	if len(words) == 0 {
		return nil, usagef("нужны номера заявлений (аргументы или --ids-file)", "need order numbers (arguments or --ids-file)")
	}
	ids := make([]int64, 0, len(words))
	for _, w := range words {
		id, err := parseID(w)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func parseAfter(s string) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return time.Now().Add(-d), nil
	}
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(l, s, workflow.Moscow); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--after: неверное время %q (пример: 2024-05-16T10:00:00+03:00 или 24h)", "--after: bad time %q (e.g. 2024-05-16T10:00:00+03:00 or 24h)", s)
}

func fmtTime(d interface {
	IsZero() bool
	In(*time.Location) time.Time
}) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(workflow.Moscow).Format("02.01.2006 15:04:05")
}

// statusRow is one order of a status listing with its real state: an
// order whose processing failed (VALIDATION_ERROR, REQ_VERIFY_FAILED…)
// or is still going on has no portal status yet — getOrdersStatus then
// says «0 Черновик заявления» — so its gu-smev state is asked for and
// shown instead (issue 13 item 8).
type statusRow struct {
	workflow.OrderStatus
	State        string `json:"state,omitempty"`
	StateMessage string `json:"stateMessage,omitempty"`
}

func printStatuses(ctx context.Context, e *env, s *workflow.Session, items []workflow.OrderStatus, asJSON bool) error {
	rows := make([]statusRow, len(items))
	for i, it := range items {
		rows[i].OrderStatus = it
		if it.Status == nil || it.Status.StatusID != 0 {
			continue
		}
		if d, err := s.Details(ctx, it.OrderID); err == nil && d.Code != "" {
			rows[i].State, rows[i].StateMessage = d.Code, d.Message
		}
	}
	if asJSON {
		return printJSON(e.stdout, rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", i18n.T("НОМЕР", "ORDER"), i18n.T("ПОИСК", "SEARCH"), i18n.T("СТАТУС", "STATUS"), i18n.T("ОБНОВЛЁН (МСК)", "UPDATED (MSK)"))
	for _, it := range rows {
		status, upd := "—", "—"
		if it.Status != nil {
			status = fmt.Sprintf("%d %s", it.Status.StatusID, it.Status.StatusName)
			upd = fmtTime(it.Status.Updated)
		}
		if it.State != "" && it.State != "DONE" {
			status = it.State
			if it.StateMessage != "" {
				status += " — " + it.StateMessage
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", it.OrderID, it.SearchStatus, status, upd)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%s: %d\n", i18n.T("Всего", "Total"), len(items))
	return nil
}

func printDetails(w io.Writer, id int64, d *workflow.OrderDetails) {
	fmt.Fprintf(w, "%s %d\n", i18n.T("Заявление", "Order"), id)
	fmt.Fprintf(w, "  %s: %s", i18n.T("Обработка (gu-smev)", "Processing (gu-smev)"), d.Code)
	if d.Message != "" {
		fmt.Fprintf(w, " — %s", d.Message)
	}
	fmt.Fprintln(w)
	o := d.Order
	if o == nil {
		fmt.Fprintf(w, "  %s\n", i18n.T("Заявление на портале ещё не создано", "The order does not exist on the portal yet"))
		return
	}
	fmt.Fprintf(w, "  %s: %s (%s)\n", i18n.T("Услуга", "Service"), o.ServiceName, o.EServiceID)
	if cur := o.Current(); cur != nil {
		final := ""
		if cur.FinalStatus {
			final = i18n.T(", итоговый", ", final")
		}
		fmt.Fprintf(w, "  %s: %d %s (%s%s)\n", i18n.T("Статус", "Status"), cur.StatusID, cur.Title, fmtTime(cur.Date), final)
	}
	if len(o.Statuses) > 0 {
		fmt.Fprintf(w, "  %s:\n", i18n.T("История", "History"))
		for _, s := range o.Statuses {
			fmt.Fprintf(w, "    %s  %3d  %s", fmtTime(s.Date), s.StatusID, s.Title)
			if s.Comment != "" {
				fmt.Fprintf(w, " — %s", s.Comment)
			}
			fmt.Fprintln(w)
		}
	}
	for _, f := range o.AttachmentFiles {
		fmt.Fprintf(w, "  %s: %s (%d %s)\n", i18n.T("Подан файл", "Uploaded file"), f.FileName, f.FileSize, i18n.T("байт", "bytes"))
	}
	for _, f := range o.ResponseFiles {
		fmt.Fprintf(w, "  %s: %s (%d %s)\n", i18n.T("Результат", "Result"), f.FileName, f.FileSize, i18n.T("байт", "bytes"))
	}
}

func runDownload(ctx context.Context, e *env, s *workflow.Session, id int64, o workflow.DownloadOptions, asJSON bool) error {
	got, err := s.Download(ctx, id, o)
	if err != nil {
		return err
	}
	if asJSON {
		if got == nil {
			got = []workflow.ResultFile{}
		}
		return printJSON(e.stdout, got)
	}
	for _, f := range got {
		fmt.Fprintf(e.stdout, "%s: %s (%d %s)\n", i18n.T("Сохранён", "Saved"), f.Path, f.Bytes, i18n.T("байт", "bytes"))
		if f.Signed {
			fmt.Fprintf(e.stdout, "  %s\n", f.Verdict)
		}
	}
	return nil
}

// cancelCommand is `epgu order cancel` and `orders cancel`: one command,
// listed under both, with its own summary in each place.
func cancelCommand(summary i18n.Text) *command {
	return &command{
		name:    "cancel",
		summary: summary,
		usage:   envUsage + " " + credUsage + " --reason ТЕКСТ НОМЕР",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			cf := addConnFlags(fs)
			reason := fs.String("reason", "", i18n.T("причина отмены (обязательна)", "reason of the cancellation (required)"))
			return epguCmd(cf, func(ctx context.Context, e *env, _ *workflow.Core, s *workflow.Session, args []string) error {
				id, _ := oneID(args)
				if err := s.Cancel(ctx, id, *reason); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s %d %s\n", i18n.T("Заявление", "Order"), id, i18n.T("отменено", "cancelled"))
				return nil
			}, func(args []string) error {
				if strings.TrimSpace(*reason) == "" {
					return usagef("нужна --reason ПРИЧИНА", "need --reason TEXT")
				}
				_, err := oneID(args)
				return err
			})
		},
	}
}
