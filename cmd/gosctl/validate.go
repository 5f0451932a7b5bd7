package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/xmlschema"
	"github.com/gosdesk/gosdesk/xsd"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "validate",
		summary: i18n.Text{RU: "проверка XML по схеме услуги или по файлу XSD", EN: "validate XML against a service's schema or an XSD file"},
		usage:   "(--service КОД [--role РОЛЬ] | --schema ФАЙЛ.xsd) [--json] ФАЙЛ.xml…",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			service := fs.String("service", "", i18n.T("код услуги (eServiceCode), см. gosctl services list", "service code (eServiceCode), see gosctl services list"))
			role := fs.String("role", "", i18n.T("роль файла (req, piev_epgu, attach, trans, sign_config); по умолчанию — по имени файла", "file role (req, piev_epgu, attach, trans, sign_config); by default from the file name"))
			schema := fs.String("schema", "", i18n.T("файл схемы XSD", "XSD schema file"))
			asJSON := fs.Bool("json", false, i18n.T("вывод в JSON", "JSON output"))
			maxErrors := fs.Int("max-errors", 100, i18n.T("не более стольких ошибок на файл", "at most this many errors per file"))
			return func(e *env, args []string) error {
				return runValidate(e, *service, *role, *schema, *asJSON, *maxErrors, args)
			}
		},
	})
}

// fileReport is the outcome for one file (also the JSON shape).
type fileReport struct {
	File      string        `json:"file"`
	Service   string        `json:"service,omitempty"`
	Role      string        `json:"role,omitempty"`
	Schema    string        `json:"schema,omitempty"` // schema entry or file, or "field rules …"
	Valid     bool          `json:"valid"`
	Errors    []errorReport `json:"errors"`
	Truncated bool          `json:"truncated,omitempty"`
	Failure   string        `json:"failure,omitempty"` // the file could not be checked (not well-formed, unreadable)
	// Summary is the verdict line (xmlschema.Summary): «соответствует
	// схеме», «не соответствует схеме: 2 ошибки», «документ не является
	// корректным XML».
	Summary string `json:"summary,omitempty"`
}

type errorReport struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Path      string `json:"path,omitempty"`
	Rule      string `json:"rule"`
	Message   string `json:"message"` // in the current language
	MessageRU string `json:"messageRu"`
	MessageEN string `json:"messageEn"`
}

// checker validates one document.
type checker struct {
	role     string
	label    string
	validate func(io.Reader) (*xmlschema.Result, error)
}

