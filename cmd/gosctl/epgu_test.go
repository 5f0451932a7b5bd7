package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/workflow"
)

var (
	orderCreate   = []string{"epgu", "order", "create"}
	orderPush     = []string{"epgu", "order", "push"}
	orderStatus   = []string{"epgu", "order", "status"}
	orderList     = []string{"epgu", "order", "list"}
	orderUpdated  = []string{"epgu", "order", "updated"}
	orderCancel   = []string{"epgu", "order", "cancel"}
	orderDownload = []string{"epgu", "order", "download"}
)

// create reserves an order through the CLI.
func (s *sbx) create(t *testing.T, service string) int64 {
	t.Helper()
	code, out, errs := s.run(t, orderCreate, "--service", service, "--json")
	var r struct{ OrderID int64 }
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || r.OrderID == 0 {
		t.Fatalf("create: code %d\n%s%s", code, out, errs)
	}
	return r.OrderID
}

func TestEPGUOrderLifecycle(t *testing.T) {
	s := startSandbox(t)
	dir := t.TempDir()

	// reserve → chunked push of an archive over 10 MB in 5,000,000-byte chunks
	id := s.create(t, "60010153")
	arc := filepath.Join(dir, "order.zip")
	req := fsspArchive(t, arc, id, 11_000_000)
	code, out, errs := s.run(t, orderPush, "--service", "60010153", "--order", strconv.FormatInt(id, 10), "--chunk-size", "5000000", arc)
	if code != exitOK || !strings.Contains(out, "Заявление "+strconv.FormatInt(id, 10)+" отправлено") {
		t.Fatalf("push: code %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "Загрузка:  45%") || !strings.Contains(errs, "Загрузка: 100%") || strings.Count(errs, "Загрузка:") != 3 {
		t.Errorf("progress of 3 chunks expected on stderr:\n%s", errs)
	}

	// status: details with gu-smev OK, the final portal status and files
	code, out, errs = s.run(t, orderStatus, strconv.FormatInt(id, 10))
	if code != exitOK || !strings.Contains(out, "Обработка (gu-smev): OK") || !strings.Contains(out, "Статус: 3 Услуга оказана") ||
		!strings.Contains(out, "Подан файл: scan.bin (11000000 байт)") || !strings.Contains(out, "Результат: ") {
		t.Fatalf("status: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = s.run(t, orderStatus, "--json", strconv.FormatInt(id, 10))
	var det struct {
		Code  string
		Order *epgu.Order
	}
	if code != exitOK || json.Unmarshal([]byte(out), &det) != nil || det.Code != "OK" || det.Order == nil || det.Order.OrderStatusID != 3 || len(det.Order.ResponseFiles) == 0 {
		t.Fatalf("status --json: code %d\n%s", code, out)
	}

	// list (getOrdersStatus) with an unknown number too, from arguments and from a file
	ids := filepath.Join(dir, "ids.txt")
	os.WriteFile(ids, []byte(strconv.FormatInt(id, 10)+"\n1\n"), 0o600)
	for _, args := range [][]string{{strconv.FormatInt(id, 10), "1"}, {"--ids-file", ids}} {
		code, out, errs = s.run(t, orderList, append([]string{"--page-size", "1", "--json"}, args...)...)
		var items []epgu.OrderStatus
		if code != exitOK || json.Unmarshal([]byte(out), &items) != nil || len(items) != 2 {
			t.Fatalf("list %v: code %d\n%s%s", args, code, out, errs)
		}
		for _, it := range items {
			if (it.OrderID == id) != (it.SearchStatus == epgu.SearchFound) {
				t.Errorf("list: %+v", it)
			}
		}
	}
	code, out, _ = s.run(t, orderList, strconv.FormatInt(id, 10))
	if code != exitOK || !strings.Contains(out, "FOUND") || !strings.Contains(out, "3 Услуга оказана") {
		t.Errorf("list text: code %d\n%s", code, out)
	}

	// updated (getUpdatedAfter)
	code, out, errs = s.run(t, orderUpdated, "--after", "1h", "--json")
	var upd []epgu.OrderStatus
	if code != exitOK || json.Unmarshal([]byte(out), &upd) != nil || len(upd) != 1 || upd[0].OrderID != id {
		t.Fatalf("updated: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = s.run(t, orderUpdated, "--after", "2099-01-01T00:00:00", "--json")
	if code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("updated in the future: code %d, %s", code, out)
	}

	// download: the result (1.13 path and legacy path), and the uploaded req.xml byte for byte
	res := filepath.Join(dir, "res")
	code, out, errs = s.run(t, orderDownload, "--out", res, "--json", strconv.FormatInt(id, 10))
	var got []workflow.ResultFile
	if code != exitOK || json.Unmarshal([]byte(out), &got) != nil || len(got) == 0 {
		t.Fatalf("download: code %d\n%s%s", code, out, errs)
	}
	b, err := os.ReadFile(got[0].Path)
	if err != nil || int64(len(b)) != got[0].Bytes || len(b) == 0 || int64(len(b)) != det.Order.ResponseFiles[0].FileSize {
		t.Errorf("result file %s: %d bytes, %v; order says %d", got[0].Path, len(b), err, det.Order.ResponseFiles[0].FileSize)
	}
	legacy := filepath.Join(dir, "legacy")
	if code, _, errs := s.run(t, orderDownload, "--legacy", "--out", legacy, strconv.FormatInt(id, 10)); code != exitOK {
		t.Errorf("download --legacy: code %d, %s", code, errs)
	} else if lb, _ := os.ReadFile(filepath.Join(legacy, filepath.Base(got[0].Path))); string(lb) != string(b) {
		t.Error("legacy download differs")
	}
	code, _, errs = s.run(t, orderDownload, "--type", "request", "--file", "req.xml", "--out", dir, strconv.FormatInt(id, 10))
	if rb, _ := os.ReadFile(filepath.Join(dir, "req.xml")); code != exitOK || string(rb) != string(req) {
		t.Errorf("download req.xml: code %d, %s; got %q", code, errs, rb)
	}
	if code, _, errs := s.run(t, orderDownload, "--file", "nope.pdf", "--out", dir, strconv.FormatInt(id, 10)); code != exitFailed || !strings.Contains(errs, "нет файла nope.pdf") {
		t.Errorf("download of a missing file: code %d, %s", code, errs)
	}

	// cancel: not allowed for 60010153 (the sandbox answers 409 cancel_not_allowed)
	// (issue 13 item 9: the catalog says «Отмена: нет», and gosctl says so)
	code, _, errs = s.run(t, orderCancel, "--reason", "тест", strconv.FormatInt(id, 10))
	if code != exitFailed || !strings.Contains(errs, "услуга 60010153 (Получение сведений о наличии исполнительного производства) не предусматривает отмену") {
		t.Errorf("cancel of a final order: code %d, %s", code, errs)
	}
	code, _, errs = gosctl(t, "", append(append(append([]string{"--lang", "en"}, orderCancel...), s.creds...), "--reason", "test", strconv.FormatInt(id, 10))...)
	if code != exitFailed || !strings.Contains(errs, "does not allow cancelling") {
		t.Errorf("cancel, English: code %d, %s", code, errs)
	}
	// … allowed for 10000000367 in status 2
	id2 := s.create(t, "10000000367")
	if err := s.srv.ForceStatus(id2, 2, "Заявление получено ведомством", false, false, ""); err != nil {
		t.Fatal(err)
	}
	code, out, errs = s.run(t, orderCancel, "--reason", "ошибка в заявлении", strconv.FormatInt(id2, 10))
	if code != exitOK || !strings.Contains(out, "отменено") {
		t.Fatalf("cancel: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = s.run(t, orderStatus, strconv.FormatInt(id2, 10))
	if code != exitOK || !strings.Contains(out, "Статус: 10 ") {
		t.Errorf("status after cancel:\n%s", out)
	}
}

// Issue 13 item 2: an archive of a service that needs the orderId inside
// its XML is refused before anything is reserved when no --order is
// given; item 8: an order whose processing failed shows its real state
// (REQ_VERIFY_FAILED) in order list/updated, not «0 Черновик заявления».
func TestEPGUPushNeedsOrderAndRealState(t *testing.T) {
	s := startSandbox(t)
	arc := filepath.Join(t.TempDir(), "small.zip")
	fsspArchive(t, arc, 1, 0) // wrong order number inside: gu-smev REQ_VERIFY_FAILED
	before := s.create(t, "60010153")
	for _, extra := range [][]string{nil, {"--chunked"}} {
		code, out, errs := s.run(t, orderPush, append(append([]string{"--service", "60010153"}, extra...), arc)...)
		if code != exitFailed || !strings.Contains(errs, "нужен номер заявления внутри XML") || !strings.Contains(errs, "gosctl submit") {
			t.Errorf("push %v without --order: code %d\n%s%s", extra, code, out, errs)
		}
	}
	id := s.create(t, "60010153")
	if id != before+1 {
		t.Errorf("a refused push reserved order numbers: %d after %d", id, before)
	}
	ids := strconv.FormatInt(id, 10)
	code, out, errs := s.run(t, orderPush, "--service", "60010153", "--order", ids, "--json", arc)
	var r workflow.SubmitResult
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || r.OrderID != id || r.Route != workflow.RouteChunked {
		t.Fatalf("push --order: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = s.run(t, orderStatus, ids)
	if code != exitOK || !strings.Contains(out, sandbox.StateReqVerifyFailed) {
		t.Errorf("status: code %d\n%s", code, out)
	}
	for _, words := range [][]string{orderList, orderUpdated} {
		args := []string{ids}
		if words[len(words)-1] == "updated" {
			args = []string{"--after", "1h"}
		}
		code, out, errs = s.run(t, words, args...)
		if code != exitOK || !strings.Contains(out, sandbox.StateReqVerifyFailed) || strings.Contains(out, "Черновик") {
			t.Errorf("%v: the real state is not shown: code %d\n%s%s", words, code, out, errs)
		}
	}
	code, out, _ = s.run(t, orderList, "--json", ids)
	if code != exitOK || !strings.Contains(out, `"state": "REQ_VERIFY_FAILED"`) {
		t.Errorf("list --json: %d\n%s", code, out)
	}
}

func TestEPGUSeedAndList(t *testing.T) {
	s := startSandbox(t)
	resp, err := http.Post(s.srv.URL()+"/admin/seed?n=7&service=60010153", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var seeded struct{ OrderIDs []int64 }
	json.NewDecoder(resp.Body).Decode(&seeded)
	resp.Body.Close()
	if len(seeded.OrderIDs) != 7 {
		t.Fatalf("seeded %v", seeded.OrderIDs)
	}
	args := []string{"--page-size", "3", "--json"}
	for _, id := range seeded.OrderIDs {
		args = append(args, strconv.FormatInt(id, 10))
	}
	code, out, errs := s.run(t, orderList, args...)
	var items []epgu.OrderStatus
	if code != exitOK || json.Unmarshal([]byte(out), &items) != nil || len(items) != 7 {
		t.Fatalf("list: code %d\n%s%s", code, out, errs)
	}
	for _, it := range items {
		if it.SearchStatus != epgu.SearchFound || it.Status == nil || it.Status.StatusID != 3 {
			t.Errorf("item %+v", it)
		}
	}
	resp, _ = http.Post(s.srv.URL()+"/admin/seed?n=1&service=0", "", nil)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("seed of an unknown service: %d", resp.StatusCode)
	}
}

func TestEPGUDict(t *testing.T) {
	s := startSandbox(t)
	code, out, errs := gosctl(t, "", "epgu", "dict", "--env", s.srv.URL(), "BIC")
	if code != exitOK || !strings.Contains(out, "044525225") || !strings.Contains(out, "ПАО СБЕРБАНК") {
		t.Fatalf("dict BIC: code %d\n%s%s", code, out, errs)
	}
	code, out, _ = gosctl(t, "", "epgu", "order", "dict", "--env", s.srv.URL(), "--page", "1", "--page-size", "2", "--json", "BIC")
	var r struct {
		Total int
		Items []epgu.DictItem
	}
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || len(r.Items) != 2 || r.Total < 3 {
		t.Fatalf("dict page: code %d\n%s", code, out)
	}
	// a tree: the children of one OKATO item
	code, out, _ = gosctl(t, "", "epgu", "dict", "--env", s.srv.URL(), "--json", "OKATO")
	var all struct{ Items []epgu.DictItem }
	json.Unmarshal([]byte(out), &all)
	var parent string
	for _, it := range all.Items {
		if !it.IsLeaf {
			parent = it.Value
		}
	}
	if code != exitOK || parent == "" {
		t.Fatalf("OKATO: code %d, no parent item\n%s", code, out)
	}
	code, out, _ = gosctl(t, "", "epgu", "dict", "--env", s.srv.URL(), "--parent", parent, "--json", "OKATO")
	var kids struct{ Items []epgu.DictItem }
	if code != exitOK || json.Unmarshal([]byte(out), &kids) != nil || len(kids.Items) == 0 {
		t.Fatalf("OKATO children: code %d\n%s", code, out)
	}
	for _, k := range kids.Items {
		if k.ParentValue == nil || *k.ParentValue != parent {
			t.Errorf("child %+v of %s", k, parent)
		}
	}
	if code, _, errs := gosctl(t, "", "epgu", "dict", "--env", s.srv.URL(), "NO_SUCH_DICT"); code != exitFailed || !strings.Contains(errs, "справочник не найден") {
		t.Errorf("unknown dictionary: code %d, %s", code, errs)
	}
	if code, _, _ := gosctl(t, "", "epgu", "dict", "--env", s.srv.URL(), "--tree", "FLAT", "BIC"); code != exitUsage {
		t.Errorf("--tree FLAT: code %d", code)
	}
}

func TestEPGUErrors(t *testing.T) {
	s := startSandbox(t)
	arc := filepath.Join(t.TempDir(), "a.zip")
	fsspArchive(t, arc, 1, 0)
	noPush := filepath.Join(t.TempDir(), "nopush.csv")
	os.WriteFile(noPush, []byte(s.srv.NoPushAPIKey()+"\n"), 0o600)
	c := s.srv.Credentials()
	noPushCreds := []string{"--env", s.srv.URL(), "--api-key-file", noPush, "--key", c.KeyPath, "--cert", c.CertPath}
	_, reserved, _ := gosctl(t, "", append(append(append([]string(nil), orderCreate...), noPushCreds...), "--service", "60010153", "-q")...)
	cases := []struct {
		name  string
		words []string
		args  []string
		code  int
		err   string
	}{
		{"unknown env", orderCreate, []string{"--env", "staging", "--service", "60010153"}, exitUsage, "неизвестная среда"},
		{"no service", orderCreate, []string{"--env", s.srv.URL()}, exitUsage, "нужен --service"},
		{"unknown service", orderCreate, append(append([]string(nil), s.creds...), "--service", "99999999"), exitUsage, "услуги 99999999 нет в каталоге"},
		{"no credentials", orderCreate, []string{"--env", s.srv.URL(), "--api-key-file", filepath.Join(s.dir, sandboxAPIKeyFile), "--service", "60010153"}, exitUsage, "не указан сертификат подписи"},
		{"push denied", orderPush, append(append([]string(nil), noPushCreds...), "--service", "60010153", "--order", strings.TrimSpace(reserved), arc), exitFailed, "[push_denied]"},
		{"unknown order", orderStatus, append(append([]string(nil), s.creds...), "123456789"), exitFailed, "ЕПГУ: HTTP 204: Заявление не найдено"},
		{"bad order number", orderStatus, append(append([]string(nil), s.creds...), "abc"), exitUsage, "неверный номер заявления"},
		{"bad chunk size", orderPush, append(append([]string(nil), s.creds...), "--service", "60010153", "--order", "1", "--chunk-size", "1000", arc), exitUsage, "5 000 000"},
		{"missing archive", orderPush, append(append([]string(nil), s.creds...), "--service", "60010153", "/nonexistent.zip"), exitFailed, "файл не найден"},
		{"cancel without reason", orderCancel, append(append([]string(nil), s.creds...), "1"), exitUsage, "--reason"},
		{"list without numbers", orderList, s.creds, exitUsage, "нужны номера"},
		{"bad --after", orderUpdated, append(append([]string(nil), s.creds...), "--after", "вчера"), exitUsage, "--after"},
		{"bad --type", orderDownload, append(append([]string(nil), s.creds...), "--type", "x", "1"), exitUsage, "--type"},
	}
	for _, tc := range cases {
		code, out, errs := gosctl(t, "", append(append([]string(nil), tc.words...), tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("%s: code %d (want %d)\nstdout: %s\nstderr: %s", tc.name, code, tc.code, out, errs)
		}
	}
	// A 401 that persists after re-authentication: the Russian text of the
	// spec, at once.
	s.srv.SetFaults([]sandbox.Fault{{Status: 401, Count: 10, PathPrefix: "/api/gusmev/"}})
	code, _, errs := s.run(t, orderStatus, "123")
	s.srv.SetFaults(nil)
	if code != exitFailed || !strings.Contains(errs, "HTTP 401: Отказ в доступе") {
		t.Errorf("401: code %d, %s", code, errs)
	}
}

// TestPushedArchiveIsFlat guards the test archive itself: the sandbox
// rejects nested folders, so fsspArchive must write a flat ZIP.
func TestPushedArchiveIsFlat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.zip")
	fsspArchive(t, p, 42, 10)
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "/") {
			t.Errorf("nested %s", f.Name)
		}
	}
}

// FuzzIDsFile: --ids-file content is outside input; collectIDs must not
// panic and must return only positive numbers.
func FuzzIDsFile(f *testing.F) {
	f.Add([]byte("3500000000\n3500000001, 3500000002;\n"))
	f.Add([]byte("-1 0 abc"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "ids")
		os.WriteFile(p, b, 0o600)
		ids, err := collectIDs(&env{stdin: strings.NewReader("")}, nil, p)
		if err == nil && len(ids) == 0 {
			t.Fatal("no ids and no error")
		}
		for _, id := range ids {
			if id <= 0 {
				t.Fatalf("id %d accepted", id)
			}
		}
	})
}
