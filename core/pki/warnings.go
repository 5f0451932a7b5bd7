package pki

import (
	"fmt"
	"time"
)

// WarningCode identifies a problem of a certificate that does not make it
// unparseable but that the user must see.
type WarningCode int

// Warning codes.
const (
	WarnExpired       WarningCode = iota + 1 // NotAfter is in the past
	WarnNotYetValid                          // NotBefore is in the future
	WarnNoINN                                // neither ИНН nor ИНН ЮЛ in the subject
	WarnNotForSigning                        // keyUsage lacks digitalSignature
	WarnUnknownCurve                         // GOST key with unknown or foreign curve parameters
	WarnNotGost                              // not a GOST R 34.10 key (RSA, ECDSA...)
	WarnBadINN                               // ИНН / ИНН ЮЛ checksum is wrong
	WarnBadSNILS                             // СНИЛС checksum is wrong
	WarnBadOGRN                              // ОГРН checksum is wrong
	WarnBadOGRNIP                            // ОГРНИП checksum is wrong
	WarnUntrusted                            // no chain to a trusted root (set by chain verification)
	WarnBadChain                             // chain found but a signature in it is invalid or unsupported
)

// Warning is one certificate problem with Russian and English text.
type Warning struct {
	Code   WarningCode
	Detail string // specifics: a date, the offending value
}

var warningText = map[WarningCode][2]string{
	WarnExpired:       {"сертификат истёк", "certificate has expired"},
	WarnNotYetValid:   {"срок действия сертификата ещё не наступил", "certificate is not yet valid"},
	WarnNoINN:         {"в сертификате нет ИНН", "certificate has no INN"},
	WarnNotForSigning: {"сертификат не предназначен для подписи (нет digitalSignature в keyUsage)", "certificate is not for signing (keyUsage lacks digitalSignature)"},
	WarnUnknownCurve:  {"неизвестные параметры ключа ГОСТ", "unknown GOST key parameters"},
	WarnNotGost:       {"ключ не ГОСТ Р 34.10", "not a GOST R 34.10 key"},
	WarnBadINN:        {"неверная контрольная сумма ИНН", "INN checksum is wrong"},
	WarnBadSNILS:      {"неверная контрольная сумма СНИЛС", "SNILS checksum is wrong"},
	WarnBadOGRN:       {"неверная контрольная сумма ОГРН", "OGRN checksum is wrong"},
	WarnBadOGRNIP:     {"неверная контрольная сумма ОГРНИП", "OGRNIP checksum is wrong"},
	WarnUntrusted:     {"нет цепочки до доверенного корневого сертификата", "no chain to a trusted root"},
	WarnBadChain:      {"ошибка в цепочке сертификатов", "certificate chain error"},
}

func (w Warning) text(lang int) string {
	s := warningText[w.Code][lang]
	if s == "" {
		s = fmt.Sprintf("warning %d", w.Code)
	}
	if w.Detail != "" {
		s += ": " + w.Detail
	}
	return s
}

// Russian returns the Russian text.
func (w Warning) Russian() string { return w.text(0) }

// English returns the English text.
func (w Warning) English() string { return w.text(1) }

// String returns the Russian text.
func (w Warning) String() string { return w.text(0) }

// Warnings lists the problems of c at time now (validity, key usage, key
// algorithm and curve, ИНН/СНИЛС/ОГРН presence and checksums). It does not
// check the chain; see Verify.
func (c *Certificate) Warnings(now time.Time) []Warning {
	var ws []Warning
	if now.After(c.NotAfter) {
		ws = append(ws, Warning{WarnExpired, formatDate(c.NotAfter)})
	}
	if now.Before(c.NotBefore) {
		ws = append(ws, Warning{WarnNotYetValid, formatDate(c.NotBefore)})
	}
	if !c.CanSign() {
		ws = append(ws, Warning{Code: WarnNotForSigning})
	}
	switch {
	case !c.IsGost():
		ws = append(ws, Warning{WarnNotGost, c.PublicKeyInfo.Algorithm.String()})
	case !knownCurve(c.PublicKeyInfo):
		ws = append(ws, Warning{WarnUnknownCurve, c.PublicKeyInfo.CurveOID.String()})
	}
	s := c.Subject
	if s.INN == "" && s.INNLE == "" {
		ws = append(ws, Warning{Code: WarnNoINN})
	}
	if s.INN != "" && !ValidINN(s.INN) {
		ws = append(ws, Warning{WarnBadINN, s.INN})
	}
	if s.INNLE != "" && !validINN10(s.INNLE) {
		ws = append(ws, Warning{WarnBadINN, s.INNLE})
	}
	if s.SNILS != "" && !ValidSNILS(s.SNILS) {
		ws = append(ws, Warning{WarnBadSNILS, s.SNILS})
	}
	if s.OGRN != "" && !ValidOGRN(s.OGRN) {
		ws = append(ws, Warning{WarnBadOGRN, s.OGRN})
	}
	if s.OGRNIP != "" && !ValidOGRNIP(s.OGRNIP) {
		ws = append(ws, Warning{WarnBadOGRNIP, s.OGRNIP})
	}
	return ws
}
