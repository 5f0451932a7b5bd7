package ens

import (
	"bytes"
	"testing"
)

func TestWriteCSV(t *testing.T) {
	s := &Statement{From: MakeDate(2026, 1, 1), To: MakeDate(2026, 1, 31), SaldoIn: 100, SaldoOut: -1523356,
		Operations: []Item{{ID: "op-1", Date: MakeDate(2026, 1, 28), Kind: "accrual", Name: "=НДФЛ", KBK: "18210102010011000110", Amount: -1523456, Document: "уведомление; КНД 1110355"}}}
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffДата;Вид;Наименование;КБК;ОКТМО;Сумма, руб.;Документ;ИД\n" +
		"01.01.2026;сальдо на начало;;;;1,00;;\n" +
		"28.01.2026;начисление;'=НДФЛ;18210102010011000110;;-15234,56;\"уведомление; КНД 1110355\";op-1\n" +
		"31.01.2026;сальдо на конец;;;;-15233,56;;\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
