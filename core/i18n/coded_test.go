package i18n

import (
	"errors"
	"fmt"
	"testing"
)

type testCode int

const (
	codeA testCode = iota + 1
	codeB
)

func (c testCode) Text() Text {
	return map[testCode]Text{codeA: {"файл повреждён", "file is damaged"}, codeB: {"нет ключа", "no key"}}[c]
}

type testErr = CodedError[testCode]

func TestCodedError(t *testing.T) {
	sentinel := &testErr{Code: codeA}
	err := fmt.Errorf("open: %w", &testErr{Code: codeA, Detail: "a.pfx", Err: &testErr{Code: codeB}})
	if !errors.Is(err, sentinel) || errors.Is(err, &testErr{Code: 3}) {
		t.Fatal("errors.Is by code")
	}
	if !errors.Is(err, &testErr{Code: codeB}) {
		t.Fatal("the cause is not reachable")
	}
	var e *testErr
	if !errors.As(err, &e) || e.Error() != "файл повреждён: a.pfx: нет ключа" || e.English() != "file is damaged: a.pfx: no key" {
		t.Fatalf("%q / %q", e.Error(), e.English())
	}
	defer Set(Current())
	Set(EN)
	if Message(err) != "file is damaged: a.pfx: no key" {
		t.Fatal(Message(err))
	}
}
