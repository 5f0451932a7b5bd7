package i18n

import (
	"errors"
	"fmt"
	"testing"
)

func TestLanguageSwitchAndWrappedMessages(t *testing.T) {
	defer Set(Current())
	Set(RU)
	base := New("файл не найден", "file not found")
	err := fmt.Errorf("open: %w", Wrap(base, "не удалось подписать", "cannot sign"))
	if got := Message(err); got != "не удалось подписать: файл не найден" {
		t.Fatalf("RU message = %q", got)
	}
	Set(EN)
	if got := Message(err); got != "cannot sign: file not found" {
		t.Fatalf("EN message = %q", got)
	}
	if !errors.Is(err, base) {
		t.Fatal("wrapped error lost")
	}
	if got := Message(errors.New("plain")); got != "plain" {
		t.Fatalf("plain = %q", got)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"ru": RU, "RU_ru.UTF-8": RU, "en": EN, "en_US.UTF-8": EN} {
		if l, ok := Parse(in); !ok || l != want {
			t.Errorf("Parse(%q) = %q, %v", in, l, ok)
		}
	}
	if _, ok := Parse("de"); ok {
		t.Error("de accepted")
	}
}

type ruErr struct{}

func (ruErr) Error() string   { return "сертификат истёк" }
func (ruErr) English() string { return "certificate expired" }

func TestErrorsWithEnglishMethod(t *testing.T) {
	defer Set(Current())
	err := fmt.Errorf("ctx: %w", ruErr{})
	Set(RU)
	if Message(err) != "сертификат истёк" {
		t.Error(Message(err))
	}
	Set(EN)
	if Message(err) != "certificate expired" {
		t.Error(Message(err))
	}
}

func TestComposeSaysTheCauseInTheSameLanguage(t *testing.T) {
	cause := fmt.Errorf("wrapped: %w", ruErr{})
	if got := Compose(EN, "cannot sign", "doc.xml", cause); got != "cannot sign: doc.xml: certificate expired" {
		t.Error(got)
	}
	if got := Compose(RU, "не удалось подписать", "", ruErr{}); got != "не удалось подписать: сертификат истёк" {
		t.Error(got)
	}
	if got := Compose(EN, "x", "", nil); got != "x" {
		t.Error(got)
	}
}
