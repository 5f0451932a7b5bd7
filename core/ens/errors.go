package ens

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Code is the canonical (profile-independent) code of an ENS error. The
// sandbox answers with these codes under the default profile; a profile may
// map them to other wire codes (Profile.ErrorCodes).
type Code string

// Canonical error codes. Server codes follow the sandbox design (ens.md
// §8.2); the Local* codes are found by the client before it sends anything.
const (
	CodeBadRequest            Code = "BAD_REQUEST"
	CodeIPForbidden           Code = "IP_FORBIDDEN"
	CodeKeyNotFound           Code = "KEY_NOT_FOUND"
	CodeKeyExpired            Code = "KEY_EXPIRED"
	CodeKeyAlreadyUsed        Code = "KEY_ALREADY_USED"
	CodeMultipleCertificates  Code = "MULTIPLE_CERTIFICATES"
	CodeUnsupportedAlgorithm  Code = "UNSUPPORTED_ALGORITHM"
	CodeNotCAdESBES           Code = "NOT_CADES_BES"
	CodeSignatureInvalid      Code = "SIGNATURE_INVALID"
	CodeCertExpired           Code = "CERT_EXPIRED"
	CodeCertUntrusted         Code = "CERT_UNTRUSTED"
	CodeCertNoINN             Code = "CERT_NO_INN"
	CodeOperatorNotRegistered Code = "OPERATOR_NOT_REGISTERED"
	CodeMCHDInvalid           Code = "MCHD_INVALID"
	CodeMCHDMismatch          Code = "MCHD_REPRESENTATIVE_MISMATCH"
	CodeMCHDExpired           Code = "MCHD_EXPIRED"
	CodeMCHDNoPower           Code = "MCHD_NO_POWER"
	CodeTokenMissing          Code = "TOKEN_MISSING"
	CodeTokenMalformed        Code = "TOKEN_MALFORMED"
	CodeTokenExpired          Code = "TOKEN_EXPIRED"
	CodeTokenInvalid          Code = "TOKEN_INVALID"
	CodeINNInvalid            Code = "INN_INVALID"
	CodeDateRangeInvalid      Code = "DATE_RANGE_INVALID"
	CodeNoConsent             Code = "NO_CONSENT"
	CodeTaxpayerNotFound      Code = "TAXPAYER_NOT_FOUND"
	CodeRateLimited           Code = "RATE_LIMITED"
	CodeMaintenance           Code = "MAINTENANCE"
	CodeServer                Code = "SERVER_ERROR"

	// Client-side codes.
	CodeProtocol Code = "PROTOCOL" // the answer does not match the profile
	CodeNetwork  Code = "NETWORK"  // no answer (connection, TLS, proxy)
	CodeSigner   Code = "SIGNER"   // the Signer failed
	CodeConfig   Code = "CONFIG"   // the client or profile is misconfigured
	CodeUnknown  Code = "UNKNOWN"  // a server code the profile does not know
)

