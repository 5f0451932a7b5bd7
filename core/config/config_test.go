package config

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/gosdesk/gosdesk/core/keystore/container"
	"github.com/gosdesk/gosdesk/core/keystore/pfx"
	"github.com/gosdesk/gosdesk/core/keystore/pkcs8"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/zalando/go-keyring"
)

// env3 is a resolved environment with the default (plain) transport.
func env3(name, esiaURL, epguURL string) Environment {
	return Environment{Name: name, ESIA: esiaURL, EPGU: epguURL, Transport: TransportPlain}
}

func TestResolve(t *testing.T) {
	t.Setenv(SandboxAddrVar, "")
	cases := []struct {
		name string
		s    *Settings
		want Environment
		err  error
	}{
		{"", nil, env3(EnvSandbox, "http://127.0.0.1:8089", "http://127.0.0.1:8089"), nil},
		{"sandbox", &Settings{SandboxAddr: "[::1]:9000"}, env3(EnvSandbox, "http://[::1]:9000", "http://[::1]:9000"), nil},
		{"", &Settings{Env: "prod"}, env3(EnvProd, esia.BaseURLProd, epgu.BaseURLProd), nil},
		{"TEST", nil, env3(EnvTest, esia.BaseURLTest, epgu.BaseURLTest), nil},
		{"test-beta", nil, env3(EnvTestBeta, esia.BaseURLTest, epgu.BaseURLTestBeta), nil},
		{"http://127.0.0.1:1234/", nil, env3(EnvCustom, "http://127.0.0.1:1234", "http://127.0.0.1:1234"), nil},
		{"https://proxy.example.ru/gw", nil, env3(EnvCustom, "https://proxy.example.ru/gw", "https://proxy.example.ru/gw"), nil},
		{"http://example.ru", nil, Environment{}, ErrPlainHTTP},
		{"staging", nil, Environment{}, ErrUnknownEnv},
		{"ftp://127.0.0.1", nil, Environment{}, ErrUnknownEnv},
		{"https://user:pw@example.ru", nil, Environment{}, ErrUnknownEnv},
		{"sandbox", &Settings{SandboxAddr: "0.0.0.0:8089"}, Environment{}, ErrNotLoopback},
	}
	for _, c := range cases {
		got, err := Resolve(c.name, c.s)
		if !errors.Is(err, c.err) || got != c.want {
			t.Errorf("Resolve(%q, %+v) = %+v, %v; want %+v, %v", c.name, c.s, got, err, c.want, c.err)
		}
	}
	t.Setenv(SandboxAddrVar, "localhost:7000")
	if got, _ := Resolve("sandbox", &Settings{SandboxAddr: "127.0.0.1:1"}); got.EPGU != "http://localhost:7000" {
		t.Errorf("%s does not override settings: %+v", SandboxAddrVar, got)
	}
	if i18n.Message(ErrNotLoopback) == "" || !strings.Contains(ErrNotLoopback.Localize(i18n.RU), "локальном") {
		t.Error("no Russian text for ErrNotLoopback")
	}
}

