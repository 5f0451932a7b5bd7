package ens

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gosdesk/gosdesk/core/i18n"
)

func hasCyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// Every error says what happened and what to do in English too, without
// Russian words (ENS, INN, MCHD: the English UI's terms).
func TestErrorsInEnglish(t *testing.T) {
	for code, ru := range messages {
		en, ok := messagesEN[code]
		if !ok {
			t.Errorf("%s: no English text", code)
			continue
		}
		for i, s := range en {
			if s == "" || hasCyrillic(s) {
				t.Errorf("%s: English %q (Russian %q)", code, s, ru[i])
			}
		}
	}
	if len(messagesEN) != len(messages) {
		t.Errorf("%d English texts for %d codes", len(messagesEN), len(messages))
	}
	e := &Error{Code: CodeRateLimited, HTTPStatus: 429, ServerCode: "RATE_LIMITED", ServerMessage: "slow down", RetryAfter: 1500 * time.Millisecond}
	if got, want := e.Localize(i18n.EN), "ENS: too many requests to the ENS API; server: “slow down”. Wait and try again. Retry in 2 s. [HTTP 429 RATE_LIMITED]"; got != want {
		t.Errorf("English:\n%s\nwant\n%s", got, want)
	}
	if got, want := e.Error(), "ЕНС: слишком много запросов к API ЕНС; сервер: «slow down». Подождите и повторите запрос. Повторить можно через 2 с. [HTTP 429 RATE_LIMITED]"; got != want {
		t.Errorf("Russian:\n%s\nwant\n%s", got, want)
	}
	// the specifics of an error found here are said in both languages
	le := localError(CodeDateRangeInvalid, nil, "не больше %d дней", "at most %d days", 366)
	if got := i18n.MessageIn(i18n.EN, le); got != "ENS: the period is wrong (at most 366 days). The start must not be after the end, and the period must not be longer than allowed." {
		t.Errorf("local error in English: %s", got)
	}
	if !strings.Contains(le.Error(), "(не больше 366 дней)") || !errors.Is(le, ErrDateRangeInvalid) {
		t.Errorf("local error in Russian: %s", le.Error())
	}
}
