package esia

import (
	"fmt"
	"net/http"
	"strings"
)

// Error is an error answered by ЕСИА. Code is "ESIA-NNNNNN" when the answer
// carried one (error_description starts with it).
type Error struct {
	HTTPStatus  int
	Code        string // "ESIA-007014", or "" when unknown
	OAuthError  string // "invalid_request", … (OAuth2 "error")
	Description string // error_description as received
	State       string
}

func (e *Error) Error() string {
	s := "ЕСИА: "
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf("HTTP %d: ", e.HTTPStatus)
	}
	if t, ok := esiaText[e.Code]; ok {
		return s + e.Code + ": " + t
	}
	if e.Code != "" {
		return s + e.Code + ": " + e.Description
	}
	switch e.HTTPStatus {
	case http.StatusNotFound:
		return s + "API-ключ не найден или заблокирован"
	case http.StatusUnauthorized, http.StatusForbidden:
		return s + "подпись API-ключа не принята"
	}
	if e.Description != "" {
		return s + e.Description
	}
	return s + "неизвестная ошибка ЕСИА"
}

// Is matches sentinels by Code, or by HTTP status for sentinels without one.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	if t.Code != "" {
		return t.Code == e.Code
	}
	return t.HTTPStatus != 0 && t.HTTPStatus == e.HTTPStatus
}

// Text returns the Russian text of an ESIA-NNNNNN code, "" if unknown.
func Text(code string) string { return esiaText[code] }

// ParseCode takes the ESIA-NNNNNN prefix of an error_description.
func ParseCode(desc string) string {
	desc = strings.TrimSpace(desc)
	if len(desc) >= 11 && strings.HasPrefix(desc, "ESIA-") {
		code := desc[:11]
		for _, r := range code[5:] {
			if r < '0' || r > '9' {
				return ""
			}
		}
		return code
	}
	return ""
}

// Sentinels of the most common codes.
var (
	ErrBadCertificate  = &Error{Code: "ESIA-007002"}
	ErrBadRequest      = &Error{Code: "ESIA-007003"}
	ErrDenied          = &Error{Code: "ESIA-007004"}
	ErrBadScope        = &Error{Code: "ESIA-007006"}
	ErrBadCode         = &Error{Code: "ESIA-007011"}
	ErrMissingParam    = &Error{Code: "ESIA-007014"}
	ErrBadTimestamp    = &Error{Code: "ESIA-007015"}
	ErrBadRedirectURI  = &Error{Code: "ESIA-007023"}
	ErrBadClientSecret = &Error{Code: "ESIA-007053"}
	ErrClientAuth      = &Error{Code: "ESIA-008010"}
	ErrAPIKeyNotFound  = &Error{HTTPStatus: http.StatusNotFound}
	ErrAPIKeySignature = &Error{HTTPStatus: http.StatusBadRequest}
	ErrStateMismatch   = fmt.Errorf("ЕСИА: параметр state ответа не совпадает с отправленным")
	ErrNoAccessToken   = fmt.Errorf("ЕСИА: в ответе нет маркера доступа")
)

// esiaText: Russian texts of ESIA error codes (ЕСИА methodology, OAuth 2.0
// errors of the authorisation service; wording ours).
var esiaText = map[string]string{
	"ESIA-007002": "сертификат не соответствует мнемонике информационной системы или не зарегистрирован в ЕСИА",
	"ESIA-007003": "в запросе нет обязательного параметра, есть неверное значение или параметр повторён",
	"ESIA-007004": "владелец ресурса или сервис авторизации отклонил запрос",
	"ESIA-007005": "система-клиент не вправе получать маркер доступа этим методом",
	"ESIA-007006": "запрошенная область доступа (scope) неверна или неизвестна",
	"ESIA-007007": "неожиданная ошибка сервиса авторизации",
	"ESIA-007008": "сервис авторизации перегружен или на нём идут технические работы",
	"ESIA-007009": "сервис авторизации не выдаёт маркер доступа этим методом",
	"ESIA-007011": "авторизационный код или маркер обновления недействителен, просрочен, отозван или выдан другой системе",
	"ESIA-007012": "тип авторизационного кода не поддерживается",
	"ESIA-007013": "в запросе не указана область доступа (scope)",
	"ESIA-007014": "в запросе нет обязательного параметра",
	"ESIA-007015": "неверное время запроса (timestamp)",
	"ESIA-007019": "нет разрешения на доступ",
	"ESIA-007023": "redirect_uri не входит в разрешённые для информационной системы",
	"ESIA-007038": "не удалось прочитать параметры запроса",
	"ESIA-007039": "в запросе на /v2/ac не было параметра code_challenge",
	"ESIA-007040": "исходное и контрольное значения не совпали",
	"ESIA-007046": "scope требует двухфакторной аутентификации, недоступной пользователю",
	"ESIA-007053": "client_secret сформирован неверно: не соответствует сертификату или системе, либо сертификат не активен",
	"ESIA-007055": "вход с неподтверждённой учётной записью",
	"ESIA-007060": "неверное значение параметра roles",
	"ESIA-007061": "неверное значение параметра obj_type",
	"ESIA-007062": "неверно указан тип или роль пользователя",
	"ESIA-007194": "запрошена область доступа организации, сотрудником которой пользователь не является",
	"ESIA-008010": "не удалось аутентифицировать систему-клиента",
	"ESIA-036700": "ошибка в параметре permissions: согласие не может быть выдано",
	"ESIA-036701": "в permissions не указана система-получатель согласия",
	"ESIA-036702": "в permissions указан неизвестный тип согласия",
	"ESIA-036703": "в permissions не указаны действия",
	"ESIA-036704": "в permissions указано неизвестное действие",
	"ESIA-036705": "в permissions не указаны области доступа",
	"ESIA-036706": "в permissions указана неизвестная область доступа",
	"ESIA-036707": "в permissions не указана ни одна цель",
	"ESIA-036716": "неверный срок действия согласия",
	"ESIA-036726": "указанная цель согласия не существует",
	"ESIA-036727": "нужно указать одну цель согласия",
}
