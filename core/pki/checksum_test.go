package pki

import "testing"

func TestChecksums(t *testing.T) {
	tests := []struct {
		f    func(string) bool
		name string
		ok   []string
		bad  []string
	}{
		{ValidINN, "INN",
			[]string{"7707083893", "500100732259", "615509077872", "007717107991", "5024245440", "7707329152", "007710474375"},
			[]string{"7707083894", "500100732258", "500100732269", "77070838", "770708389a", "", "017717107991", "1234567890123"}},
		{ValidSNILS, "SNILS",
			[]string{"11223344595", "14338996498", "00100199800"},
			[]string{"11223344596", "1122334459", "1122334459a", "14338996489"}},
		{ValidOGRN, "OGRN",
			[]string{"1027700132195", "1245000085846", "1047707030513", "1037700085444", "1047702026701"},
			[]string{"1027700132196", "102770013219", "10277001321955"}},
		{ValidOGRNIP, "OGRNIP",
			[]string{"304500116000157"},
			[]string{"304500116000158", "30450011600015", "1027700132195"}},
	}
	for _, tt := range tests {
		for _, s := range tt.ok {
			if !tt.f(s) {
				t.Errorf("%s %q: want valid", tt.name, s)
			}
		}
		for _, s := range tt.bad {
			if tt.f(s) {
				t.Errorf("%s %q: want invalid", tt.name, s)
			}
		}
	}
}