func TestSettingsDirAndRoundTrip(t *testing.T) {
	t.Setenv(DirVar, "")
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	t.Setenv("HOME", t.TempDir())
	d, err := Dir()
	if err != nil || d != filepath.Join(xdg, "gosdesk") {
		t.Fatalf("Dir = %q, %v; want under XDG_CONFIG_HOME", d, err)
	}
	s, err := Load()
	if err != nil || *s != (Settings{}) {
		t.Fatalf("Load of a missing file = %+v, %v", s, err)
	}
	want := Settings{Env: "test", Account: "MY_IS", Container: "/media/key/abcd.000", PINEnv: "MY_PIN", ChunkSize: 20_000_000}
	if err := want.Save(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(xdg, "gosdesk", FileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("settings file: %v, %v", st, err)
	}
	got, err := Load()
	if err != nil || *got != want {
		t.Fatalf("Load = %+v, %v; want %+v", got, err, want)
	}
	t.Setenv(DirVar, t.TempDir())
	if got, _ := Load(); *got != (Settings{}) {
		t.Errorf("%s is not honoured", DirVar)
	}
}

func TestSettingsRefuseSecrets(t *testing.T) {
	for _, f := range []string{"apiKey", "pin", "Password", "accessToken", "clientSecret"} {
		_, err := Parse([]byte(`{"env":"test","` + f + `":"x"}`))
		var se *ErrSecretInSettings
		if !errors.As(err, &se) || se.Field != f || !strings.Contains(i18n.Message(err), "секрет") {
			t.Errorf("field %q: %v", f, err)
		}
	}
	if _, err := Parse([]byte(`{"frobnicate":1}`)); err == nil {
		t.Error("unknown field accepted")
	}
	if _, err := Parse([]byte(`{"pinEnv":"X","thumbprint":"AB"}`)); err != nil {
		t.Errorf("pinEnv/thumbprint refused: %v", err)
	}
}

func TestAPIKeySources(t *testing.T) {
	keyring.MockInit()
	env := Environment{Name: EnvTest}
	const key = "0f5a3c1e-8d2b-4c6a-9e7f-1a2b3c4d5e6f"
	_, err := Credentials{}.APIKey(env)
	if !errors.Is(err, ErrNoAPIKey) || !strings.Contains(i18n.Message(err), "«test»") {
		t.Fatalf("missing key: %v", err)
	}
	if err := esia.StoreAPIKey("test", key); err != nil {
		t.Fatal(err)
	}
	if got, err := (Credentials{}).APIKey(env); err != nil || got != key {
		t.Errorf("keyring: %q, %v", got, err)
	}
	if _, err := (Credentials{Account: "other"}).APIKey(env); !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("account is ignored: %v", err)
	}
	f := filepath.Join(t.TempDir(), "keys.csv")
	os.WriteFile(f, []byte("Система;API-ключ\nGOSDESK;"+strings.ToUpper(key)+"\n"), 0o600)
	if got, err := (Credentials{APIKeyFile: f}).APIKey(env); err != nil || !strings.EqualFold(got, key) {
		t.Errorf("file: %q, %v", got, err)
	}
	os.WriteFile(f, []byte("nothing here\n"), 0o600)
	if _, err := (Credentials{APIKeyFile: f}).APIKey(env); err == nil {
		t.Error("file without a key accepted")
	}
}

