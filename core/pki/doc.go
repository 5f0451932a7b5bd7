// Package pki parses, checks, verifies and issues GOST X.509 certificates
// (GOST R 34.10-2001/2012 keys, RFC 4491 and RFC 9215), including the subject
// attributes of Russian qualified certificates (КЭП): ИНН, ИНН ЮЛ, ОГРН,
// ОГРНИП, СНИЛС.
//
// crypto/x509 parses GOST certificates but does not decode their public keys;
// this package wraps *x509.Certificate and decodes the GOST
// SubjectPublicKeyInfo itself.
package pki