// messages holds, per code, what happened and what the user should do (ru).
var messages = map[Code][2]string{
	CodeBadRequest:            {"сервер ЕНС не принял запрос", "Проверьте профиль протокола (поля и формат запроса) и повторите."},
	CodeIPForbidden:           {"доступ к API ЕНС с этого IP-адреса запрещён", "Подключайтесь с белого IP-адреса, сообщённого в ФНС (utaapi@gnivc.ru), или через настроенный прокси/туннель."},
	CodeKeyNotFound:           {"временный ключ не найден на сервере", "Повторите вход: будет получен новый ключ."},
	CodeKeyExpired:            {"временный ключ деактивирован (истекло время его действия)", "Повторите вход; если ошибка повторяется, проверьте часы компьютера."},
	CodeKeyAlreadyUsed:        {"временный ключ уже использован (ключи одноразовые)", "Повторите вход: будет получен новый ключ."},
	CodeMultipleCertificates:  {"в подписи больше одного сертификата", "API ЕНС принимает подпись ровно с одним сертификатом: подпишите без цепочки сертификатов (только сертификат подписанта)."},
	CodeUnsupportedAlgorithm:  {"подпись сделана не по ГОСТ Р 34.10-2012 (256 бит)", "Выберите квалифицированный сертификат с ключом ГОСТ Р 34.10-2012 (256)."},
	CodeNotCAdESBES:           {"подпись не в формате CAdES-BES", "Средство подписи должно формировать CAdES-BES с атрибутом signingCertificateV2."},
	CodeSignatureInvalid:      {"подпись временного ключа неверна", "Повторите вход; проверьте, что профиль указывает, какие байты подписываются и прикреплённая ли подпись."},
	CodeCertExpired:           {"срок действия сертификата истёк или ещё не наступил", "Выберите действующий квалифицированный сертификат."},
	CodeCertUntrusted:         {"сертификат выдан не аккредитованным (недоверенным) УЦ", "Выберите квалифицированный сертификат аккредитованного удостоверяющего центра."},
	CodeCertNoINN:             {"в сертификате нет ИНН", "Выберите квалифицированный сертификат, в котором указан ИНН (атрибут ИНН или ИНН ЮЛ)."},
	CodeOperatorNotRegistered: {"ИНН из сертификата не зарегистрирован для доступа к API ЕНС", "Зарегистрируйте ИНН и белые IP-адреса в ФНС (utaapi@gnivc.ru) или войдите сертификатом зарегистрированной организации."},
	CodeMCHDInvalid:           {"машиночитаемая доверенность не принята", "Проверьте файл МЧД (формат 003, EMCHD_1) и его подпись."},
	CodeMCHDMismatch:          {"представитель в МЧД не совпадает с владельцем сертификата", "Подпишите вход сертификатом лица, указанного в МЧД как представитель."},
	CodeMCHDExpired:           {"срок действия МЧД истёк или ещё не наступил", "Оформите новую доверенность или проверьте даты запроса."},
	CodeMCHDNoPower:           {"в МЧД нет полномочия на получение сведений ЕНС", "Оформите МЧД с нужным полномочием (например, 2_FNS99)."},
	CodeTokenMissing:          {"сессионный токен не передан", "Выполните вход (gosctl ens login)."},
	CodeTokenMalformed:        {"сессионный токен повреждён", "Проверьте в профиле заголовок токена и вариант base64url (с дополнением '=' или без), затем войдите заново."},
	CodeTokenExpired:          {"срок действия сессии истёк", "Выполните вход заново."},
	CodeTokenInvalid:          {"сессия не найдена на сервере", "Выполните вход заново."},
	CodeINNInvalid:            {"ИНН указан неверно (не сходится контрольная сумма)", "Проверьте ИНН: 10 цифр для организации, 12 — для физического лица или ИП."},
	CodeDateRangeInvalid:      {"неверный период", "Дата начала должна быть не позже даты окончания, а период — не длиннее допустимого."},
	CodeNoConsent:             {"нет действующего согласия налогоплательщика на раскрытие сведений оператору", "Налогоплательщик должен подать согласие (формат 5.03, код комплекта сведений 21001, признак представления 2) на ИНН оператора."},
	CodeTaxpayerNotFound:      {"налогоплательщик с таким ИНН не найден", "Проверьте ИНН."},
	CodeRateLimited:           {"слишком много запросов к API ЕНС", "Подождите и повторите запрос."},
	CodeMaintenance:           {"API ЕНС на техническом обслуживании", "Повторите запрос позже."},
	CodeServer:                {"внутренняя ошибка сервера ЕНС", "Повторите запрос позже."},
	CodeProtocol:              {"ответ сервера ЕНС не соответствует профилю протокола", "Проверьте профиль (поля ответа, формат дат и сумм) или обновите его."},
	CodeNetwork:               {"нет связи с сервером ЕНС", "Проверьте адрес сервера, сеть, настройки TLS и прокси/туннеля ГОСТ TLS."},
	CodeSigner:                {"не удалось подписать временный ключ", "Проверьте, что ключевой носитель подключён и сертификат выбран верно."},
	CodeConfig:                {"неверная настройка клиента ЕНС", "Исправьте настройки или профиль протокола."},
	CodeUnknown:               {"сервер ЕНС вернул неизвестную ошибку", "Повторите запрос; если ошибка повторяется, обратитесь в поддержку."},
}