// issue makes a test CA and an employee certificate with its key.
func issue(t *testing.T) (*pki.CA, *pki.Certificate, *gost3410.PrivateKey) {
	now := time.Now()
	ca, err := pki.NewTestCA(pki.Template{Subject: pki.Name{CommonName: "config test CA"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}, gost3410.CurveTC26256B, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cert, key, err := ca.IssueKey(pki.Template{Subject: pki.Name{CommonName: "Сотрудник", Organization: "ООО Тест", INNLE: "7700000018"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}, gost3410.CurveTC26256B)
	if err != nil {
		t.Fatal(err)
	}
	return ca, cert, key
}

// checkSigner signs through ESIASigner and verifies with core/cms.
func checkSigner(t *testing.T, c Credentials, ca *pki.CA, cert *pki.Certificate) {
	t.Helper()
	s, err := c.Signer(context.Background(), nil)
	if err != nil {
		t.Fatalf("%+v: %v", c, err)
	}
	checkSignerValue(t, s, ca, cert)
}

// checkSignerValue: s has cert and its signatures verify under ca.
func checkSignerValue(t *testing.T, s keystore.Signer, ca *pki.CA, cert *pki.Certificate) {
	t.Helper()
	c := s.Certificate().Subject.CommonName
	es := ESIASigner(s)
	if !bytes.Equal(es.CertificateDER(), cert.Raw) {
		t.Fatalf("%+v: another certificate", c)
	}
	msg := []byte("0f5a3c1e-8d2b-4c6a-9e7f-1a2b3c4d5e6f")
	sig, err := es.SignDetached(context.Background(), msg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cms.VerifyWithOptions(sig, cms.VerifyOptions{Content: bytes.NewReader(msg), Roots: pki.NewTrustStore(ca.Certificate)})
	if err != nil || !res.Valid() || len(res.Signers[0].Chain) == 0 {
		t.Fatalf("%+v: signature does not verify: %v", c, err)
	}
}

func TestSignerSources(t *testing.T) {
	ca, cert, key := issue(t)
	dir := t.TempDir()
	t.Setenv("TEST_PIN", "12345678")

	cdir, err := container.NewDir(dir, "employee")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := container.Write(cdir, key, container.WriteOptions{Name: "employee", PIN: "12345678", Certificate: cert.Raw}); err != nil {
		t.Fatal(err)
	}
	checkSigner(t, Credentials{Container: cdir, PINEnv: "TEST_PIN"}, ca, cert)

	p, err := pfx.Encode(key, cert.Raw, "12345678", pfx.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pfxPath := filepath.Join(dir, "employee.pfx")
	os.WriteFile(pfxPath, p, 0o600)
	checkSigner(t, Credentials{PFX: pfxPath, PINEnv: "TEST_PIN"}, ca, cert)

	// the sandbox's test key format
	certPath := filepath.Join(dir, "employee.cer")
	os.WriteFile(certPath, cert.Raw, 0o600)
	keyPath := filepath.Join(dir, "employee.key")
	os.WriteFile(keyPath, pemOf(key), 0o600)
	checkSigner(t, Credentials{Key: keyPath, Cert: certPath}, ca, cert)

	// wrong PIN, missing variable, no source, two sources
	t.Setenv("BAD_PIN", "00000000")
	if _, err := (Credentials{Container: cdir, PINEnv: "BAD_PIN"}).Signer(context.Background(), nil); err == nil {
		t.Error("wrong PIN accepted")
	}
	var pe *ErrPINVarEmpty
	if _, err := (Credentials{Container: cdir, PINEnv: "NO_SUCH_VAR_X"}).Signer(context.Background(), nil); !errors.As(err, &pe) {
		t.Errorf("missing PIN variable: %v", err)
	}
	if _, err := (Credentials{}).Signer(context.Background(), nil); !errors.Is(err, ErrNoSigner) {
		t.Errorf("no source: %v", err)
	}
	if _, err := (Credentials{Container: cdir, PFX: pfxPath}).Signer(context.Background(), nil); !errors.Is(err, ErrManySigners) {
		t.Errorf("two sources: %v", err)
	}
}

func TestMerge(t *testing.T) {
	s := &Settings{Account: "IS", Container: "/c", PINEnv: "P"}
	got := Credentials{PFX: "/x.pfx"}.Merge(s)
	if got.Container != "" || got.PFX != "/x.pfx" || got.Account != "IS" || got.PINEnv != "P" {
		t.Errorf("flags do not replace the settings' key source: %+v", got)
	}
	got = Credentials{}.Merge(s)
	if got.Container != "/c" {
		t.Errorf("settings not used: %+v", got)
	}
}

// TestSignerAsksPINForEverySource: without --pin-env the prompt (the GUI's
// dialog) is asked for a container, a PFX and an encrypted PEM key, again
// after a wrong PIN, and a remembered PIN is not asked again.
func TestSignerAsksPINForEverySource(t *testing.T) {
	keyring.MockInit()
	ca, cert, key := issue(t)
	dir := t.TempDir()
	cdir, err := container.NewDir(dir, "employee")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := container.Write(cdir, key, container.WriteOptions{Name: "employee", PIN: "12345678", Certificate: cert.Raw}); err != nil {
		t.Fatal(err)
	}
	p, err := pfx.Encode(key, cert.Raw, "pfx-pass", pfx.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pfxPath := filepath.Join(dir, "employee.pfx")
	os.WriteFile(pfxPath, p, 0o600)
	enc, err := pkcs8.EncodePEM(key, "pem-pass", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyPath, certPath := filepath.Join(dir, "enc.key"), filepath.Join(dir, "employee.cer")
	os.WriteFile(keyPath, enc, 0o600)
	os.WriteFile(certPath, cert.Raw, 0o600)

	for _, c := range []struct {
		name  string
		creds Credentials
		pin   string
	}{
		{"container", Credentials{Container: cdir}, "12345678"},
		{"pfx", Credentials{PFX: pfxPath}, "pfx-pass"},
		{"pem", Credentials{Key: keyPath, Cert: certPath}, "pem-pass"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var asked []keystore.PINRequest
			prompt := func(_ context.Context, r keystore.PINRequest) (string, bool, error) {
				asked = append(asked, r)
				if len(asked) == 1 {
					return "wrong", false, nil
				}
				return c.pin, true, nil
			}
			s, err := c.creds.Signer(context.Background(), prompt)
			if err != nil {
				t.Fatalf("Signer: %v", err)
			}
			if len(asked) != 2 || asked[1].LastError == nil {
				t.Fatalf("prompts %+v, want a second one after the wrong PIN", asked)
			}
			checkSignerValue(t, s, ca, cert)
		})
	}
	// The container's PIN was remembered: no prompt now.
	s, err := (Credentials{Container: cdir}).Signer(context.Background(), func(context.Context, keystore.PINRequest) (string, bool, error) {
		return "", false, errors.New("asked again")
	})
	if err != nil || s == nil {
		t.Fatalf("remembered PIN not used: %v", err)
	}
}
