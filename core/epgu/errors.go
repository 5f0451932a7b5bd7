package epgu

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Error is an error answered by API ЕПГУ: an HTTP status without a body
// (204, 401, 429, 502–504) or a status with the JSON body of Appendix 4
// ({"code","message"}).
//
// Errors compare with errors.Is against the sentinels below: a sentinel with
// a Code matches any Error with that code; a sentinel without a Code matches
// by HTTP status.
type Error struct {
	// HTTPStatus is the HTTP status code of the answer.
	HTTPStatus int
	// Code is the Appendix 4 error code ("bad_request", …), empty if none.
	Code string
	// Message is the server's message text, empty if none.
	Message string
	// RetryAfter is the Retry-After delay the server asked for, if any.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	s := "ЕПГУ: "
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf("HTTP %d: ", e.HTTPStatus)
	}
	desc := e.Description()
	s += desc
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.Message != "" && e.Message != desc {
		s += ": " + e.Message
	}
	return s
}

// Description is the Russian description of the error from the spec's
// Appendix 4 (by Code, else by HTTP status).
func (e *Error) Description() string {
	if d, ok := codeText[e.Code]; ok {
		return d
	}
	if d, ok := statusText[e.HTTPStatus]; ok {
		return d
	}
	if e.Code != "" {
		return "неизвестная ошибка"
	}
	return http.StatusText(e.HTTPStatus)
}

// Is reports whether target is a sentinel this error matches.
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

