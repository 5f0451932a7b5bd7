package xmldoc

import (
	"crypto/rand"
	"fmt"
	"time"
)

// Defaults returns the standard placeholder values: guid (a random UUID
// v4), date (YYYY-MM-DD), now (xs:dateTime with offset) and, when orderID
// is not empty, orderId.
func Defaults(now time.Time, orderID string) map[string]string {
	m := map[string]string{
		"guid": NewGUID(),
		"date": now.Format("2006-01-02"),
		"now":  now.Format("2006-01-02T15:04:05-07:00"),
	}
	if orderID != "" {
		m["orderId"] = orderID
	}
	return m
}

// NewGUID returns a random RFC 4122 version 4 UUID in lower case.
func NewGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
