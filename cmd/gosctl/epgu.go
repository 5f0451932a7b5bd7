package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/spf13/pflag"
)

// defaultRegion is the OKATO code sent when --region is not given (Москва).
const defaultRegion = "45000000000"

// metaFlags are --service, --target and --region.
type metaFlags struct{ service, target, region string }

func addMetaFlags(fs *pflag.FlagSet) *metaFlags {
	m := &metaFlags{}
	fs.StringVar(&m.service, "service", "", i18n.T("код услуги (eServiceCode), например 60010153", "service code (eServiceCode), e.g. 60010153"))
	fs.StringVar(&m.target, "target", "", i18n.T("код цели (targetCode); по умолчанию «-» + код услуги", "target code (targetCode); default \"-\" + the service code"))
	fs.StringVar(&m.region, "region", defaultRegion, i18n.T("код ОКАТО местонахождения заявителя", "OKATO code of the applicant's location"))
	return m
}

func (m *metaFlags) meta() (epgu.OrderMeta, error) {
	if m.service == "" {
		return epgu.OrderMeta{}, usagef("нужен --service КОД_УСЛУГИ", "need --service SERVICE_CODE")
	}
	t := m.target
	if t == "" {
		t = "-" + m.service
	}
	return epgu.OrderMeta{Region: m.region, ServiceCode: m.service, TargetCode: t}, nil
}

// client connects and returns an API ЕПГУ client.
func (c *connFlags) client(ctx context.Context) (*epgu.Client, *session, error) {
	s, err := c.connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	cl, err := epgu.New(epgu.Options{BaseURL: s.env.EPGU, Tokens: s.tokens, ChunkSize: s.chunk})
	if err != nil {
		return nil, nil, err
	}
	return cl, s, nil
}

// remoteError renders API ЕПГУ and ЕСИА errors in the user's language:
// their Error() texts are Russian (with the spec's descriptions).
type remoteError struct{ err error }

func (r remoteError) Error() string { return r.err.Error() }
func (r remoteError) Unwrap() error { return r.err }

func (r remoteError) Localize(l i18n.Lang) string {
	if l != i18n.EN {
		return r.err.Error()
	}
	var pe *epgu.Error
	if errors.As(r.err, &pe) {
		s := "EPGU:"
		if pe.HTTPStatus != 0 {
			s += fmt.Sprintf(" HTTP %d", pe.HTTPStatus)
		}
		if pe.Code != "" {
			s += " [" + pe.Code + "]"
		}
		if pe.Message != "" {
			s += ": " + pe.Message
		}
		return s
	}
	var ee *esia.Error
	if errors.As(r.err, &ee) {
		s := "ESIA:"
		if ee.HTTPStatus != 0 {
			s += fmt.Sprintf(" HTTP %d", ee.HTTPStatus)
		}
		if ee.Code != "" {
			s += " " + ee.Code
		}
		if ee.Description != "" {
			s += ": " + ee.Description
		}
		return s
	}
	return i18n.Message(r.err)
}

