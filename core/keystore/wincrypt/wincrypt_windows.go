//go:build windows

package wincrypt

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
	"github.com/gosdesk/gosdesk/core/pki"
)

var (
	crypt32                               = syscall.NewLazyDLL("crypt32.dll")
	procCertOpenSystemStoreW              = crypt32.NewProc("CertOpenSystemStoreW")
	procCertCloseStore                    = crypt32.NewProc("CertCloseStore")
	procCertEnumCertificatesInStore       = crypt32.NewProc("CertEnumCertificatesInStore")
	procCertFindCertificateInStore        = crypt32.NewProc("CertFindCertificateInStore")
	procCertFreeCertificateContext        = crypt32.NewProc("CertFreeCertificateContext")
	procCertGetCertificateContextProperty = crypt32.NewProc("CertGetCertificateContextProperty")
	procCryptSignMessage                  = crypt32.NewProc("CryptSignMessage")
)

const (
	x509ASN          = 0x00000001
	pkcs7ASN         = 0x00010000
	certKeyProvInfo  = 2 // CERT_KEY_PROV_INFO_PROP_ID
	certFindExisting = 13 << 16
	errorMoreData    = 234
)

type certContext struct {
	encodingType uint32
	encoded      *byte
	length       uint32
	certInfo     uintptr
	store        uintptr
}

type keyProvInfo struct {
	container *uint16
	provName  *uint16
	provType  uint32
	flags     uint32
	nParams   uint32
	params    uintptr
	keySpec   uint32
}

type blob struct {
	n    uint32
	data *byte
}

type algorithmIdentifier struct {
	oid    *byte
	params blob
}

type attribute struct {
	oid    *byte
	nValue uint32
	values *blob
}

type signMessagePara struct {
	size             uint32
	msgEncodingType  uint32
	signingCert      *certContext
	hashAlgorithm    algorithmIdentifier
	hashAuxInfo      uintptr
	nMsgCert         uint32
	msgCerts         **certContext
	nMsgCrl          uint32
	msgCrls          uintptr
	nAuthAttr        uint32
	authAttrs        *attribute
	nUnauthAttr      uint32
	unauthAttrs      uintptr
	flags            uint32
	innerContentType uint32
}

// Available reports whether the CryptoAPI store can be used here.
func Available() bool { return crypt32.Load() == nil }

func openMy() (uintptr, error) {
	name, _ := syscall.UTF16PtrFromString("MY")
	h, _, err := procCertOpenSystemStoreW.Call(0, uintptr(unsafe.Pointer(name)))
	if h == 0 {
		return 0, kserr.New(kserr.CodeNotFound, err, "CertOpenSystemStore(MY)")
	}
	return h, nil
}

func utf16z(p *uint16) string {
	if p == nil {
		return ""
	}
	var s []uint16
	for ptr := unsafe.Pointer(p); ; ptr = unsafe.Add(ptr, 2) {
		c := *(*uint16)(ptr)
		if c == 0 {
			break
		}
		s = append(s, c)
	}
	return syscall.UTF16ToString(s)
}

