package ens_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// TestDemo: the demo PKI is the same in every call (so separate processes
// agree) and works end to end in operator and representative mode.
func TestDemo(t *testing.T) {
	d1, err := sandbox.NewDemo()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := sandbox.NewDemo()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d1.Operator.CertificateDER(), d2.Operator.CertificateDER()) || !bytes.Equal(d1.CA.Certificate.Raw, d2.CA.Certificate.Raw) {
		t.Fatal("demo PKI is not deterministic")
	}
	srv := httptest.NewServer(sandbox.NewServer(d1.Options(nil, nil)))
	defer srv.Close()
	// Signing with d2's key: the same key as d1's.
	op, err := ens.New(ens.Config{BaseURL: srv.URL, Signer: d2.Operator, Mode: ens.ModeOperator})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := op.Balance(ctx, "779900000028", ens.Date(ens.MakeDate(2026, 3, 1))); err != nil {
		t.Fatal(err)
	}
	rep, err := ens.New(ens.Config{BaseURL: srv.URL, Signer: d1.Representative, Mode: ens.ModeRepresentative,
		MCHD: &ens.MCHD{XML: sandbox.DemoMCHD, Signature: d1.MCHDSignature, Validator: mchd.XSDValidator{}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Operations(ctx, "", ens.MakeDate(2026, 1, 1), ens.MakeDate(2026, 3, 31)); err != nil {
		t.Fatal(err)
	}
}

// TestMountPatterns: the sandbox works when mounted pattern by pattern on
// another mux (as core/sandbox's Server.Mount does).
func TestMountPatterns(t *testing.T) {
	d, err := sandbox.NewDemo()
	if err != nil {
		t.Fatal(err)
	}
	alt, err := ens.LoadProfile("testdata/profile-alt.json")
	if err != nil {
		t.Fatal(err)
	}
	s := sandbox.NewServer(d.Options(alt, nil))
	mux := http.NewServeMux()
	for _, p := range s.Patterns() {
		mux.Handle(p, s)
	}
	if len(s.Patterns()) != 5 {
		t.Fatalf("patterns %v", s.Patterns())
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := ens.New(ens.Config{Profile: alt, BaseURL: srv.URL, Signer: d.Operator})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obligations(ctx, "", ens.MakeDate(2026, 5, 1)); err != nil {
		t.Fatal(err)
	}
}
