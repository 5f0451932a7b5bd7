package xmlschema

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestErrorCountPlural(t *testing.T) {
	for n, want := range map[int][2]string{
		1: {"1 ошибка", "1 error"}, 2: {"2 ошибки", "2 errors"}, 4: {"4 ошибки", "4 errors"}, 5: {"5 ошибок", "5 errors"},
		11: {"11 ошибок", "11 errors"}, 12: {"12 ошибок", "12 errors"}, 21: {"21 ошибка", "21 errors"},
		22: {"22 ошибки", "22 errors"}, 100: {"100 ошибок", "100 errors"}, 111: {"111 ошибок", "111 errors"}, 0: {"0 ошибок", "0 errors"},
	} {
		ru, en := ErrorCount(n)
		if ru != want[0] || en != want[1] {
			t.Errorf("%d: %q / %q, want %q / %q", n, ru, en, want[0], want[1])
		}
	}
}

// TestNotWellFormedInOneLanguage: a document that is not well-formed gives
// an *XMLError whose Russian text has no English parser words, and the
// summary says «документ не является корректным XML», not «не
// соответствует схеме» (issue 13, item 15).
func TestNotWellFormedInOneLanguage(t *testing.T) {
	s, err := Compile(fstest.MapFS{"s.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a"/></xs:schema>`)}}, "s.xsd", nil)
	if err != nil {
		t.Fatal(err)
	}
	english := []string{"tag", "match", "unexpected", "expected", "error", "syntax", "EOF", "element", "attribute", "given"}
	for doc, want := range map[string]string{
		"<a><b></a>":                "закрывающий тег </a> не соответствует открытому <b>",
		"<a>":                       "документ оборван",
		"<a x='1' x='2'/>":          "атрибут x указан дважды",
		"<p:a/>":                    "префикс пространства имён \"p\" не объявлен",
		"<a>\x01</a>":               "недопустимый в XML символ",
		"<a/>text":                  "текст вне корневого элемента",
		"<a>&unknown;</a>":          "неверная ссылка на символ или сущность &unknown;",
		"<a attr=value/>":           "значение атрибута не в кавычках",
		"<?xml version='2.0'?><a/>": "неподдерживаемая версия XML",
	} {
		res, err := s.Validate(strings.NewReader(doc), nil)
		var xe *XMLError
		if !errors.As(err, &xe) {
			t.Errorf("%q: %v, want *XMLError", doc, err)
			continue
		}
		if !strings.Contains(xe.Text(true), want) {
			t.Errorf("%q: Russian %q, want %q", doc, xe.Text(true), want)
		}
		for _, w := range english {
			if strings.Contains(xe.Text(true), w) {
				t.Errorf("%q: Russian text %q has English %q", doc, xe.Text(true), w)
			}
		}
		if xe.Text(false) == "" || xe.Text(false) == xe.Text(true) {
			t.Errorf("%q: English %q", doc, xe.Text(false))
		}
		ru, en := Summary(res, err)
		if ru != "документ не является корректным XML" || en != "not well-formed XML" {
			t.Errorf("%q: summary %q / %q", doc, ru, en)
		}
		if e := WellFormed(strings.NewReader(doc)); e == nil && !strings.Contains(doc, "p:a") {
			t.Errorf("%q: WellFormed found nothing", doc)
		}
	}
	if err := WellFormed(strings.NewReader("<a><b/></a>")); err != nil {
		t.Errorf("WellFormed: %v", err)
	}
	res, err := s.Validate(strings.NewReader("<b/>"), nil)
	if ru, en := Summary(res, err); ru != "не соответствует схеме: 1 ошибка" || en != "invalid: 1 error" {
		t.Errorf("summary %q / %q", ru, en)
	}
	res, err = s.Validate(strings.NewReader("<a/>"), nil)
	if ru, en := Summary(res, err); ru != "соответствует схеме" || en != "valid" {
		t.Errorf("summary %q / %q", ru, en)
	}
}
