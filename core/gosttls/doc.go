// Package gosttls is a TLS 1.2 client with the GOST cipher suites of
// RFC 9189, written in pure Go on top of core/gost:
//
//	0xC100 TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC   (OpenSSL GOST2012-KUZNYECHIK-KUZNYECHIKOMAC)
//	0xC101 TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC        (OpenSSL GOST2012-MAGMA-MAGMAOMAC)
//	0xC102 TLS_GOSTR341112_256_WITH_28147_CNT_IMIT        (OpenSSL IANA-GOST2012-GOST8912-GOST8912)
//	0xFF85 TLS_CIPHER_2012, CryptoPro's identifier        (OpenSSL LEGACY-GOST2012-GOST8912-GOST8912)
//
// API ЕПГУ answers only over GOST TLS (Спецификация API ЕПГУ v1.13 §1.2).
// The handshake follows RFC 5246 with the profile of RFC 9189: server
// certificates with GOST R 34.10-2012 256/512-bit keys checked against a
// configured trust store and the host name, the key exchange of RFC 9189
// §8.2 (KEG + KExp15 in a PSKeyTransport for the CTR_OMAC suites, VKO +
// the CryptoPro key wrap in a TLSGostKeyTransportBlob for the CNT_IMIT
// ones), the extended master secret (RFC 7627) and renegotiation_info
// (RFC 5746) required of the server, client authentication by a GOST key
// when the server asks, and the record protection of RFC 9189 §4.1
// (TLSTREE re-keying, CTR + OMAC; or the GOST 28147-89 gamma and MAC with
// CryptoPro key meshing running over the whole connection). Nothing else
// is ever offered or accepted: no fallback to non-GOST suites.
//
// This implementation is NOT a certified СКЗИ (средство криптографической
// защиты информации). The compliant route to API ЕПГУ is a tunnel through
// certified CryptoPro software (core/tunnel); this client is for testing
// and for users who accept that.
//
// Errors reaching users are *Error values: Error() is Russian and says
// what happened and what to do; English() gives the English text.
package gosttls
