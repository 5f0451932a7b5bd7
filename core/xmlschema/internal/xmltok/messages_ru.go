package xmltok

import (
	"fmt"
	"strings"
)

// ruFormats translates every message format of the tokenizer, so that a
// Russian user never sees English parser text (issue 13, item 15). A
// format missing here gets ruFallback. Explicit argument indexes let a
// translation drop an argument that would carry English text.
var ruFormats = map[string]string{
	"unexpected EOF":                                                    "документ оборван: неожиданный конец данных",
	"unexpected EOF in CDATA section":                                   "документ оборван внутри секции CDATA",
	"token larger than %d bytes":                                        "слишком длинный фрагмент: больше %d байт",
	"reference outside the document element":                            "ссылка на символ или сущность вне корневого элемента",
	"non-ASCII text outside the document element":                       "текст вне корневого элемента",
	"text outside the document element":                                 "текст вне корневого элемента",
	"invalid XML name: %s":                                              "недопустимое имя XML: %s",
	"extra content after the document element":                          "лишнее содержимое после корневого элемента (в документе может быть только один корневой элемент)",
	"elements nested deeper than %d":                                    "вложенность элементов глубже %d",
	"expected element name after <":                                     "после < ожидается имя элемента",
	"name %s has more than one colon":                                   "в имени %s больше одного двоеточия",
	"expected /> in element":                                            "в теге элемента ожидается />",
	"white space expected before attribute":                             "перед атрибутом нужен пробел",
	"expected attribute name in element":                                "в теге элемента ожидается имя атрибута",
	"attribute %s given twice":                                          "атрибут %s указан дважды",
	"attribute name without = in element":                               "после имени атрибута нет знака =",
	"unquoted or missing attribute value in element":                    "значение атрибута не в кавычках или отсутствует",
	"start tag larger than %d bytes":                                    "начальный тег длиннее %d байт",
	"unescaped < inside quoted string":                                  "символ < в значении атрибута (замените его на &lt;)",
	"illegal character code %U":                                         "недопустимый в XML символ %U",
	"invalid UTF-8":                                                     "неверная последовательность UTF-8 (файл в другой кодировке? укажите её в <?xml … encoding=\"…\"?>)",
	"invalid character entity %s (no semicolon)":                        "неверная ссылка %s (нет точки с запятой; символ & пишется как &amp;)",
	"invalid character entity %s":                                       "неверная ссылка на символ или сущность %s (символ & пишется как &amp;)",
	"character reference to a non-character %s":                         "ссылка на недопустимый в XML символ %s",
	"entity %s: %v":                                                     "сущность %[1]s содержит недопустимые символы",
	"expected element name after </":                                    "после </ ожидается имя элемента",
	"invalid characters between </%s and >":                             "лишние символы между </%s и >",
	"unexpected end tag":                                                "закрывающий тег без открывающего",
	"end tag </%s> does not match <%s>":                                 "закрывающий тег </%s> не соответствует открытому <%s>",
	"unescaped ]]> not in CDATA section":                                "последовательность ]]> вне секции CDATA",
	"CDATA section outside the document element":                        "секция CDATA вне корневого элемента",
	"invalid markup after <!":                                           "неверная разметка после <!",
	`invalid sequence "--" not allowed in comments`:                     "в комментарии недопустимо «--»",
	"illegal character code %U in a comment":                            "недопустимый в XML символ %U в комментарии",
	"expected target name after <?":                                     "после <? ожидается имя инструкции",
	"XML declaration allowed only at the start of the document":         "объявление <?xml …?> допускается только в самом начале документа",
	"processing instruction target %s is reserved":                      "имя инструкции обработки %s зарезервировано",
	"white space expected after the target of a processing instruction": "после имени инструкции обработки нужен пробел",
	"illegal character code %U in a processing instruction":             "недопустимый в XML символ %U в инструкции обработки",
	"DOCTYPE after the document element":                                "DOCTYPE после корневого элемента",
	"more than one DOCTYPE":                                             "больше одного DOCTYPE",
	"DOCTYPE larger than %d bytes":                                      "DOCTYPE длиннее %d байт",
	"illegal character code %U in the DOCTYPE":                          "недопустимый в XML символ %U в DOCTYPE",
	"malformed XML declaration: %s":                                     "неверное объявление <?xml …?>: %s",
	"unsupported XML version %q":                                        "неподдерживаемая версия XML %q",
	"encoding %q declared but no charset reader given":                  "кодировка %q не поддерживается",
	"opening charset %q: %v":                                            "кодировка %[1]q не поддерживается",
}

// ruDetails translates the details of a malformed XML declaration.
var ruDetails = map[string]string{
	"white space expected":         "нужен пробел",
	"expected =":                   "ожидается =",
	"expected a quoted value":      "значение должно быть в кавычках",
	"unterminated value":           "незакрытое значение",
	"version expected":             "нет version",
	"standalone must be yes or no": "standalone должно быть yes или no",
	"invalid encoding name":        "неверное имя кодировки",
}

const ruFallback = "нарушен синтаксис XML"

// translate renders the Russian message of format with args.
func translate(format string, args []any) string {
	ru, ok := ruFormats[format]
	if !ok {
		return ruFallback
	}
	if format == "malformed XML declaration: %s" && len(args) == 1 {
		s, _ := args[0].(string)
		if t, ok := ruDetails[s]; ok {
			return fmt.Sprintf(ru, t)
		}
		if k, ok := strings.CutPrefix(s, "unexpected "); ok {
			return fmt.Sprintf(ru, "лишнее "+k)
		}
		return fmt.Sprintf(ru, "неверный синтаксис")
	}
	if len(args) == 0 {
		return ru
	}
	return fmt.Sprintf(ru, args...)
}