// Temporary reports whether the request may be repeated later
// (429, 502, 503, 504).
func (e *Error) Temporary() bool {
	switch e.HTTPStatus {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Sentinels by HTTP status (spec v1.13, Appendix 4, first table).
var (
	ErrNotFound           = &Error{HTTPStatus: http.StatusNoContent}        // 204 Заявление не найдено
	ErrBadRequest         = &Error{HTTPStatus: http.StatusBadRequest}       // 400
	ErrUnauthorized       = &Error{HTTPStatus: http.StatusUnauthorized}     // 401 Отказ в доступе
	ErrForbidden          = &Error{HTTPStatus: http.StatusForbidden}        // 403
	ErrURLNotFound        = &Error{HTTPStatus: http.StatusNotFound}         // 404
	ErrMethodNotAllowed   = &Error{HTTPStatus: http.StatusMethodNotAllowed} // 405 (cancel example, §5)
	ErrConflict           = &Error{HTTPStatus: http.StatusConflict}         // 409
	ErrTooManyRequests    = &Error{HTTPStatus: http.StatusTooManyRequests}  // 429
	ErrInternal           = &Error{HTTPStatus: http.StatusInternalServerError}
	ErrBadGateway         = &Error{HTTPStatus: http.StatusBadGateway}         // 502
	ErrServiceUnavailable = &Error{HTTPStatus: http.StatusServiceUnavailable} // 503
	ErrGatewayTimeout     = &Error{HTTPStatus: http.StatusGatewayTimeout}     // 504
)

// Sentinels by Appendix 4 error code.
var (
	ErrAccessDeniedPersonPermissions = &Error{Code: "access_denied_person_permissions"}
	ErrAccessDeniedPersonalData      = &Error{Code: "access_denied_personal_data"}
	ErrAccessDeniedService           = &Error{Code: "access_denied_service"}
	ErrAccessDeniedSystem            = &Error{Code: "access_denied_system"}
	ErrAccessDeniedUser              = &Error{Code: "access_denied_user"}
	ErrAccessDeniedUserLegal         = &Error{Code: "access_denied_user_legal"}
	ErrBadDelegation                 = &Error{Code: "bad_delegation"}
	ErrCodeBadRequest                = &Error{Code: "bad_request"}
	ErrCancelNotAllowed              = &Error{Code: "cancel_not_allowed"}
	ErrConfigDelegation              = &Error{Code: "config_delegation"}
	ErrCodeInternal                  = &Error{Code: "internal_error"}
	ErrLimitation                    = &Error{Code: "limitation_exception"}
	ErrCodeNotFound                  = &Error{Code: "not_found"}
	ErrOrderAccess                   = &Error{Code: "order_access"}
	ErrPushDenied                    = &Error{Code: "push_denied"}
	ErrServiceNotFound               = &Error{Code: "service_not_found"}
)

// Client-side errors (no server answer involved).
var (
	// ErrChunkWindowExpired: the 5-minute window for all chunks of one
	// order (spec v1.13 §2.1.3) passed before the last chunk was sent.
	ErrChunkWindowExpired = errors.New("ЕПГУ: истекло 5 минут на передачу всех частей архива")
	// ErrArchiveTooLarge: /push accepts at most 50,000,000 bytes (§2.1.4).
	ErrArchiveTooLarge = errors.New("ЕПГУ: архив больше 50 000 000 байт, используйте резервирование номера и загрузку частями")
	// ErrBadChunkSize: chunk size outside 5,000,000…50,000,000 bytes (§2.1.3).
	ErrBadChunkSize = errors.New("ЕПГУ: размер части должен быть от 5 000 000 до 50 000 000 байт")
	// ErrUnexpectedAnswer: a 2xx answer that breaks the contract (wrong
	// orderId, 200 instead of 206, undecodable JSON).
	ErrUnexpectedAnswer = errors.New("ЕПГУ: неожиданный ответ сервера")
)

// codeText: Appendix 4, descriptions of error codes (spec v1.13).
var codeText = map[string]string{
	"access_denied_person_permissions": "Пользователь не дал согласие Вашей системе на выполнение данной операции",
	"access_denied_personal_data":      "Доступ к файлам запрещен, так как в них имеются персональные данные",
	"access_denied_service":            "Доступ ВИС к запрашиваемой услуге запрещен",
	"access_denied_system":             "Доступ запрещен для ВИС, отправляющей запрос",
	"access_denied_user":               "Доступ запрещен для данного типа пользователя",
	"access_denied_user_legal":         "Токен получен для организации, которая не является владельцем ВИС",
	"bad_delegation":                   "Нет необходимых полномочий для создания заявления",
	"bad_request":                      "Ошибка в параметрах запроса",
	"cancel_not_allowed":               "Отмена заявления в текущем статусе невозможна",
	"config_delegation":                "Полномочие для создания и подачи заявления по заданной услуге не существует",
	"internal_error":                   "Произошла ошибка в обработке заявления",
	"limitation_exception":             "Превышение установленных ограничений (Приложение 3 к Спецификации)",
	"not_found":                        "Заявление не найдено",
	"order_access":                     "У пользователя нет прав для работы с текущим заявлением",
	"push_denied":                      "Нет прав для отправки заявления: отправить может только руководитель организации или сотрудник с доверенностью",
	"service_not_found":                "Не найдена услуга, заданная кодом serviceCode в запросе",
}

// statusText: Appendix 4, first table, plus the statuses with a JSON body.
var statusText = map[int]string{
	http.StatusNoContent:           "Заявление не найдено",
	http.StatusBadRequest:          "Неверные параметры",
	http.StatusUnauthorized:        "Отказ в доступе: нужен новый маркер доступа",
	http.StatusForbidden:           "Доступ запрещен",
	http.StatusNotFound:            "Адрес не найден",
	http.StatusMethodNotAllowed:    "Операция невозможна",
	http.StatusConflict:            "Невозможно обработать запрос",
	http.StatusTooManyRequests:     "Слишком много запросов",
	http.StatusInternalServerError: "Внутренняя ошибка",
	http.StatusBadGateway:          "Некорректный шлюз",
	http.StatusServiceUnavailable:  "Сервис недоступен",
	http.StatusGatewayTimeout:      "Шлюз не отвечает",
}

// Codes lists every Appendix 4 error code (spec v1.13).
func Codes() []string {
	return []string{
		"access_denied_person_permissions", "access_denied_personal_data", "access_denied_service",
		"access_denied_system", "access_denied_user", "access_denied_user_legal", "bad_delegation",
		"bad_request", "cancel_not_allowed", "config_delegation", "internal_error",
		"limitation_exception", "not_found", "order_access", "push_denied", "service_not_found",
	}
}
