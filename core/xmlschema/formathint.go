package xmlschema

import "regexp"

// Format hints: a value of the date/time family or boolean that does not
// parse gets the expected lexical form in the message (issue 13, item 13),
// as the catalog's field rules already do («ГГГГ-ММ-ДД»). Types derived
// from a built-in type get the hint of their primitive type.

type formatHint struct{ en, ru, example string }

var formatHints = map[prim]formatHint{
	pDate:       {"a date as YYYY-MM-DD", "дата в формате ГГГГ-ММ-ДД", "2024-06-21"},
	pDateTime:   {"a date and time as YYYY-MM-DDThh:mm:ss, optionally with a time zone (+03:00)", "дата и время в формате ГГГГ-ММ-ДДTчч:мм:сс, можно с часовым поясом (+03:00)", "2024-06-21T14:30:00+03:00"},
	pTime:       {"a time as hh:mm:ss", "время в формате чч:мм:сс", "14:30:00"},
	pGYear:      {"a year as YYYY", "год в формате ГГГГ", "2024"},
	pGYearMonth: {"a year and month as YYYY-MM", "год и месяц в формате ГГГГ-ММ", "2024-06"},
	pGMonthDay:  {"a month and day as --MM-DD", "месяц и день в формате --ММ-ДД", "--06-21"},
	pGMonth:     {"a month as --MM", "месяц в формате --ММ", "--06"},
	pGDay:       {"a day of the month as ---DD", "день месяца в формате ---ДД", "---21"},
	pDuration:   {"a duration as PnYnMnDTnHnMnS", "длительность в формате PnYnMnDTnHnMnS", "P1Y2M10DT2H30M"},
	pBoolean:    {"true, false, 1 or 0", "true, false, 1 или 0", ""},
}

// dottedDate is a date as Russians write it (ДД.ММ.ГГГГ).
var dottedDate = regexp.MustCompile(`^\s*(\d{2})\.(\d{2})\.(\d{4})\s*$`)

// hintFor returns the English and Russian tail naming the expected form of
// a value of t (empty when t has no such hint).
func hintFor(t *simpleType, s string) (en, ru string) {
	pt := t.primitiveType()
	if pt == nil || t.variety != atomic {
		return "", ""
	}
	h, ok := formatHints[pt.prim]
	if !ok {
		return "", ""
	}
	ex := h.example
	if pt.prim == pDate {
		if m := dottedDate.FindStringSubmatch(s); m != nil {
			ex = m[3] + "-" + m[2] + "-" + m[1] // the user's own date, rewritten
		}
	}
	if ex == "" {
		return "; expected " + h.en, "; ожидается " + h.ru
	}
	return "; expected " + h.en + ", e.g. " + ex, "; ожидается " + h.ru + ", например " + ex
}
