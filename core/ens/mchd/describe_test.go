package mchd

import (
	"errors"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func TestDescribe(t *testing.T) {
	d, err := Parse(load(t, "tax_org_person.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(d.Describe(), "\n")
	want := `Доверенность № 0e5b6f2a-1111-4222-8333-944455556666
Действует с 10.01.2026 по 09.01.2027 включительно
Для налоговых органов (код НО 7799)
Доверитель: ООО "ПЕСОЧНИЦА" (ИНН 7799000005, КПП 779901001, ОГРН 1027700000009)
Подписывает за доверителя: ДИРЕКТОРОВ ТЕСТ ТЕСТОВИЧ, директор
Представитель: БУХГАЛТЕРОВА ЁЛКА ПРИМЕРОВНА (ИНН 779900000028, СНИЛС 000-000-001 00)
Полномочие 2_FNS39: Запрашивать сведения, составляющие налоговую тайну
Полномочие 2_FNS99: Полное представительство в налоговых правоотношениях`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDescribeEnglish(t *testing.T) {
	d, err := Parse(load(t, "tax_org_person.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(d.DescribeIn(i18n.EN), "\n")
	want := `Power of attorney No. 0e5b6f2a-1111-4222-8333-944455556666
Valid from 10.01.2026 to 09.01.2027 inclusive
For the tax authorities (tax office 7799)
Principal: ООО "ПЕСОЧНИЦА" (INN 7799000005, KPP 779901001, OGRN 1027700000009)
Signs for the principal: ДИРЕКТОРОВ ТЕСТ ТЕСТОВИЧ, директор
Representative: БУХГАЛТЕРОВА ЁЛКА ПРИМЕРОВНА (INN 779900000028, SNILS 000-000-001 00)
Power 2_FNS39: Запрашивать сведения, составляющие налоговую тайну
Power 2_FNS99: Полное представительство в налоговых правоотношениях`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	kinds := map[LineKind]int{}
	for _, l := range d.Lines() {
		kinds[l.Kind]++
	}
	if kinds[LinePrincipal] != 1 || kinds[LineRepresentative] != 1 || kinds[LinePower] != 2 {
		t.Errorf("line kinds %v", kinds)
	}
}

func TestErrorsEnglish(t *testing.T) {
	for code := range errorText {
		if en := errorTextEN[code]; en[0] == "" || en[1] == "" {
			t.Errorf("code %d: no English text", code)
		}
	}
	_, err := Parse([]byte(`<Доверенность xmlns="urn:x"/>`), nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v", err)
	}
	if got := i18n.MessageIn(i18n.EN, err); got != `MCHD: the MCHD file does not read as an EMCHD_1 power of attorney (namespace "urn:x" instead of "urn://x-artefacts/EMCHD_1")` {
		t.Errorf("English: %s", got)
	}
	if got := err.Error(); got != `МЧД: файл МЧД не читается как доверенность формата EMCHD_1 (пространство имён "urn:x" вместо "urn://x-artefacts/EMCHD_1")` {
		t.Errorf("Russian: %s", got)
	}
	if e.HintIn(i18n.EN) != errorTextEN[CodeMalformed][1] || e.Hint() != errorText[CodeMalformed][1] {
		t.Error("hints")
	}
}
