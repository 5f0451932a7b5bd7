package ens_test

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/pki"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// TestInterop crosses the implementations with the OpenSSL oracle: a sign-in
// signed by OpenSSL is accepted by the core/cms verifier, and one signed by
// core/cms is accepted by the OpenSSL verifier; under both profiles.
func TestInterop(t *testing.T) {
	gp := getPKI(t)
	ossl := getOpenSSLPKI(t)
	osslCA, err := os.ReadFile(ossl.ca)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(osslCA)
	osslRoot, err := pki.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	// The core/pki CA as a PEM file for openssl.
	gostCAFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(gostCAFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: gp.ca.Certificate.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	osslForGost := *ossl
	osslForGost.ca = gostCAFile

	for _, prof := range loadProfiles(t) {
		for _, c := range []struct {
			name     string
			signer   ens.Signer
			verifier func(clock sandbox.Clock) sandbox.Verifier
		}{
			{"openssl signs, core/cms verifies", ossl.cert("operator"), func(clock sandbox.Clock) sandbox.Verifier {
				return sandbox.NewGostVerifier(pki.NewTrustStore(osslRoot), clock, prof.INNOIDs)
			}},
			{"core/cms signs, openssl verifies", gp.signer("operator"), func(sandbox.Clock) sandbox.Verifier {
				chk := opensslChecker{&osslForGost}
				return &sandbox.CMSVerifier{Signature: chk, Chain: chk, INNOIDs: prof.INNOIDs}
			}},
		} {
			t.Run(prof.Name+"/"+c.name, func(t *testing.T) {
				e2 := newEnv(t, prof, func(o *sandbox.Options) { o.Verifier = c.verifier(o.Clock) })
				cl := e2.mustClient(c.signer, ens.ModeSelf, nil)
				b, err := cl.Balance(ctx, "", e2.clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				checkBalance(t, e2, b, innOperator, e2.clock.Now())
				// And a tampered signature is refused by the same verifier.
				k := e2.rawKey()
				sig := e2.sign(c.signer, k)
				sig[len(sig)-5] ^= 1
				_, err = e2.rawSignIn(k, sig)
				wantErr(t, err, ens.ErrSignatureInvalid, false, "подпись временного ключа неверна")
			})
		}
	}
}
