package gosttls

import (
	"errors"
	"fmt"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// ErrorCode classifies the errors of this package.
type ErrorCode int

// Error codes. Compare errors with errors.Is(err, gosttls.ErrXxx).
const (
	CodeConnect ErrorCode = iota + 1
	CodeNoGOSTSuite
	CodeDowngrade
	CodeUntrusted
	CodeExpired
	CodeNotYetValid
	CodeHostMismatch
	CodeBadCertificate
	CodeNoTrustStore
	CodeBadRecordMAC
	CodeTruncated
	CodeAlert
	CodeClientCertRequired
	CodeClientCert
	CodeProtocol
	CodeNoRenegotiationInfo
	CodeNoExtendedMasterSecret
	CodePlainHTTP
	CodeClosed
)

var texts = map[ErrorCode]i18n.Text{
	CodeConnect: {
		RU: "ГОСТ TLS: не удалось подключиться к серверу; проверьте адрес и доступ в интернет",
		EN: "GOST TLS: cannot connect to the server; check the address and the network"},
	CodeNoGOSTSuite: {
		RU: "ГОСТ TLS: сервер не поддерживает ни один набор шифров ГОСТ (RFC 9189); соединение без ГОСТ не устанавливается — проверьте адрес (нужен «защищённый контур» API ЕПГУ) или используйте туннель КриптоПро",
		EN: "GOST TLS: the server supports no GOST cipher suite (RFC 9189); no non-GOST connection is made — check the address (the EPGU API's GOST contour is needed) or use the CryptoPro tunnel"},
	CodeDowngrade: {
		RU: "ГОСТ TLS: сервер выбрал набор шифров, который не предлагался (попытка понижения защиты); соединение прервано — проверьте, не стоит ли между вами и сервером посредник",
		EN: "GOST TLS: the server picked a cipher suite that was not offered (a downgrade attempt); the connection was aborted — check for a man in the middle"},
	CodeUntrusted: {
		RU: "ГОСТ TLS: сертификат сервера выдан неизвестным удостоверяющим центром; добавьте корневой сертификат (для ЕПГУ — сертификат Минцифры России) в хранилище доверенных или проверьте, что вы подключаетесь к настоящему серверу",
		EN: "GOST TLS: the server certificate was issued by an unknown CA; add the root certificate (for EPGU: the Russian Ministry of Digital Development root) to the trust store, or check that you reach the real server"},
	CodeExpired: {
		RU: "ГОСТ TLS: срок действия сертификата сервера (или его УЦ) истёк; проверьте дату и время на компьютере, иначе сообщите владельцу сервера",
		EN: "GOST TLS: the server certificate (or its CA) has expired; check the computer's date and time, else tell the server's owner"},
	CodeNotYetValid: {
		RU: "ГОСТ TLS: сертификат сервера ещё не действует; проверьте дату и время на компьютере",
		EN: "GOST TLS: the server certificate is not valid yet; check the computer's date and time"},
	CodeHostMismatch: {
		RU: "ГОСТ TLS: сертификат сервера выдан на другое имя; проверьте адрес сервера в настройках — возможно, вы подключаетесь не к тому серверу",
		EN: "GOST TLS: the server certificate is for another name; check the server address in the settings — you may be reaching the wrong server"},
	CodeBadCertificate: {
		RU: "ГОСТ TLS: сервер прислал негодный сертификат (нет ключа ГОСТ Р 34.10-2012 или сертификат повреждён)",
		EN: "GOST TLS: the server sent an unusable certificate (no GOST R 34.10-2012 key, or a damaged certificate)"},
	CodeNoTrustStore: {
		RU: "ГОСТ TLS: не задано хранилище доверенных корневых сертификатов; укажите папку с сертификатами УЦ (для ЕПГУ — корневой сертификат Минцифры России)",
		EN: "GOST TLS: no trust store of root certificates is configured; give a folder of CA certificates (for EPGU: the Ministry of Digital Development root)"},
	CodeBadRecordMAC: {
		RU: "ГОСТ TLS: нарушена целостность полученных данных (неверная имитовставка); соединение прервано — данные могли быть изменены по пути, повторите попытку позже",
		EN: "GOST TLS: received data failed the integrity check (bad MAC); the connection was aborted — data may have been altered on the way, try again later"},
	CodeTruncated: {
		RU: "ГОСТ TLS: соединение оборвалось во время обмена (сервер закрыл его или сеть прервалась); повторите попытку, а если повторяется — проверьте, что по адресу работает сервер ГОСТ TLS",
		EN: "GOST TLS: the connection broke off mid-exchange (the server closed it or the network failed); retry, and if it repeats check that a GOST TLS server runs at the address"},
	CodeAlert: {
		RU: "ГОСТ TLS: сервер отказал в соединении",
		EN: "GOST TLS: the server refused the connection"},
	CodeClientCertRequired: {
		RU: "ГОСТ TLS: сервер требует сертификат клиента; выберите сертификат с ключом ГОСТ Р 34.10-2012 в настройках",
		EN: "GOST TLS: the server requires a client certificate; choose a certificate with a GOST R 34.10-2012 key in the settings"},
	CodeClientCert: {
		RU: "ГОСТ TLS: не удалось подписать сообщение ключом клиента; проверьте выбранный сертификат и ключ",
		EN: "GOST TLS: cannot sign with the client key; check the chosen certificate and key"},
	CodeProtocol: {
		RU: "ГОСТ TLS: сервер нарушил протокол TLS 1.2; соединение прервано",
		EN: "GOST TLS: the server broke the TLS 1.2 protocol; the connection was aborted"},
	CodeNoRenegotiationInfo: {
		RU: "ГОСТ TLS: сервер не поддерживает безопасное повторное согласование (renegotiation_info, RFC 5746), которого требует RFC 9189; соединение прервано",
		EN: "GOST TLS: the server lacks secure renegotiation (renegotiation_info, RFC 5746) that RFC 9189 requires; the connection was aborted"},
	CodeNoExtendedMasterSecret: {
		RU: "ГОСТ TLS: сервер не поддерживает расширенный мастер-ключ (extended_master_secret, RFC 7627), которого требует RFC 9189; соединение прервано",
		EN: "GOST TLS: the server lacks the extended master secret (RFC 7627) that RFC 9189 requires; the connection was aborted"},
	CodePlainHTTP: {
		RU: "ГОСТ TLS: адрес http:// нельзя открыть через ГОСТ TLS — данные ушли бы открытым текстом; используйте https://",
		EN: "GOST TLS: an http:// address cannot go through GOST TLS — data would travel in clear; use https://"},
	CodeClosed: {
		RU: "ГОСТ TLS: соединение закрыто",
		EN: "GOST TLS: the connection is closed"},
}

// Text returns the message of the code in both languages.
func (c ErrorCode) Text() i18n.Text { return texts[c] }

// Error is an error of this package that reaches users: Error() is in
// Russian, English() in English; Detail carries specifics.
type Error = i18n.CodedError[ErrorCode]

// Sentinels for errors.Is.
var (
	ErrConnect                = &Error{Code: CodeConnect}
	ErrNoGOSTSuite            = &Error{Code: CodeNoGOSTSuite}
	ErrDowngrade              = &Error{Code: CodeDowngrade}
	ErrUntrusted              = &Error{Code: CodeUntrusted}
	ErrExpired                = &Error{Code: CodeExpired}
	ErrNotYetValid            = &Error{Code: CodeNotYetValid}
	ErrHostMismatch           = &Error{Code: CodeHostMismatch}
	ErrBadCertificate         = &Error{Code: CodeBadCertificate}
	ErrNoTrustStore           = &Error{Code: CodeNoTrustStore}
	ErrBadRecordMAC           = &Error{Code: CodeBadRecordMAC}
	ErrTruncated              = &Error{Code: CodeTruncated}
	ErrAlert                  = &Error{Code: CodeAlert}
	ErrClientCertRequired     = &Error{Code: CodeClientCertRequired}
	ErrClientCert             = &Error{Code: CodeClientCert}
	ErrProtocol               = &Error{Code: CodeProtocol}
	ErrNoRenegotiationInfo    = &Error{Code: CodeNoRenegotiationInfo}
	ErrNoExtendedMasterSecret = &Error{Code: CodeNoExtendedMasterSecret}
	ErrPlainHTTP              = &Error{Code: CodePlainHTTP}
	ErrClosed                 = &Error{Code: CodeClosed}
)

func newErr(c ErrorCode, detail string, cause error) *Error {
	return &Error{Code: c, Detail: detail, Err: cause}
}

func protoErr(format string, a ...any) *Error {
	return newErr(CodeProtocol, fmt.Sprintf(format, a...), nil)
}

// errBadMAC is the internal MAC failure; the connection turns it into
// ErrBadRecordMAC after sending the bad_record_mac alert.
var errBadMAC = errors.New("bad record MAC")

// TLS alert descriptions (RFC 5246 §7.2) with their Russian meaning.
var alertText = map[uint8]i18n.Text{
	0:   {RU: "закрытие соединения (close_notify)", EN: "close_notify"},
	10:  {RU: "неожиданное сообщение (unexpected_message)", EN: "unexpected_message"},
	20:  {RU: "неверная имитовставка записи (bad_record_mac)", EN: "bad_record_mac"},
	22:  {RU: "слишком длинная запись (record_overflow)", EN: "record_overflow"},
	40:  {RU: "согласование не удалось (handshake_failure): нет общего набора шифров ГОСТ или сертификата", EN: "handshake_failure: no common GOST suite or certificate"},
	42:  {RU: "негодный сертификат (bad_certificate)", EN: "bad_certificate"},
	43:  {RU: "неподдерживаемый сертификат (unsupported_certificate)", EN: "unsupported_certificate"},
	44:  {RU: "сертификат отозван (certificate_revoked)", EN: "certificate_revoked"},
	45:  {RU: "срок действия сертификата истёк (certificate_expired)", EN: "certificate_expired"},
	46:  {RU: "сертификат не принят (certificate_unknown)", EN: "certificate_unknown"},
	47:  {RU: "недопустимый параметр (illegal_parameter)", EN: "illegal_parameter"},
	48:  {RU: "неизвестный УЦ (unknown_ca)", EN: "unknown_ca"},
	49:  {RU: "доступ запрещён (access_denied)", EN: "access_denied"},
	50:  {RU: "ошибка разбора сообщения (decode_error)", EN: "decode_error"},
	51:  {RU: "ошибка расшифрования (decrypt_error)", EN: "decrypt_error"},
	70:  {RU: "версия протокола не поддерживается (protocol_version)", EN: "protocol_version"},
	71:  {RU: "недостаточная защита (insufficient_security)", EN: "insufficient_security"},
	80:  {RU: "внутренняя ошибка сервера (internal_error)", EN: "internal_error"},
	90:  {RU: "отменено пользователем (user_canceled)", EN: "user_canceled"},
	100: {RU: "повторное согласование запрещено (no_renegotiation)", EN: "no_renegotiation"},
	110: {RU: "неподдерживаемое расширение (unsupported_extension)", EN: "unsupported_extension"},
	116: {RU: "требуется сертификат клиента (certificate_required)", EN: "certificate_required"},
}

// alertError is the error for a fatal alert received from the server.
func alertError(desc uint8) *Error {
	t, ok := alertText[desc]
	if !ok {
		t = i18n.Text{RU: fmt.Sprintf("оповещение %d", desc), EN: fmt.Sprintf("alert %d", desc)}
	}
	switch desc {
	case 40:
		return newErr(CodeNoGOSTSuite, "сервер: "+t.RU, nil)
	case 20:
		return newErr(CodeBadRecordMAC, "сервер: "+t.RU, nil)
	case 116:
		return newErr(CodeClientCertRequired, "сервер: "+t.RU, nil)
	}
	return newErr(CodeAlert, t.RU, nil)
}