func runValidate(e *env, code, role, schemaFile string, asJSON bool, maxErrors int, args []string) error {
	switch {
	case code == "" && schemaFile == "":
		return usagef("нужен --service или --schema", "--service or --schema is required")
	case code != "" && schemaFile != "":
		return usagef("--service и --schema несовместимы", "--service and --schema cannot be used together")
	case role != "" && code == "":
		return usagef("--role действует только с --service", "--role needs --service")
	case len(args) == 0:
		return usagef("не указаны файлы XML", "no XML files given")
	case maxErrors < 1:
		return usagef("--max-errors должен быть положительным", "--max-errors must be positive")
	}
	vopts := &xmlschema.ValidateOptions{MaxErrors: maxErrors}
	// Resolve a checker for every file first: usage and schema problems
	// (exit 2) are reported before any document is read.
	checkers := make([]checker, len(args))
	if schemaFile != "" {
		s, err := xmlschema.CompileFile(schemaFile, nil)
		if err != nil {
			return usagef("схема недействительна: %s", "invalid schema: %s", schemaError(err))
		}
		for i := range args {
			checkers[i] = checker{label: schemaFile, validate: func(r io.Reader) (*xmlschema.Result, error) { return s.Validate(r, vopts) }}
		}
	} else {
		svc, ok := xsd.Lookup(code)
		if !ok {
			return usagef("неизвестная услуга %s (см. gosctl services list)", "unknown service %s (see gosctl services list)", code)
		}
		for i, name := range args {
			var f xsd.File
			if role != "" {
				if f, ok = svc.File(role); !ok {
					return usagef("у услуги %s нет роли %q (есть: %s)", "service %s has no role %q (roles: %s)", code, role, strings.Join(svc.Roles(), ", "))
				}
			} else if f, ok = svc.FileFor(name); !ok || name == "-" {
				return usagef("%s: роль файла не определить по имени, укажите --role (%s)", "%s: cannot tell the file's role from its name, use --role (%s)", name, strings.Join(svc.Roles(), ", "))
			}
			if len(f.Schemas) == 0 && f.Rules == "" {
				return usagef("услуга %s, файл %s: %s", "service %s, file %s: %s", code, f.Name, i18n.Message(xsd.ErrNoSchema))
			}
			for _, r := range f.Schemas {
				if _, err := xsd.CompileSchema(r.Entry); err != nil {
					return usagef("схема недействительна: %s", "invalid schema: %s", schemaError(err))
				}
			}
			label := "field rules " + f.Rules
			if len(f.Schemas) > 0 {
				var names []string
				for _, r := range f.Schemas {
					n := r.Entry
					if r.Unofficial {
						n += " (UNOFFICIAL)"
					}
					names = append(names, n)
				}
				label = strings.Join(names, " | ")
			}
			ff := f
			checkers[i] = checker{role: f.Role, label: label, validate: func(r io.Reader) (*xmlschema.Result, error) {
				if len(ff.Schemas) > 0 {
					return ff.ValidateWith(r, vopts)
				}
				return ff.Validate(r)
			}}
		}
	}
	var reports []fileReport
	failed := false
	for i, name := range args {
		rep := validateOne(e, name, checkers[i])
		if schemaFile == "" {
			rep.Service, rep.Role = code, checkers[i].role
		}
		failed = failed || !rep.Valid
		reports = append(reports, rep)
		if !asJSON {
			printReport(e, rep)
		}
	}
	if asJSON {
		out := struct {
			Valid bool         `json:"valid"`
			Files []fileReport `json:"files"`
		}{!failed, reports}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if failed {
		return errCheckFailed
	}
	return nil
}

func validateOne(e *env, name string, c checker) fileReport {
	rep := fileReport{File: name, Schema: c.label, Errors: []errorReport{}}
	f, err := openInput(e, name)
	if err != nil {
		rep.Failure = i18n.Message(err)
		return rep
	}
	defer f.Close()
	res, err := c.validate(f)
	if res != nil {
		for _, ve := range res.Errors {
			rep.Errors = append(rep.Errors, errorReport{Line: ve.Line, Column: ve.Column, Path: ve.Path, Rule: ve.Rule,
				Message: i18n.T(ve.MessageRU, ve.Message), MessageRU: ve.MessageRU, MessageEN: ve.Message})
		}
		rep.Truncated = res.Truncated
	}
	if err != nil {
		var xe *xmlschema.XMLError
		if errors.As(err, &xe) {
			// The whole message in one language (issue 13 item 15).
			ru, en := "документ не является корректным XML: "+xe.Text(true), "not well-formed XML: "+xe.Text(false)
			rep.Errors = append(rep.Errors, errorReport{Line: xe.Line, Column: xe.Column, Rule: "well-formed",
				Message: i18n.T(ru, en), MessageRU: ru, MessageEN: en})
			rep.Failure = rep.Errors[len(rep.Errors)-1].Message
			sru, sen := xmlschema.Summary(res, err)
			rep.Summary = i18n.T(sru, sen)
		} else {
			rep.Failure = i18n.Message(err)
		}
		return rep
	}
	rep.Valid = len(rep.Errors) == 0
	if res != nil {
		sru, sen := xmlschema.Summary(res, nil)
		rep.Summary = i18n.T(sru, sen)
	}
	return rep
}

func printReport(e *env, r fileReport) {
	for _, er := range r.Errors {
		if er.Path != "" {
			fmt.Fprintf(e.stdout, "%s:%d:%d: %s: %s\n", r.File, er.Line, er.Column, er.Path, er.Message)
		} else {
			fmt.Fprintf(e.stdout, "%s:%d:%d: %s\n", r.File, er.Line, er.Column, er.Message)
		}
	}
	switch {
	case r.Failure != "" && len(r.Errors) == 0:
		fmt.Fprintf(e.stderr, "%s: %s\n", r.File, r.Failure)
	case r.Valid:
		fmt.Fprintf(e.stdout, "%s: %s\n", r.File, i18n.T("соответствует схеме", "valid"))
	case r.Summary != "":
		fmt.Fprintf(e.stdout, "%s: %s\n", r.File, r.Summary)
	default:
		ru, en := xmlschema.ErrorCount(len(r.Errors))
		fmt.Fprintf(e.stdout, "%s: %s\n", r.File, i18n.T("не соответствует схеме: "+ru, "invalid: "+en))
	}
}

func schemaError(err error) string {
	var se *xmlschema.SchemaError
	if errors.As(err, &se) {
		return se.Error()
	}
	return i18n.Message(err)
}