// messagesEN is messages in English: what happened, what to do.
var messagesEN = map[Code][2]string{
	CodeBadRequest:            {"the ENS server did not accept the request", "Check the protocol profile (the request's fields and format) and try again."},
	CodeIPForbidden:           {"access to the ENS API from this IP address is forbidden", "Connect from a whitelisted IP address registered with the FTS (utaapi@gnivc.ru), or through the configured proxy or tunnel."},
	CodeKeyNotFound:           {"the server does not know the temporary key", "Sign in again: a new key will be issued."},
	CodeKeyExpired:            {"the temporary key is deactivated (its time ran out)", "Sign in again; if the error repeats, check the computer's clock."},
	CodeKeyAlreadyUsed:        {"the temporary key was used already (keys are single-use)", "Sign in again: a new key will be issued."},
	CodeMultipleCertificates:  {"the signature carries more than one certificate", "The ENS API takes a signature with exactly one certificate: sign without the certificate chain (the signer's certificate only)."},
	CodeUnsupportedAlgorithm:  {"the signature is not GOST R 34.10-2012 (256 bits)", "Choose a qualified certificate with a GOST R 34.10-2012 (256) key."},
	CodeNotCAdESBES:           {"the signature is not CAdES-BES", "The signing tool must make CAdES-BES with the signingCertificateV2 attribute."},
	CodeSignatureInvalid:      {"the signature of the temporary key is invalid", "Sign in again; check that the profile says which bytes are signed and whether the signature is attached."},
	CodeCertExpired:           {"the certificate has expired or is not valid yet", "Choose a valid qualified certificate."},
	CodeCertUntrusted:         {"the certificate was issued by a CA that is not accredited (untrusted)", "Choose a qualified certificate of an accredited certification authority."},
	CodeCertNoINN:             {"the certificate has no INN", "Choose a qualified certificate that names an INN (the INN or the organisation's INN attribute)."},
	CodeOperatorNotRegistered: {"the INN of the certificate is not registered for the ENS API", "Register the INN and the whitelisted IP addresses with the FTS (utaapi@gnivc.ru), or sign in with the certificate of a registered organisation."},
	CodeMCHDInvalid:           {"the machine-readable power of attorney was not accepted", "Check the MCHD file (format 003, EMCHD_1) and its signature."},
	CodeMCHDMismatch:          {"the representative in the MCHD is not the certificate's owner", "Sign in with the certificate of the person the MCHD names as the representative."},
	CodeMCHDExpired:           {"the MCHD has expired or is not valid yet", "Issue a new power of attorney or check the dates asked for."},
	CodeMCHDNoPower:           {"the MCHD grants no power to read ENS data", "Issue an MCHD with the power needed (for example, 2_FNS99)."},
	CodeTokenMissing:          {"no session token was sent", "Sign in (gosctl ens login)."},
	CodeTokenMalformed:        {"the session token is damaged", "Check the token header and the base64url variant (with '=' padding or without) in the profile, then sign in again."},
	CodeTokenExpired:          {"the session has expired", "Sign in again."},
	CodeTokenInvalid:          {"the server does not know the session", "Sign in again."},
	CodeINNInvalid:            {"the INN is wrong (its check digits do not match)", "Check the INN: 10 digits for an organisation, 12 for an individual or a sole proprietor."},
	CodeDateRangeInvalid:      {"the period is wrong", "The start must not be after the end, and the period must not be longer than allowed."},
	CodeNoConsent:             {"the taxpayer has not consented to disclose the data to the operator", "The taxpayer must file a consent (format 5.03, data set code 21001, disclosure flag 2) naming the operator's INN."},
	CodeTaxpayerNotFound:      {"no taxpayer with this INN", "Check the INN."},
	CodeRateLimited:           {"too many requests to the ENS API", "Wait and try again."},
	CodeMaintenance:           {"the ENS API is under maintenance", "Try again later."},
	CodeServer:                {"internal error of the ENS server", "Try again later."},
	CodeProtocol:              {"the ENS server's answer does not match the protocol profile", "Check the profile (the answer's fields, the date and amount formats) or update it."},
	CodeNetwork:               {"no connection to the ENS server", "Check the server address, the network, the TLS settings and the GOST TLS proxy or tunnel."},
	CodeSigner:                {"the temporary key could not be signed", "Check that the key carrier is connected and the right certificate is chosen."},
	CodeConfig:                {"the ENS client is set up wrongly", "Correct the settings or the protocol profile."},
	CodeUnknown:               {"the ENS server returned an unknown error", "Try again; if the error repeats, contact support."},
}

// Error is an error of API ЕНС or of this client. Error() is a Russian
// sentence saying what happened and what to do; compare with errors.Is
// against the Err* sentinels (by Code).
type Error struct {
	Code          Code
	HTTPStatus    int           // 0 when found locally
	ServerCode    string        // the wire code, as the server sent it
	ServerMessage string        // the server's text, if any
	RetryAfter    time.Duration // from Retry-After, if any
	Local         bool          // found by the client before sending
	Detail        string        // specifics (a name, a date)
	DetailEN      string        // Detail in English; empty: Detail has no words to translate
	Err           error         // underlying cause, may be nil
}