// List returns the certificates of the current user's MY store.
func List() ([]Cert, error) {
	store, err := openMy()
	if err != nil {
		return nil, err
	}
	defer procCertCloseStore.Call(store, 0)
	var out []Cert
	var prev uintptr
	for {
		ctx, _, _ := procCertEnumCertificatesInStore.Call(store, prev)
		if ctx == 0 {
			break
		}
		prev = ctx
		cc := *(**certContext)(unsafe.Pointer(&ctx)) // memory owned by crypt32
		c := Cert{DER: append([]byte(nil), unsafe.Slice(cc.encoded, cc.length)...)}
		var size uint32
		r, _, _ := procCertGetCertificateContextProperty.Call(ctx, certKeyProvInfo, 0, uintptr(unsafe.Pointer(&size)))
		if r != 0 && size >= uint32(unsafe.Sizeof(keyProvInfo{})) {
			buf := make([]uint64, (size+7)/8)
			r, _, _ = procCertGetCertificateContextProperty.Call(ctx, certKeyProvInfo,
				uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
			if r != 0 {
				info := (*keyProvInfo)(unsafe.Pointer(&buf[0]))
				c.HasPrivateKey = true
				c.Container = utf16z(info.container)
				c.Provider = utf16z(info.provName)
				c.ProviderType = int(info.provType)
				c.KeySpec = int(info.keySpec)
			}
			runtime.KeepAlive(buf)
		}
		out = append(out, c)
	}
	return out, nil
}

func cstr(s string) *byte {
	b := append([]byte(s), 0)
	return &b[0]
}

// SignMessage signs content with the certificate (DER) of the MY store by
// CryptSignMessage, detached or attached, with the signingTime and
// signingCertificateV2 attributes; the result is the DER SignedData.
func SignMessage(certDER, content []byte, detached bool, signingTime time.Time) ([]byte, error) {
	cert, err := pki.ParseCertificate(certDER)
	if err != nil {
		return nil, kserr.New(kserr.CodeMalformed, err, "certificate")
	}
	store, err := openMy()
	if err != nil {
		return nil, err
	}
	defer procCertCloseStore.Call(store, 0)

	// Find the store's own context for this certificate (it carries the
	// key link).
	probe := certContext{encodingType: x509ASN, encoded: &certDER[0], length: uint32(len(certDER))}
	ctx, _, callErr := procCertFindCertificateInStore.Call(store, x509ASN|pkcs7ASN, 0, certFindExisting,
		uintptr(unsafe.Pointer(&probe)), 0)
	if ctx == 0 {
		return nil, kserr.New(kserr.CodeNotFound, callErr, "certificate %s in MY", cert.Thumbprint())
	}
	defer procCertFreeCertificateContext.Call(ctx)

	if signingTime.IsZero() {
		signingTime = time.Now()
	}
	st, err := SigningTime(signingTime)
	if err != nil {
		return nil, err
	}
	scv2, err := SigningCertificateV2(cert)
	if err != nil {
		return nil, err
	}
	stBlob := blob{uint32(len(st)), &st[0]}
	scBlob := blob{uint32(len(scv2)), &scv2[0]}
	attrs := []attribute{
		{oid: cstr(OIDSigningTime.String()), nValue: 1, values: &stBlob},
		{oid: cstr(OIDSigningCertificateV2.String()), nValue: 1, values: &scBlob},
	}
	signer := *(**certContext)(unsafe.Pointer(&ctx)) // memory owned by crypt32
	para := signMessagePara{
		msgEncodingType: x509ASN | pkcs7ASN,
		signingCert:     signer,
		hashAlgorithm:   algorithmIdentifier{oid: cstr(DigestOID(cert).String())},
		nMsgCert:        1,
		msgCerts:        &signer,
		nAuthAttr:       uint32(len(attrs)),
		authAttrs:       &attrs[0],
	}
	para.size = uint32(unsafe.Sizeof(para))

	var data *byte
	if len(content) > 0 {
		data = &content[0]
	} else {
		var zero byte
		data = &zero
	}
	n := uint32(len(content))
	det := uintptr(0)
	if detached {
		det = 1
	}
	var outLen uint32
	r, _, callErr := procCryptSignMessage.Call(uintptr(unsafe.Pointer(&para)), det, 1,
		uintptr(unsafe.Pointer(&data)), uintptr(unsafe.Pointer(&n)), 0, uintptr(unsafe.Pointer(&outLen)))
	if r == 0 {
		return nil, kserr.New(kserr.CodeCSPFailed, callErr, "CryptSignMessage")
	}
	out := make([]byte, outLen)
	r, _, callErr = procCryptSignMessage.Call(uintptr(unsafe.Pointer(&para)), det, 1,
		uintptr(unsafe.Pointer(&data)), uintptr(unsafe.Pointer(&n)), uintptr(unsafe.Pointer(&out[0])),
		uintptr(unsafe.Pointer(&outLen)))
	runtime.KeepAlive(attrs)
	runtime.KeepAlive(st)
	runtime.KeepAlive(scv2)
	runtime.KeepAlive(content)
	if r == 0 {
		return nil, kserr.New(kserr.CodeCSPFailed, callErr, "CryptSignMessage")
	}
	return out[:outLen], nil
}
