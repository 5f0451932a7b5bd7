package ens_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/gosdesk/gosdesk/core/ens"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// rejectAll is a TEST-ONLY fake Verifier: it never checks anything and
// reports every signature as invalid. The fuzzers use it so that they
// exercise the sandbox's own decoding without cryptography.
type rejectAll struct{}

func (rejectAll) Verify(sig, _ []byte) (*sandbox.SignedBy, error) {
	sd, err := ens.ParseSignedData(sig)
	if err != nil {
		return nil, err
	}
	return &sandbox.SignedBy{SignedData: sd}, nil
}

func fuzzServers(t testing.TB) []*sandbox.Server {
	alt, err := ens.LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []*sandbox.Server
	for _, p := range []*ens.Profile{ens.DefaultProfile(), alt} {
		out = append(out, sandbox.NewServer(sandbox.Options{Profile: p, Verifier: rejectAll{}, Operators: []string{innOperator}}))
	}
	return out
}

func FuzzSignIn(f *testing.F) {
	sig, err := os.ReadFile("testdata/sig_attached.der")
	if err != nil {
		f.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(sig)
	f.Add([]byte(`{"key":"aGVsbG8ta2V5LWZvci1lbnM=","signature":"` + b64 + `"}`))
	f.Add([]byte(`{"challenge":"aGVsbG8ta2V5LWZvci1lbnM=","cms":"` + b64 + `","poa":{"xml":"PHgvPg=="}}`))
	f.Add([]byte(`{"key":1}`))
	srvs := fuzzServers(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, s := range srvs {
			r := httptest.NewRequest(s.Profile().SignIn.Method, s.Profile().SignIn.Path, bytes.NewReader(body))
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code == http.StatusOK {
				t.Fatalf("sign-in accepted without a key issued: %s", body)
			}
		}
	})
}

func FuzzDataCall(f *testing.F) {
	f.Add("FNS-ENS-Token", "Zm9v", "7799000005", "2026-01-01")
	f.Add("Authorization", "Bearer Zm9vYg==", "779900000028", "01.01.2026")
	srvs := fuzzServers(f)
	f.Fuzz(func(t *testing.T, header, token, inn, date string) {
		for _, s := range srvs {
			p := s.Profile()
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Method = p.Balance.Method
			r.URL.Path = p.Balance.PathFor(inn)
			q := r.URL.Query()
			q.Set(p.Fields.Date, date)
			r.URL.RawQuery = q.Encode()
			r.Header.Set(p.TaxpayerINN.Name, inn)
			if h := http.CanonicalHeaderKey(header); h != "" && !bytes.ContainsAny([]byte(h+token), "\r\n\x00") {
				r.Header.Set(h, token)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code == http.StatusOK {
				t.Fatalf("data without a session: %q %q", header, token)
			}
		}
	})
}
