package pki

import "testing"

func TestIdentifierGenerators(t *testing.T) {
	for _, p := range []string{"770000001", "770000002", "500100732", "000000000", "999999999"} {
		if s := INN10(p); !ValidINN(s) || len(s) != 10 {
			t.Errorf("INN10(%s) = %s", p, s)
		}
		if s := SNILS11(p); !ValidSNILS(s) || len(s) != 11 {
			t.Errorf("SNILS11(%s) = %s", p, s)
		}
	}
	for _, p := range []string{"5001007322", "7799000001", "0000000000"} {
		if s := INN12(p); !ValidINN(s) || len(s) != 12 {
			t.Errorf("INN12(%s) = %s", p, s)
		}
	}
	for _, p := range []string{"102770000001", "102770013219", "999999999999"} {
		if s := OGRN13(p); !ValidOGRN(s) {
			t.Errorf("OGRN13(%s) = %s", p, s)
		}
	}
	if INN12("5001007322") != "500100732259" || SNILS11("112233445") != "11223344595" || INN10("779900000") != "7799000005" {
		t.Error("generators disagree with known valid numbers")
	}
	for _, n := range []Name{{INN: "500100732258"}, {INNLE: "7700000018"}, {INNLE: "007799000005"}, {OGRN: "1027700000009"}, {OGRNIP: "304500116000158"}, {SNILS: "11223344596"}} {
		if CheckIdentifiers(n) == nil {
			t.Errorf("%+v accepted", n)
		}
	}
	if err := CheckIdentifiers(Name{INN: "007799000005", INNLE: "7799000005", OGRN: "1027700000019", SNILS: "11223344595"}); err != nil {
		t.Error(err)
	}
}
