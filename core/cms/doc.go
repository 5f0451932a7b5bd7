// Package cms reads, verifies and makes CMS SignedData (RFC 5652) with GOST
// R 34.10-2012 / 34.11-2012 algorithms, writing CAdES-BES the way CryptoPro
// CSP does: SignedData v1, Streebog digest with absent parameters, four
// signed attributes (contentType, signingTime, messageDigest,
// signingCertificateV2), DER output.
//
// Input may be BER with indefinite lengths (CryptoPro CSP output), DER, PEM
// or bare base64.
package cms