// remote wraps errors of the services for localisation.
func remote(err error) error {
	var pe *epgu.Error
	var ee *esia.Error
	if err != nil && (errors.As(err, &pe) || errors.As(err, &ee)) {
		return remoteError{err}
	}
	return err
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

// epguCmd wraps a runner: connects, runs, localises remote errors.
func epguCmd(c *connFlags, run func(ctx context.Context, e *env, cl *epgu.Client, args []string) error,
	check func(args []string) error) func(*env, []string) error {
	return func(e *env, args []string) error {
		if check != nil {
			if err := check(args); err != nil {
				return err
			}
		}
		ctx := context.Background()
		cl, _, err := c.client(ctx)
		if err != nil {
			return remote(err)
		}
		return remote(run(ctx, e, cl, args))
	}
}

var dictCommand = &command{
	name:    "dict",
	summary: i18n.Text{RU: "справочник НСИ ЕПГУ (без авторизации)", EN: "an EPGU НСИ dictionary (no authorisation)"},
	usage:   envUsage + " [--parent ЗНАЧЕНИЕ] [--tree ONELEVEL|SUBTREE] [--page N --page-size N] [--json] КОД",
	setup: func(fs *pflag.FlagSet) func(*env, []string) error {
		c := &connFlags{}
		addEnvFlag(fs, c)
		parent := fs.String("parent", "", i18n.T("значение родительского элемента (parentRefItemValue)", "parent item value (parentRefItemValue)"))
		tree := fs.String("tree", epgu.OneLevel, "ONELEVEL|SUBTREE")
		page := fs.Int("page", 0, i18n.T("номер страницы с 1 (0 — все страницы)", "page number from 1 (0: every page)"))
		size := fs.Int("page-size", 100, i18n.T("размер страницы", "page size"))
		asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
		return func(e *env, args []string) error {
			if len(args) != 1 {
				return usagef("нужен код справочника", "need a dictionary code")
			}
			t := strings.ToUpper(*tree)
			if t != epgu.OneLevel && t != epgu.Subtree {
				return usagef("--tree: ONELEVEL или SUBTREE", "--tree: ONELEVEL or SUBTREE")
			}
			env, _, err := c.resolve()
			if err != nil {
				return err
			}
			cl, err := epgu.New(epgu.Options{BaseURL: env.EPGU})
			if err != nil {
				return err
			}
			req := epgu.DictRequest{TreeFiltering: t, ParentRefItemValue: *parent}
			var items []epgu.DictItem
			total := 0
			if *page > 0 {
				req.PageNum, req.PageSize = *page, *size
				r, err := cl.Dict(context.Background(), args[0], req)
				if err != nil {
					return remote(dictError(err))
				}
				items, total = r.Items, r.Total
			} else {
				items, err = cl.DictAll(context.Background(), args[0], req, *size)
				if err != nil {
					return remote(dictError(err))
				}
				total = len(items)
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

// dictError explains a non-zero НСИ error code.
func dictError(err error) error {
	var de *epgu.DictError
	if errors.As(err, &de) {
		switch de.Code {
		case 7:
			return i18n.Wrap(err, "справочник не найден", "no such dictionary")
		case 3:
			return i18n.Wrap(err, "неверные параметры запроса справочника", "bad dictionary request")
		}
	}
	return err
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
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, _ []string) error {
					meta, _ := m.meta()
					id, err := cl.CreateOrder(ctx, meta)
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
					_, err := m.meta()
					return err
				})
			},
		}, {
			name: "push",
			summary: i18n.Text{RU: "отправить архив заявления: одним запросом (≤ 50 000 000 байт) или частями в зарезервированный номер (--order)",
				EN: "send the order archive: in one request (≤ 50,000,000 bytes) or in chunks to a reserved number (--order)"},
			usage: envUsage + " " + credUsage + " --service КОД [--target КОД] [--region ОКАТО] [--order НОМЕР] [--chunked] [--chunk-size БАЙТ] [--omit-meta] [--json] АРХИВ.zip",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				m := addMetaFlags(fs)
				orderID := fs.Int64("order", 0, i18n.T("зарезервированный номер (загрузка частями, /push/chunked)", "reserved number (chunked upload, /push/chunked)"))
				chunked := fs.Bool("chunked", false, i18n.T("загружать частями даже небольшой архив (номер резервируется, если не задан --order)", "upload in chunks even a small archive (a number is reserved unless --order is given)"))
				chunkSize := fs.Int64("chunk-size", 0, i18n.T("размер части, байт (5 000 000…50 000 000; по умолчанию 10 000 000)", "chunk size in bytes (5,000,000…50,000,000; default 10,000,000)"))
				omitMeta := fs.Bool("omit-meta", false, i18n.T("не передавать meta с частями (как в примерах v1.12)", "do not send meta with the chunks (as the v1.12 examples do)"))
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, args []string) error {
					meta, _ := m.meta()
					return runPush(ctx, e, cl, meta, args[0], *orderID, *chunked, *chunkSize, *omitMeta, *asJSON)
				}, func(args []string) error {
					if len(args) != 1 {
						return usagef("нужен один файл архива", "need one archive file")
					}
					if *chunkSize != 0 && (*chunkSize < epgu.MinChunkSize || *chunkSize > epgu.MaxChunkSize) {
						return usagef("--chunk-size: от 5 000 000 до 50 000 000 байт", "--chunk-size: 5,000,000 to 50,000,000 bytes")
					}
					if *orderID < 0 {
						return usagef("неверный номер заявления", "bad order number")
					}
					_, err := m.meta()
					return err
				})
			},
		}, {
			name:    "status",
			summary: i18n.Text{RU: "подробности заявления: состояние обработки, статусы, файлы (POST /api/gusmev/order/{id})", EN: "order details: processing state, statuses, files (POST /api/gusmev/order/{id})"},
			usage:   envUsage + " " + credUsage + " [--json] НОМЕР",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, args []string) error {
					id, _ := oneID(args)
					d, err := cl.Details(ctx, id)
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
					return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, _ []string) error {
						items, err := cl.AllOrdersStatus(ctx, ids, *size)
						if err != nil {
							return err
						}
						return printStatuses(e, items, *asJSON)
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
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, _ []string) error {
					items, err := cl.AllUpdatedAfter(ctx, t, *size)
					if err != nil {
						return err
					}
					return printStatuses(e, items, *asJSON)
				}, func(args []string) error {
					if len(args) > 0 {
						return usagef("лишние аргументы: %v", "extra arguments: %v", args)
					}
					var err error
					t, err = parseAfter(*after)
					return err
				})
			},
		}, {
			name:    "cancel",
			summary: i18n.Text{RU: "отменить заявление (POST /api/gusmev/order/{id}/cancel)", EN: "cancel an order (POST /api/gusmev/order/{id}/cancel)"},
			usage:   envUsage + " " + credUsage + " --reason ТЕКСТ НОМЕР",
			setup: func(fs *pflag.FlagSet) func(*env, []string) error {
				cf := c(fs)
				reason := fs.String("reason", "", i18n.T("причина отмены (обязательна)", "reason of the cancellation (required)"))
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, args []string) error {
					id, _ := oneID(args)
					if err := cl.Cancel(ctx, id, *reason); err != nil {
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
		}, {
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
				return epguCmd(cf, func(ctx context.Context, e *env, cl *epgu.Client, args []string) error {
					id, _ := oneID(args)
					return runDownload(ctx, e, cl, id, *typ == "request", *file, *out, *legacy, *asJSON)
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
		summary: i18n.Text{RU: "API ЕПГУ: заявления и справочники НСИ", EN: "API EPGU: orders and НСИ dictionaries"},
		subs:    []*command{order, dictCommand},
	})
}

// progress prints the percentage of a chunked upload on stderr.
type progress struct {
	w    io.Writer
	last int
}

func (p *progress) update(sent, total int64) {
	pct := 100
	if total > 0 {
		pct = int(sent * 100 / total)
	}
	if pct == p.last {
		return
	}
	p.last = pct
	fmt.Fprintf(p.w, "%s: %3d%% (%.1f / %.1f %s)\n", i18n.T("Загрузка", "Upload"), pct, float64(sent)/1e6, float64(total)/1e6, i18n.T("МБ", "MB"))
}

func runPush(ctx context.Context, e *env, cl *epgu.Client, meta epgu.OrderMeta, path string, orderID int64, chunked bool, chunkSize int64, omitMeta, asJSON bool) error {
	st, err := os.Stat(path)
	if err != nil {
		return fileError(path, err)
	}
	size := st.Size()
	mode := "push"
	if orderID == 0 && !chunked && size <= epgu.MaxPushSize {
		id, err := cl.PushFile(ctx, meta, path)
		if err != nil {
			return err
		}
		orderID = id
	} else {
		mode = "chunked"
		if orderID == 0 {
			if orderID, err = cl.CreateOrder(ctx, meta); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s: %d\n", i18n.T("Зарезервирован номер заявления", "Reserved order number"), orderID)
		}
		p := &progress{w: e.stderr, last: -1}
		o := epgu.ChunkOptions{ChunkSize: chunkSize, OmitMeta: omitMeta, Progress: p.update}
		if err := cl.PushChunkedFile(ctx, orderID, &meta, path, o); err != nil {
			return err
		}
	}
	if asJSON {
		return printJSON(e.stdout, map[string]any{"orderId": orderID, "bytes": size, "mode": mode})
	}
	fmt.Fprintf(e.stdout, "%s %d %s (%d %s)\n", i18n.T("Заявление", "Order"), orderID, i18n.T("отправлено", "sent"), size, i18n.T("байт", "bytes"))
	return nil
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
	if t, err := epgu.ParseDateTime(s); err == nil {
		return t, nil
	}
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(l, s, epgu.Moscow); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--after: неверное время %q (пример: 2024-05-16T10:00:00+03:00 или 24h)", "--after: bad time %q (e.g. 2024-05-16T10:00:00+03:00 or 24h)", s)
}

func fmtTime(d epgu.DateTime) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(epgu.Moscow).Format("02.01.2006 15:04:05")
}

func printStatuses(e *env, items []epgu.OrderStatus, asJSON bool) error {
	if asJSON {
		if items == nil {
			items = []epgu.OrderStatus{}
		}
		return printJSON(e.stdout, items)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", i18n.T("НОМЕР", "ORDER"), i18n.T("ПОИСК", "SEARCH"), i18n.T("СТАТУС", "STATUS"), i18n.T("ОБНОВЛЁН (МСК)", "UPDATED (MSK)"))
	for _, it := range items {
		status, upd := "—", "—"
		if it.Status != nil {
			status = fmt.Sprintf("%d %s", it.Status.StatusID, it.Status.StatusName)
			upd = fmtTime(it.Status.Updated)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", it.OrderID, it.SearchStatus, status, upd)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%s: %d\n", i18n.T("Всего", "Total"), len(items))
	return nil
}

func printDetails(w io.Writer, id int64, d *epgu.OrderDetails) {
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

type fileLink struct{ name, link string }

// downloaded describes a saved file (JSON output).
type downloaded struct {
	Name        string `json:"name"`
	Path        string `json:"path"`
	Bytes       int64  `json:"bytes"`
	ContentType string `json:"contentType,omitempty"`
}

func runDownload(ctx context.Context, e *env, cl *epgu.Client, id int64, request bool, only, out string, legacy, asJSON bool) error {
	d, err := cl.Details(ctx, id)
	if err != nil {
		return err
	}
	if d.Order == nil {
		return i18n.New("заявление ещё не создано на портале — файлов нет", "the order does not exist on the portal yet: no files")
	}
	var files []fileLink
	if request {
		for _, f := range d.Order.AttachmentFiles {
			files = append(files, fileLink{f.FileName, f.Link})
		}
	} else {
		for _, f := range d.Order.ResponseFiles {
			files = append(files, fileLink{f.FileName, f.Link})
		}
	}
	if only != "" {
		var sel []fileLink
		for _, f := range files {
			if f.name == only {
				sel = append(sel, f)
			}
		}
		if len(sel) == 0 {
			return i18n.New("в заявлении нет файла "+only, "the order has no file "+only)
		}
		files = sel
	}
	if len(files) == 0 {
		return i18n.New("у заявления нет таких файлов (результата ещё нет?)", "the order has no such files (no result yet?)")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fileError(out, err)
	}
	var got []downloaded
	for _, f := range files {
		name := filepath.Base(filepath.Clean("/" + f.name)) // never outside out
		if name == "/" || name == "." {
			name = "file"
		}
		p := filepath.Join(out, name)
		fh, err := os.Create(p)
		if err != nil {
			return fileError(p, err)
		}
		var n int64
		var ctype string
		if legacy {
			l, lerr := epgu.ParseLink(f.link)
			if lerr != nil {
				fh.Close()
				return lerr
			}
			n, ctype, err = cl.DownloadLegacy(ctx, l.ObjectID, l.ObjectType, l.Mnemonic, fh)
		} else {
			ref, rerr := epgu.RefFor(d.Order, f.link)
			if rerr != nil {
				fh.Close()
				return rerr
			}
			n, ctype, err = cl.Download(ctx, ref, fh)
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return err
		}
		got = append(got, downloaded{Name: f.name, Path: p, Bytes: n, ContentType: ctype})
		if !asJSON {
			fmt.Fprintf(e.stdout, "%s: %s (%d %s)\n", i18n.T("Сохранён", "Saved"), p, n, i18n.T("байт", "bytes"))
		}
	}
	if asJSON {
		return printJSON(e.stdout, got)
	}
	return nil
}
