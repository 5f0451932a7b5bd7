package cms

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/internal/oracle"
)

// realKeys are the private keys of the real CryptoPro containers and PFX
// files (shared/fixtures/cryptopro/EXPECTED_KEYS.tsv, little-endian) with
// the certificates CryptoPro stored next to them.
var realKeys = []struct{ cert, privLE string }{
	{"container-G2012256.001.primary.cer", "f843b79f79aeeb4134dcc1670e19e3d5ad860ee6735b035fec9a0ec2c603562d"},
	{"container-G2012256.001.secondary.cer", "8c3b99234fe5ce4de975471d825df5bba715feacae8e90d6e0d9c10b67c5272f"},
	{"container-G2012512.000.primary.cer", "1ec09eb31b84ad56e4a7835bace87293d58ca4acf67ef701d1a86c7e5e89ed6dbdadc7c41d430f5ff4049b9c20bd375cfc2aaa8c062110e3019fbe3fa98f3350"},
	{"container-G2012512.000.secondary.cer", "ac990e19cbb433cfeaccef7ab5d8129775a8636e698bc01faf3b2d50f425f723820468a2aefbf004bc746abe8cc6a608dbd73f830ae7b422a6542fda01511e01"},
	{"container-0000rtin.001.primary.cer", "e7856d219ca7f3d3aa499fad946b1dd3d286bb369f8e77f6f3fa8da2d07100c2"},
	{"container-0000rtin.002.primary.cer", "868c64b402d42ca4499c604080b2fe27f2c5dd3c03cd3ba1a4a820ec23d25cbc"},
	{"container-pfx-6b72.000.primary.cer", "30d976ac73c0713bccce271394f70d8d7113a8bc051b229e299439500e366af1d82b713384c909b10b1192fb2d6822d0b3afdeaf034af9842340f640b3c32c0f"},
	{"pfx1.cer", "f37f5ada95f8c09bb4de4a75834fdb57a450195ce68fb528f886087142a618f5"},
	{"pfx2.cer", "b3a4c8bb9f491a9cd5658d8dfb4a0b6c5061e48249d223c85d03a8420ab236be"},
	{"GostPfxTests_Gost2012_256Pfx.cer", "589bb9dba1116c95378cfebbd46f3a0e8dc17f894e028df6a55cea559a25ade2"},
	{"dotnet_core_2012_256_GOST_R_34.10.2012-256.cer", "402aedf4fba51bfd3ccd42179ad20a2bc82c57ccf315816fc1d7ff529d529a9b"},
	{"dotnet_core_2012_512_GOST_R_34.10.2012-512.cer", "edf2627566cf23ca4cd8fc6d81719d487fee68a95f1c7f7c3d9020b0a507052ec151e6e25a46eb8e858a377e4c9f2612d293942aee36aa08b9945d46cbeca94d"},
}

// TestRealCryptoProKeys signs with the keys of real CryptoPro containers
// and PFX files (their own certificates, CryptoPro-made) and has openssl
// verify the signatures; pfx1/pfx2 also chain to CRYPTO-PRO Test Center 2.
func TestRealCryptoProKeys(t *testing.T) {
	oracle.RequireOpenSSLGost(t)
	dir := t.TempDir()
	content := []byte("подписано ключом из контейнера КриптоПро")
	dataFile := writeFile(t, dir, "data", content)
	tc2 := mustCert(t, "cryptopro-keys/CRYPTO-PRO_Test_Center_2.from-pfx1.cer")
	tc2File := writeFile(t, dir, "tc2.pem", certPEM(tc2))
	for _, k := range realKeys {
		cert := mustCert(t, filepath.Join("cryptopro-keys", k.cert))
		pub, err := cert.PublicKey()
		if err != nil {
			t.Fatalf("%s: %v", k.cert, err)
		}
		raw, _ := hex.DecodeString(k.privLE)
		key, err := gost3410.NewPrivateKey(pub.Curve, raw)
		if err != nil {
			t.Fatalf("%s: %v", k.cert, err)
		}
		if !key.PublicKey().Equal(pub) {
			t.Fatalf("%s: key does not match the certificate", k.cert)
		}
		at := cert.NotBefore.Add(1e9 * 3600) // inside the validity period
		for _, attached := range []bool{false, true} {
			// Exchange-key certificates may lack digitalSignature; the
			// cryptography is what is checked here.
			sig, err := Sign(bytes.NewReader(content), key, cert, &SignOptions{Attached: attached, SigningTime: at, AllowInvalidCertificate: true})
			if err != nil {
				t.Fatalf("%s: %v", k.cert, err)
			}
			args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", writeFile(t, dir, "s.p7s", sig), "-out", "/dev/null"}
			if !attached {
				args = append(args, "-content", dataFile)
			}
			if strings.HasPrefix(k.cert, "pfx") {
				// At signing time; the EKU has no emailProtection.
				args = append(args, "-CAfile", tc2File, "-attime", strconv.FormatInt(at.Unix(), 10), "-purpose", "any")
			} else {
				args = append(args, "-noverify")
			}
			if _, err := oracle.OpenSSL(nil, args...); err != nil {
				t.Errorf("%s attached=%v: %v", k.cert, attached, err)
			}
			opts := VerifyOptions{Time: at}
			if !attached {
				opts.Content = bytes.NewReader(content)
			}
			if strings.HasPrefix(k.cert, "pfx") {
				opts.Roots = pki.NewTrustStore(tc2)
			}
			r, err := VerifyWithOptions(sig, opts)
			if err != nil || !r.Valid() {
				t.Errorf("%s: own verify: %v %v", k.cert, err, r.Err())
			}
			if opts.Roots != nil && len(r.Signers[0].Chain) != 2 {
				t.Errorf("%s: no chain to TC2: %v", k.cert, r.Signers[0].CertificateWarnings)
			}
		}
	}
}
