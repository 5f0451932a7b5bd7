package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The commands of issue 9 §6 against the sandbox: submit, orders
// list|show|watch|download|cancel|resume, journal export|backup, batch.
func TestSubmitOrdersJournal(t *testing.T) {
	s := startSandbox(t)
	dir := t.TempDir()
	req := writeTemplate(t, dir, "req.xml", "60010153", "--set", "orderId={orderId}")
	piev := writeTemplate(t, dir, "piev_epgu.xml", "60010153", "--role", "piev_epgu", "--set", "orderId={orderId}")

	code, out, errs := s.run(t, []string{"submit"}, "--service", "60010153", "--xml", req, "--xml", piev, "--applicant", "Иванов И. И.")
	id, perr := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
	if code != exitOK || perr != nil || !strings.Contains(errs, "зарезервирован номер заявления") || !strings.Contains(errs, "отправлено") {
		t.Fatalf("submit: %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	ids := strconv.FormatInt(id, 10)
	// A broken document is refused locally: nothing reserved, exit 1, a
	// Russian message with the file and line.
	bad := filepath.Join(dir, "bad", "req.xml")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte("<req><unclosed></req>"), 0o644)
	if code, _, errs := s.run(t, []string{"submit"}, "--service", "60010153", "--xml", bad, "--xml", piev); code == exitOK || !strings.Contains(errs, "req.xml") {
		t.Errorf("submit of a broken XML: %d %s", code, errs)
	}
	if code, _, errs := gosctl(t, "", "submit", "--service", "60010153"); code != exitUsage || !strings.Contains(errs, "--xml") {
		t.Errorf("submit without --xml: %d %s", code, errs)
	}

	code, out, errs = gosctl(t, "", "orders", "list")
	if code != exitOK || !strings.Contains(out, ids) || !strings.Contains(out, "Иванов И. И.") || !strings.Contains(out, "Всего: 1") {
		t.Errorf("orders list: %d\n%s%s", code, out, errs)
	}
	code, out, _ = gosctl(t, "", "orders", "list", "--json", "--service", "10000103652")
	if code != exitOK || !strings.Contains(out, `"Total": 0`) {
		t.Errorf("orders list --service other: %d\n%s", code, out)
	}
	if code, _, errs := gosctl(t, "", "orders", "list", "--state", "bogus"); code != exitUsage || !strings.Contains(errs, "неизвестное состояние") {
		t.Errorf("orders list --state bogus: %d %s", code, errs)
	}

	code, out, errs = s.run(t, []string{"orders", "watch"}, "--once", ids)
	if code != exitOK || !strings.Contains(out, ids+": 3 Услуга оказана") {
		t.Errorf("orders watch --once: %d\n%s%s", code, out, errs)
	}
	code, out, errs = gosctl(t, "", "orders", "show", "1")
	if code != exitOK || !strings.Contains(out, "Номер заявления: "+ids) || !strings.Contains(out, "Услуга оказана") {
		t.Errorf("orders show: %d\n%s%s", code, out, errs)
	}
	res := filepath.Join(dir, "res")
	code, out, errs = s.run(t, []string{"orders", "download"}, "--out", res, ids)
	if code != exitOK || !strings.Contains(out, "Сохранён: ") {
		t.Errorf("orders download: %d\n%s%s", code, out, errs)
	}
	code, _, errs = s.run(t, []string{"orders", "cancel"}, "--reason", "тест", ids)
	if code != exitFailed || !strings.Contains(errs, "не предусматривает отмену") {
		t.Errorf("orders cancel: %d %s", code, errs)
	}
	code, out, errs = s.run(t, []string{"orders", "resume"})
	if code != exitOK || !strings.Contains(out, "Незавершённых отправок нет") {
		t.Errorf("orders resume: %d\n%s%s", code, out, errs)
	}

	csvPath := filepath.Join(dir, "journal.csv")
	code, _, errs = gosctl(t, "", "journal", "export", "--out", csvPath)
	b, _ := os.ReadFile(csvPath)
	if code != exitOK || !strings.HasPrefix(string(b), "\uFEFFid;услуга;") || !strings.Contains(string(b), ids) {
		t.Errorf("journal export: %d %s\n%s", code, errs, b)
	}
	backup := filepath.Join(dir, "backup.db")
	code, out, errs = gosctl(t, "", "journal", "backup", backup)
	if st, err := os.Stat(backup); code != exitOK || err != nil || st.Size() == 0 {
		t.Errorf("journal backup: %d\n%s%s", code, out, errs)
	}
}

func TestBatch(t *testing.T) {
	s := startSandbox(t)
	dir := t.TempDir()
	rows := filepath.Join(dir, "guests.csv")
	os.WriteFile(rows, []byte("lastName;firstName;birthDate\nИванов;Пётр;1989-06-21\nПетрова;Анна;31.02.1990\n"), 0o644)
	code, _, errs := gosctl(t, "", "batch", "--service", "10000103652", "--rows", rows, "--check")
	if code != exitFailed || !strings.Contains(errs, "guests.csv, строка 3, столбец «birthDate»") || !strings.Contains(errs, "ничего не отправлено") {
		t.Errorf("batch --check with a broken date: %d %s", code, errs)
	}
	os.WriteFile(rows, []byte("lastName;firstName;birthDate\nИванов;Пётр;1989-06-21\nПетрова;Анна;21.06.1990\n"), 0o644)
	code, _, errs = gosctl(t, "", "batch", "--service", "10000103652", "--rows", rows, "--check")
	if code != exitOK || !strings.Contains(errs, "строк проверено: 2") {
		t.Errorf("batch --check: %d %s", code, errs)
	}
	report := filepath.Join(dir, "report.csv")
	code, out, errs := s.run(t, []string{"batch"}, "--service", "10000103652", "--rows", rows, "--report", report)
	rep, _ := os.ReadFile(report)
	if code != exitOK || strings.Count(out, "\n") != 2 || !strings.Contains(string(rep), ";отправлено;") {
		t.Errorf("batch: %d\nstdout: %s\nstderr: %s\nreport: %s", code, out, errs, rep)
	}
	// Running the same batch again sends nothing twice.
	code, out2, errs := s.run(t, []string{"batch"}, "--service", "10000103652", "--rows", rows)
	if code != exitOK || out2 != out {
		t.Errorf("batch again: %d\nfirst: %s\nagain: %s\n%s", code, out, out2, errs)
	}
	code, out, _ = gosctl(t, "", "orders", "list", "--json", "--service", "10000103652")
	var p struct{ Total int }
	if code != exitOK || json.Unmarshal([]byte(out), &p) != nil || p.Total != 2 {
		t.Errorf("journal after two runs of one batch: %d\n%s", code, out)
	}
}

// Issue 13 item 1: the targetCode comes from the catalog (hotels:
// -1000444103652, not "-" + the service code); --target overrides.
func TestOrderCreateTargetFromCatalog(t *testing.T) {
	s := startSandbox(t)
	code, out, errs := s.run(t, orderCreate, "--service", "10000103652", "--json")
	if code != exitOK || !strings.Contains(out, `"TargetCode": "-1000444103652"`) && !strings.Contains(out, `"targetCode": "-1000444103652"`) {
		t.Errorf("create 10000103652: %d\n%s%s", code, out, errs)
	}
}

// Issue 13 item 9: right after reserving/pushing, before the portal has
// accepted the order, cancel says when it becomes possible.
func TestCancelBeforeThePortalAccepted(t *testing.T) {
	s := startSandbox(t)
	id := s.create(t, "10000000367")
	code, _, errs := s.run(t, orderCancel, "--reason", "тест", strconv.FormatInt(id, 10))
	if code != exitFailed || !strings.Contains(errs, "отмена станет возможна, когда портал примет заявление") {
		t.Errorf("cancel of a just reserved order: %d %s", code, errs)
	}
}