// Sentinels for errors.Is.
var (
	ErrBadRequest            = &Error{Code: CodeBadRequest}
	ErrIPForbidden           = &Error{Code: CodeIPForbidden}
	ErrKeyNotFound           = &Error{Code: CodeKeyNotFound}
	ErrKeyExpired            = &Error{Code: CodeKeyExpired}
	ErrKeyAlreadyUsed        = &Error{Code: CodeKeyAlreadyUsed}
	ErrMultipleCertificates  = &Error{Code: CodeMultipleCertificates}
	ErrUnsupportedAlgorithm  = &Error{Code: CodeUnsupportedAlgorithm}
	ErrNotCAdESBES           = &Error{Code: CodeNotCAdESBES}
	ErrSignatureInvalid      = &Error{Code: CodeSignatureInvalid}
	ErrCertExpired           = &Error{Code: CodeCertExpired}
	ErrCertUntrusted         = &Error{Code: CodeCertUntrusted}
	ErrCertNoINN             = &Error{Code: CodeCertNoINN}
	ErrOperatorNotRegistered = &Error{Code: CodeOperatorNotRegistered}
	ErrMCHDInvalid           = &Error{Code: CodeMCHDInvalid}
	ErrMCHDMismatch          = &Error{Code: CodeMCHDMismatch}
	ErrMCHDExpired           = &Error{Code: CodeMCHDExpired}
	ErrMCHDNoPower           = &Error{Code: CodeMCHDNoPower}
	ErrTokenMissing          = &Error{Code: CodeTokenMissing}
	ErrTokenMalformed        = &Error{Code: CodeTokenMalformed}
	ErrTokenExpired          = &Error{Code: CodeTokenExpired}
	ErrTokenInvalid          = &Error{Code: CodeTokenInvalid}
	ErrINNInvalid            = &Error{Code: CodeINNInvalid}
	ErrDateRangeInvalid      = &Error{Code: CodeDateRangeInvalid}
	ErrNoConsent             = &Error{Code: CodeNoConsent}
	ErrTaxpayerNotFound      = &Error{Code: CodeTaxpayerNotFound}
	ErrRateLimited           = &Error{Code: CodeRateLimited}
	ErrMaintenance           = &Error{Code: CodeMaintenance}
	ErrServer                = &Error{Code: CodeServer}
	ErrProtocol              = &Error{Code: CodeProtocol}
	ErrNetwork               = &Error{Code: CodeNetwork}
	ErrSigner                = &Error{Code: CodeSigner}
	ErrConfig                = &Error{Code: CodeConfig}
	ErrUnknown               = &Error{Code: CodeUnknown}
)

// Message is the Russian description of what happened.
func (e *Error) Message() string { return e.MessageIn(i18n.RU) }

// Hint is the Russian advice on what to do.
func (e *Error) Hint() string { return e.HintIn(i18n.RU) }

// text is what happened and what to do in language l.
func (e *Error) text(l i18n.Lang) [2]string {
	table := messages
	if l == i18n.EN {
		table = messagesEN
	}
	if m, ok := table[e.Code]; ok {
		return m
	}
	return table[CodeUnknown]
}

// MessageIn describes what happened in language l.
func (e *Error) MessageIn(l i18n.Lang) string { return e.text(l)[0] }

// HintIn is the advice on what to do in language l.
func (e *Error) HintIn(l i18n.Lang) string { return e.text(l)[1] }

// DetailIn is the specifics in language l.
func (e *Error) DetailIn(l i18n.Lang) string {
	if l == i18n.EN && e.DetailEN != "" {
		return e.DetailEN
	}
	return e.Detail
}

// Error is the Russian sentence: what happened, then what to do.
func (e *Error) Error() string { return e.Localize(i18n.RU) }

// Localize says the error in language l (i18n.Localized): what happened,
// the specifics, the server's words, the cause, then what to do.
func (e *Error) Localize(l i18n.Lang) string {
	en := l == i18n.EN
	s := "ЕНС: "
	if en {
		s = "ENS: "
	}
	s += e.MessageIn(l)
	if d := e.DetailIn(l); d != "" {
		s += " (" + d + ")"
	}
	if e.ServerMessage != "" && e.ServerMessage != e.Message() {
		if en {
			s += "; server: “" + e.ServerMessage + "”"
		} else {
			s += "; сервер: «" + e.ServerMessage + "»"
		}
	}
	if e.Err != nil {
		s += ": " + i18n.MessageIn(l, e.Err)
	}
	s += ". " + e.HintIn(l)
	if e.RetryAfter > 0 {
		secs := strconv.Itoa(int((e.RetryAfter + time.Second - 1) / time.Second))
		if en {
			s += " Retry in " + secs + " s."
		} else {
			s += " Повторить можно через " + secs + " с."
		}
	}
	if e.HTTPStatus != 0 || e.ServerCode != "" {
		s += fmt.Sprintf(" [HTTP %d %s]", e.HTTPStatus, e.ServerCode)
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// localError is an error found by the client; ru and en are the formats
// of its specifics in both languages (the same arguments).
func localError(code Code, err error, ru, en string, args ...any) *Error {
	e := &Error{Code: code, Local: true, Err: err, Detail: fmt.Sprintf(ru, args...)}
	if en != ru {
		e.DetailEN = fmt.Sprintf(en, args...)
	}
	return e
}
