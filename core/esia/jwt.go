package esia

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Claims are the JWT claims of an ЕСИА access token this package reads.
type Claims struct {
	Exp      int64  `json:"exp"`
	Iat      int64  `json:"iat"`
	Subject  any    `json:"urn:esia:sbj_id"`
	ClientID string `json:"client_id"`
	Scope    string `json:"scope"`
}

// ParseClaims decodes the payload of a JWT without verifying it (the
// client cannot verify ЕСИА's signature; it only needs exp).
func ParseClaims(token string) (*Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("esia: access token is not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, errors.New("esia: bad JWT payload encoding")
	}
	var c Claims
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, errors.New("esia: bad JWT payload")
	}
	return &c, nil
}

// Expiry returns the exp time of a JWT, or zero if it has none.
func Expiry(token string) time.Time {
	c, err := ParseClaims(token)
	if err != nil || c.Exp == 0 {
		return time.Time{}
	}
	return time.Unix(c.Exp, 0)
}
