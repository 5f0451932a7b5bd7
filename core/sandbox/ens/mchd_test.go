package ens_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
	sandbox "github.com/gosdesk/gosdesk/core/sandbox/ens"
)

// mchdXML is the synthetic МЧД with dates around the sandbox's today.
func mchdXML(t *testing.T, e *env) []byte {
	today := ens.Date(e.clock.Now())
	s := string(readFile(t, "testdata/mchd_tax_org_person.xml"))
	s = strings.Replace(s, `ДатаВыдДовер="2026-01-10"`, `ДатаВыдДовер="`+today.AddDate(0, -1, 0).Format("2006-01-02")+`"`, 1)
	s = strings.Replace(s, `СрокДейст="2027-01-09"`, `СрокДейст="`+today.AddDate(1, 0, 0).Format("2006-01-02")+`"`, 1)
	return []byte(s)
}

func (e *env) mchdSig(t *testing.T, signer string, xml []byte) []byte {
	sig, err := e.pki.signer(signer).SignCAdES(context.Background(), xml, false)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestRepresentativeMode(t *testing.T) {
	for _, prof := range loadProfiles(t) {
		t.Run(prof.Name, func(t *testing.T) {
			e := newEnv(t, prof, func(o *sandbox.Options) { o.RequireMCHDSignature = true })
			x := mchdXML(t, e)
			m := &ens.MCHD{XML: x, Signature: e.mchdSig(t, "director", x), Validator: mchd.XSDValidator{}}
			c := e.mustClient(e.pki.signer("representative"), ens.ModeRepresentative, func(cfg *ens.Config) {
				cfg.MCHD, cfg.Now = m, e.clock.Now
			})
			// What the UI shows about the МЧД.
			d := c.MCHD()
			if d.Principals[0].INN != innOperator || d.Representatives[0].INN != "779900000028" ||
				strings.Join(d.PowerCodes(), ",") != "2_FNS39,2_FNS99" || d.Signer().INN != "779900000109" {
				t.Errorf("МЧД model: %+v", d)
			}
			if c.DefaultINN() != innOperator {
				t.Errorf("default ИНН %s", c.DefaultINN())
			}
			b, err := c.Balance(ctx, "", e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			checkBalance(t, e, b, innOperator, e.clock.Now())
			// Only the principal's data.
			_, err = c.Balance(ctx, innConsented, e.clock.Now())
			wantErr(t, err, ens.ErrMCHDMismatch, true, "не доверитель")

			// Someone else's certificate with this МЧД: refused before sending…
			c2 := e.mustClient(e.pki.signer("stranger"), ens.ModeRepresentative, func(cfg *ens.Config) { cfg.MCHD = m })
			_, err = c2.Login(ctx)
			wantErr(t, err, ens.ErrMCHDMismatch, true, "представитель в МЧД не совпадает")
			// …and by the server.
			f := prof.Fields
			signIn := func(who string, sig []byte) error {
				k := e.rawKey()
				_, err := e.raw(prof.SignIn, "", "", nil, map[string]any{
					f.SignInKey: k, f.SignInSignature: base64.StdEncoding.EncodeToString(e.sign(e.pki.signer(who), k)),
					f.SignInMCHD: base64.StdEncoding.EncodeToString(x), f.SignInMCHDSignature: base64.StdEncoding.EncodeToString(sig)})
				return err
			}
			wantErr(t, signIn("stranger", m.Signature), ens.ErrMCHDMismatch, false, "представитель в МЧД не совпадает")
			// A МЧД signed by someone who is not the principal's head.
			wantErr(t, signIn("representative", e.mchdSig(t, "operator", x)), ens.ErrMCHDInvalid, false, "доверенность не принята")
			if err := signIn("representative", m.Signature); err != nil {
				t.Errorf("raw sign-in with МЧД: %v", err)
			}
			// A МЧД that breaks the schema is refused before sending and by the server.
			broken := []byte(strings.Replace(string(x), `ВнНомДовер="ТЕСТ-1" `, ``, 1))
			_, err = e.client(e.pki.signer("representative"), ens.ModeRepresentative, func(cfg *ens.Config) {
				cfg.MCHD = &ens.MCHD{XML: broken, Validator: mchd.XSDValidator{}}
			})
			wantErr(t, err, ens.ErrMCHDInvalid, true, "не соответствует схеме")
			x = broken
			wantErr(t, signIn("representative", e.mchdSig(t, "director", broken)), ens.ErrMCHDInvalid, false, "не соответствует схеме")
			// An expired МЧД.
			e.clock.Advance(400 * 24 * time.Hour)
			_, err = c.Login(ctx)
			wantErr(t, err, ens.ErrMCHDExpired, true, "срок действия МЧД истёк")
		})
	}
}
