package gosttls

import (
	"crypto/cipher"
	"fmt"

	"github.com/gosdesk/gosdesk/core/gost/kuznyechik"
	"github.com/gosdesk/gosdesk/core/gost/magma"
)

// CipherSuite is a TLS cipher suite identifier.
type CipherSuite uint16

// The cipher suites of RFC 9189 §6 and CryptoPro's legacy identifier.
const (
	TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC CipherSuite = 0xC100
	TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC      CipherSuite = 0xC101
	TLS_GOSTR341112_256_WITH_28147_CNT_IMIT      CipherSuite = 0xC102
	// TLS_CIPHER_2012 is CryptoPro's pre-RFC identifier of the 28147
	// CNT/IMIT suite with GOST R 34.10-2012 keys, named by the API ЕПГУ
	// specification; the protocol is the same as 0xC102.
	TLS_CIPHER_2012 CipherSuite = 0xFF85
)

type suiteKind int

const (
	kindCTROMAC suiteKind = iota + 1 // RFC 9189 §4.1.1: TLSTREE, CTR, OMAC
	kindCNTIMIT                      // RFC 9189 §4.1.2: 28147 CNT + IMIT over the stream
)

type suite struct {
	id       CipherSuite
	name     string // IANA name
	openssl  string // OpenSSL's name
	kind     suiteKind
	newBlock func(key []byte) (cipher.Block, error) // CTR_OMAC only
	ivLen    int                                    // bytes of client/server_write_IV
	macLen   int                                    // record MAC size
	c        [3]uint64                              // TLSTREE constants C1, C2, C3 (RFC 9189 §8.1)
	// verifyLen is the length of Finished.verify_data: 32 bytes for the
	// CTR_OMAC suites (RFC 9189 §4.2.4), the usual 12 for CNT_IMIT.
	verifyLen int
	section   int // ACPKM section size of the record cipher
}

var suites = []*suite{
	{id: TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC, name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC",
		openssl: "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", kind: kindCTROMAC, newBlock: kuznyechik.NewCipher,
		ivLen: 8, macLen: 16, c: [3]uint64{0xFFFFFFFF00000000, 0xFFFFFFFFFFF80000, 0xFFFFFFFFFFFFFFC0}, verifyLen: 32, section: 4096},
	{id: TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC, name: "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC",
		openssl: "GOST2012-MAGMA-MAGMAOMAC", kind: kindCTROMAC, newBlock: magma.NewCipher,
		ivLen: 4, macLen: 8, c: [3]uint64{0xFFFFFFC000000000, 0xFFFFFFFFFE000000, 0xFFFFFFFFFFFFF000}, verifyLen: 32, section: 1024},
	{id: TLS_GOSTR341112_256_WITH_28147_CNT_IMIT, name: "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT",
		openssl: "IANA-GOST2012-GOST8912-GOST8912", kind: kindCNTIMIT, ivLen: 8, macLen: 4, verifyLen: 12},
	{id: TLS_CIPHER_2012, name: "TLS_CIPHER_2012",
		openssl: "LEGACY-GOST2012-GOST8912-GOST8912", kind: kindCNTIMIT, ivLen: 8, macLen: 4, verifyLen: 12},
}

// CipherSuites returns every suite this package speaks, in the default
// order of preference.
func CipherSuites() []CipherSuite {
	out := make([]CipherSuite, len(suites))
	for i, s := range suites {
		out[i] = s.id
	}
	return out
}

func suiteByID(id CipherSuite) *suite {
	for _, s := range suites {
		if s.id == id {
			return s
		}
	}
	return nil
}

// String returns the IANA name of a GOST suite, else the hex value.
func (c CipherSuite) String() string {
	if s := suiteByID(c); s != nil {
		return s.name
	}
	return fmt.Sprintf("0x%04X", uint16(c))
}

// OpenSSLName returns the name OpenSSL's GOST engine gives the suite
// ("" for suites this package does not speak).
func (c CipherSuite) OpenSSLName() string {
	if s := suiteByID(c); s != nil {
		return s.openssl
	}
	return ""
}
