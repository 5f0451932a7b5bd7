package workflow

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/config"
)

// Parsers of outside input: the keyring's token entry, a МЧД signature
// file, a CSV of rows. Seed corpora in testdata/fuzz/.

func FuzzParseENSToken(f *testing.F) {
	f.Add(`{"header":"ZXhhbXBsZQ","expires":"2026-06-17T13:00:00+03:00","inn":"7799000005"}`)
	f.Add(`{"header":"","expires":"2026-06-17T13:00:00+03:00"}`)
	f.Add(`{"header":"a\r\nX-Evil: 1","expires":"2026-06-17T13:00:00Z"}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, s string) {
		tok, ok := parseENSToken(s)
		if !ok {
			return
		}
		if tok.Header == "" || tok.Expires.IsZero() || strings.ContainsAny(tok.Header, "\r\n\x00") {
			t.Fatalf("accepted %+v", tok)
		}
		b, err := json.Marshal(tok)
		if err != nil {
			return
		}
		again, ok := parseENSToken(string(b))
		if !ok || again.Header != tok.Header || !again.Expires.Equal(tok.Expires) {
			t.Fatalf("round trip %+v → %+v", tok, again)
		}
	})
}

func FuzzSignatureBytes(f *testing.F) {
	f.Add([]byte("0\x82\x01\x00rest"))
	f.Add([]byte("-----BEGIN CMS-----\nMAMCAQE=\n-----END CMS-----\n"))
	f.Add([]byte("MAMCAQE="))
	f.Fuzz(func(t *testing.T, b []byte) {
		der, err := SignatureBytes(b)
		if err == nil && (len(der) < 2 || der[0] != 0x30) {
			t.Fatalf("not a DER SEQUENCE: %x", der)
		}
	})
}

func FuzzPrepareBatch(f *testing.F) {
	f.Add([]byte("guestLastName;guestFirstName;guestBirthDate\nМюллер;Ганс;01.06.1989\n"))
	f.Add([]byte("\xef\xbb\xbfguestLastName,guestBirthDate\n\"A,B\",1989-06-01\n"))
	f.Add([]byte("guestLastName;guestBirthDate\n\xcc\xfe\xeb\xeb\xe5\xf0;31.02.1990\n"))
	f.Add([]byte("a;b\n\"unterminated\n"))
	c, err := Open(Options{NoJournal: true, Settings: &config.Settings{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		bt, err := c.PrepareBatch(BatchRequest{Service: "10000103652", Rows: bytes.NewReader(b), RowsName: "rows.csv"})
		if err != nil {
			if !IsInput(err) {
				t.Fatalf("unreadable input must be an InputError: %v", err)
			}
			return
		}
		for _, p := range bt.Problems {
			if p.Row < 1 || p.String() == "" {
				t.Fatalf("problem without a row: %+v", p)
			}
		}
		for _, r := range bt.Rows {
			if r.Row < 2 || len(r.Application.Documents) == 0 {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
