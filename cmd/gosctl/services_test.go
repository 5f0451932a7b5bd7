package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestServicesCommands(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"services"}, exitUsage, "", "list"},
		{[]string{"services", "list"}, exitOK, "10000103652  -1000444103652", ""},
		{[]string{"services", "list"}, exitOK, "КОД", ""},
		{[]string{"--lang", "en", "services", "list"}, exitOK, "Information on enforcement proceedings (FSSP)", ""},
		{[]string{"services", "list", "extra"}, exitUsage, "", "лишние аргументы"},
		{[]string{"services", "show", "10000000367"}, exitOK, "можно отменить", ""},
		{[]string{"services", "show", "10000103652"}, exitOK, "[НЕОФИЦИАЛЬНАЯ]", ""},
		{[]string{"--lang", "en", "services", "show", "10000103652"}, exitOK, "[UNOFFICIAL]", ""},
		{[]string{"services", "show", "60010153"}, exitOK, "piev_epgu.xml", ""},
		{[]string{"services", "show"}, exitUsage, "", "нужен один код услуги"},
		{[]string{"services", "show", "1"}, exitUsage, "", "неизвестная услуга 1"},
		{[]string{"--lang", "en", "services", "show", "1"}, exitUsage, "", "unknown service 1"},
	}
	for _, c := range cases {
		code, out, errs := gosctl(t, "", c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
			t.Errorf("gosctl %q: code %d (want %d)\nstdout: %s\nstderr: %s", c.args, code, c.code, out, errs)
		}
	}
	code, out, _ := gosctl(t, "", "services", "list")
	if n := strings.Count(out, "\n"); code != exitOK || n != 11 {
		t.Errorf("list: %d lines", n)
	}
	code, out, _ = gosctl(t, "", "services", "list", "--json")
	var list []struct {
		Code, Target string
		Applicants   []string
		Files        []struct{ Role, Name string }
	}
	if err := json.Unmarshal([]byte(out), &list); code != exitOK || err != nil || len(list) != 10 {
		t.Fatalf("list --json: %d %v %d", code, err, len(list))
	}
	code, out, _ = gosctl(t, "", "services", "show", "--json", "10000000109")
	var one struct {
		Code         string
		ReserveOrder bool
		Files        []struct{ Role, Name, OrderIDElement string }
	}
	if err := json.Unmarshal([]byte(out), &one); code != exitOK || err != nil || one.Code != "10000000109" || !one.ReserveOrder ||
		len(one.Files) != 2 || one.Files[0].Name != "trans_*.xml" || one.Files[0].OrderIDElement != "ExternalRegistrationNumber" {
		t.Errorf("show --json: %d %v %+v", code, err, one)
	}
}
