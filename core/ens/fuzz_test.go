package ens

import (
	"net/http"
	"os"
	"testing"
)

func profiles(t testing.TB) []*Profile {
	alt, err := LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	return []*Profile{DefaultProfile(), alt}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(401, []byte(`{"code":"KEY_EXPIRED","message":"Временный ключ деактивирован"}`))
	f.Add(500, []byte(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring><detail><ErrorCode>3001</ErrorCode></detail></soap:Fault></soap:Body></soap:Envelope>`))
	f.Add(429, []byte(``))
	ps := profiles(f)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		for _, p := range ps {
			e := p.DecodeError(status, http.Header{"Retry-After": {string(body)}}, body)
			if e == nil || e.Code == "" || e.Error() == "" || e.RetryAfter < 0 {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

func FuzzDecodeBalance(f *testing.F) {
	f.Add([]byte(`{"inn":"7799000005","kpp":"779901001","date":"2026-11-20","saldo":"-15234.56","upcomingPayments":"48000.00","totalObligation":"63234.56","debtBreakdown":[{"kbk":"18210102010011000110","oktmo":"45380000","name":"НДФЛ","kind":"tax","amount":"-14000.00"}]}`))
	f.Add([]byte(`{"result":{"inn":"7799000005","onDate":"20.11.2026","saldoEns":-1523456,"upcoming":4800000,"debts":[{"KBK":"1","sumKop":-1}]}}`))
	f.Add([]byte(`{"saldo":1e400}`))
	ps := profiles(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := DecodeObject(body)
		if err != nil {
			return
		}
		for _, p := range ps {
			if b, err := p.DecodeBalance(m); err == nil && b == nil {
				t.Fatal("nil balance without error")
			}
		}
	})
}

func FuzzDecodeOperations(f *testing.F) {
	f.Add([]byte(`{"inn":"7799000005","items":[{"id":"op-1","date":"2026-01-28","kind":"payment","kbk":"18201061201010000510","amount":"50000.00"},{"id":"op-2","date":"2026-01-28T00:00:00+03:00","kind":"accrual","amount":"-14000.00"}],"saldoIn":"0.00","saldoOut":"36000.00","totalPages":1}`))
	f.Add([]byte(`{"result":{"rows":[{"uid":"x","opDate":"28.01.2026","sumKop":5000000}],"openingSaldo":0,"closingSaldo":5000000,"pages":3}}`))
	ps := profiles(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := DecodeObject(body)
		if err != nil {
			return
		}
		for _, p := range ps {
			st := &Statement{}
			ops, total, err := p.DecodeOperationsPage(m, st, true)
			if err != nil {
				continue
			}
			if total < 0 {
				t.Fatal("negative page count")
			}
			st.Operations = ops
			_ = st.Reconciles()
			if _, err := p.DecodeItems(m, p.Fields.Items); err != nil {
				t.Fatalf("items decoded once, not twice: %v", err)
			}
		}
	})
}

func FuzzParseSignedData(f *testing.F) {
	for _, n := range []string{"sig_attached.der", "sig_detached.der", "sig_twocerts.der"} {
		b, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sd, err := ParseSignedData(b)
		if err != nil {
			return
		}
		_ = sd.IsGost256()
		_ = sd.DigestMatches([]byte("k"))
		for _, c := range sd.Certificates {
			_ = sd.IsCAdESBES(c)
			_, _ = IdentifyCertificate(c, DefaultProfile().INNOIDs)
		}
	})
}

func FuzzParseProfile(f *testing.F) {
	b, err := os.ReadFile("testdata/profile-alt.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"name":"x","balance":{"method":"GET","path":"/b/{inn}"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseProfile(b)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed profile does not validate: %v", err)
		}
		_ = p.TokenEncoding()
	})
}

func FuzzParseKopecks(f *testing.F) {
	for _, s := range []string{"0", "-15234.56", "15234,5", "92233720368547758.07", "-92233720368547758.08", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKopecks(s)
		if err != nil {
			return
		}
		k2, err := ParseKopecks(k.String())
		if err != nil || k2 != k {
			t.Fatalf("%q → %d → %q → %d, %v", s, k, k.String(), k2, err)
		}
	})
}
