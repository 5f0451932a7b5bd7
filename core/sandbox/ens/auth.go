package ens

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/gosdesk/gosdesk/core/ens"
	"github.com/gosdesk/gosdesk/core/ens/mchd"
)

// tempKey issues a one-time key (§8.2 step 2).
func (s *Server) tempKey(w http.ResponseWriter, r *http.Request) {
	now := s.o.Clock.Now()
	key := randKey()
	exp := now.Add(s.o.KeyTTL)
	s.mu.Lock()
	s.keys[key] = &keyState{expires: exp}
	s.keysIssued++
	s.mu.Unlock()
	m := map[string]any{}
	set(m, s.p.Fields.Key, key)
	set(m, s.p.Fields.KeyExpires, s.p.FormatTime(exp))
	s.writeJSON(w, http.StatusOK, m)
}

func decodeB64(v string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			return b, nil
		}
	}
	return base64.StdEncoding.DecodeString(v)
}

// signIn checks the signed key (§8.2 step 3) and opens a session.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	f := s.p.Fields
	bad := func(detail string) {
		s.fail(w, http.StatusBadRequest, ens.CodeBadRequest, "Неверный запрос: "+detail, 0)
	}
	// 3.1 body and CMS structure.
	raw, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		bad("тело запроса не читается")
		return
	}
	body, err := ens.DecodeObject(raw)
	if err != nil {
		bad("тело запроса — не JSON-объект")
		return
	}
	key, _ := lookup(body, f.SignInKey).(string)
	sigB64, _ := lookup(body, f.SignInSignature).(string)
	if key == "" || sigB64 == "" {
		bad("нет ключа или подписи")
		return
	}
	sig, err := decodeB64(sigB64)
	if err != nil {
		bad("подпись не в base64")
		return
	}
	sd, err := ens.ParseSignedData(sig)
	if err != nil {
		bad("подпись не является CMS SignedData")
		return
	}
	// 3.2–3.4 the key: exists, in time, not used (burnt on first use).
	now := s.o.Clock.Now()
	s.mu.Lock()
	k, ok := s.keys[key]
	var code ens.Code
	switch {
	case !ok:
		code = ens.CodeKeyNotFound
	case !now.Before(k.expires):
		code = ens.CodeKeyExpired
	case k.used:
		code = ens.CodeKeyAlreadyUsed
	default:
		k.used = true
	}
	s.mu.Unlock()
	if code != "" {
		s.fail(w, http.StatusUnauthorized, code, map[ens.Code]string{
			ens.CodeKeyNotFound:    "Временный ключ не найден",
			ens.CodeKeyExpired:     "Временный ключ деактивирован",
			ens.CodeKeyAlreadyUsed: "Временный ключ уже использован",
		}[code], 0)
		return
	}
	okSoFar := false
	defer func() {
		if !okSoFar && s.o.KeepKeyOnFailure {
			s.mu.Lock()
			k.used = false
			s.mu.Unlock()
		}
	}()
	// 3.5 structure: one signer, one certificate, GOST, CAdES-BES.
	if len(sd.Signers) != 1 || len(sd.Certificates) != 1 {
		s.fail(w, http.StatusBadRequest, ens.CodeMultipleCertificates,
			"В подписи должен быть один подписант и один сертификат (найдено: "+
				strconv.Itoa(len(sd.Signers))+" / "+strconv.Itoa(len(sd.Certificates))+")", 0)
		return
	}
	if !sd.IsGost256() {
		s.fail(w, http.StatusBadRequest, ens.CodeUnsupportedAlgorithm, "Подпись должна быть ГОСТ Р 34.10-2012 (256)", 0)
		return
	}
	if !sd.IsCAdESBES(sd.Certificates[0]) {
		s.fail(w, http.StatusUnauthorized, ens.CodeNotCAdESBES, "Подпись не соответствует CAdES-BES", 0)
		return
	}
	// 3.6 content bound to the key: either rule of the profile's signed bytes
	// is accepted, attached or detached.
	var content []byte
	for _, c := range s.candidates(key) {
		if sd.Attached && !bytes.Equal(sd.Content, c) {
			continue
		}
		if sd.DigestMatches(c) {
			content = c
			break
		}
	}
	if content == nil {
		s.fail(w, http.StatusUnauthorized, ens.CodeSignatureInvalid, "Подпись не соответствует временному ключу", 0)
		return
	}
	// 3.7 cryptographic verification.
	var detached []byte
	if !sd.Attached {
		detached = content
	}
	if s.o.Verifier == nil {
		s.fail(w, http.StatusInternalServerError, ens.CodeServer, "Проверка подписи не настроена", 0)
		return
	}
	sb, err := s.o.Verifier.Verify(sig, detached)
	if err != nil || !sb.SignatureValid {
		s.fail(w, http.StatusUnauthorized, ens.CodeSignatureInvalid, "Подпись неверна", 0)
		return
	}
	// 3.8 certificate: dates on the sandbox clock, chain, ИНН, registration.
	id, err := ens.IdentifyCertificate(sd.Certificates[0], s.p.INNOIDs)
	if err != nil {
		s.fail(w, http.StatusUnauthorized, ens.CodeCertUntrusted, "Сертификат не читается", 0)
		return
	}
	if now.Before(id.NotBefore) || now.After(id.NotAfter) {
		s.fail(w, http.StatusUnauthorized, ens.CodeCertExpired, "Срок действия сертификата истек", 0)
		return
	}
	if !sb.ChainValid {
		s.fail(w, http.StatusUnauthorized, ens.CodeCertUntrusted, "Сертификат выдан недоверенным УЦ", 0)
		return
	}
	if s.o.Revoked != nil && s.o.Revoked(sd.Certificates[0]) {
		s.fail(w, http.StatusUnauthorized, ens.CodeCertUntrusted, "Сертификат отозван", 0)
		return
	}
	if id.INN == "" {
		s.fail(w, http.StatusUnauthorized, ens.CodeCertNoINN, "В сертификате отсутствует ИНН", 0)
		return
	}
	sess := &session{inn: id.INN, expires: now.Add(s.o.SessionTTL)}
	mchdB64, _ := lookup(body, f.SignInMCHD).(string)
	if mchdB64 != "" {
		// Representative mode: the МЧД replaces the operator registration
		// of the signer; its principal must be registered.
		doc, code, msg := s.checkMCHD(mchdB64, body, id)
		if code != "" {
			status := http.StatusForbidden
			if code == ens.CodeMCHDInvalid {
				status = http.StatusBadRequest
			}
			s.fail(w, status, code, msg, 0)
			return
		}
		for _, p := range doc.Principals {
			sess.principals = append(sess.principals, p.INN)
		}
		if !slices.ContainsFunc(sess.principals, func(inn string) bool { return slices.Contains(s.o.Operators, inn) }) {
			s.fail(w, http.StatusForbidden, ens.CodeOperatorNotRegistered, "Доверитель не зарегистрирован для доступа к API ЕНС", 0)
			return
		}
	} else if !slices.Contains(s.o.Operators, id.INN) {
		s.fail(w, http.StatusForbidden, ens.CodeOperatorNotRegistered, "ИНН "+id.INN+" не зарегистрирован для доступа к API ЕНС", 0)
		return
	}
	// 3.9 success.
	okSoFar = true
	tok := randHex(32)
	s.mu.Lock()
	s.sessions[tok] = sess
	s.mu.Unlock()
	s.logf("session %s for ИНН %s", mask(tok), id.INN)
	out := tok
	if s.p.TokenEncodedByServer {
		out = s.p.TokenEncoding().EncodeToString([]byte(tok))
	}
	m := map[string]any{}
	set(m, f.Token, out)
	if s.p.TokenLifetimeKind == ens.LifetimeSecs {
		set(m, f.TokenLifetime, int64(s.o.SessionTTL.Seconds()))
	} else {
		set(m, f.TokenLifetime, s.p.FormatTime(sess.expires))
	}
	s.writeJSON(w, http.StatusOK, m)
}

// candidates are the byte strings a client may have signed for key.
func (s *Server) candidates(key string) [][]byte {
	out := [][]byte{[]byte(key)}
	if b, err := base64.StdEncoding.DecodeString(key); err == nil {
		out = append(out, b)
	}
	return out
}

func (s *Server) checkMCHD(b64 string, body map[string]any, id *ens.CertIdentity) (*mchd.Document, ens.Code, string) {
	x, err := decodeB64(b64)
	if err != nil {
		return nil, ens.CodeMCHDInvalid, "МЧД не в base64"
	}
	doc, err := mchd.Parse(x, &mchd.Options{Validator: s.o.MCHDValidator})
	if err != nil {
		return nil, ens.CodeMCHDInvalid, err.Error()
	}
	if sigB64, _ := lookup(body, s.p.Fields.SignInMCHDSignature).(string); sigB64 != "" || s.o.RequireMCHDSignature {
		sig, err := decodeB64(sigB64)
		if err != nil || len(sig) == 0 {
			return nil, ens.CodeMCHDInvalid, "нет подписи МЧД"
		}
		sb, err := s.o.Verifier.Verify(sig, x)
		if err != nil || !sb.SignatureValid || !sb.ChainValid || sb.Certificate == nil {
			return nil, ens.CodeMCHDInvalid, "подпись МЧД неверна"
		}
		head := doc.Signer()
		c := sb.Certificate
		if head == nil || !(head.INN != "" && head.INN == c.PersonalINN || head.SNILS != "" && digits(head.SNILS) == digits(c.SNILS)) {
			return nil, ens.CodeMCHDInvalid, "МЧД подписана не доверителем"
		}
	}
	err = doc.Check(mchd.Request{
		Holder: mchd.Holder{PersonalINN: id.PersonalINN, OrgINN: id.INNLE, SNILS: id.SNILS, Surname: id.Surname, GivenName: id.GivenName},
		Date:   s.o.Clock.Now(), AnyOfPowers: s.p.MCHDPowers,
	})
	switch {
	case err == nil:
		return doc, "", ""
	case isMCHD(err, mchd.ErrExpired), isMCHD(err, mchd.ErrNotYetValid):
		return nil, ens.CodeMCHDExpired, err.Error()
	case isMCHD(err, mchd.ErrNoPower):
		return nil, ens.CodeMCHDNoPower, err.Error()
	default:
		return nil, ens.CodeMCHDMismatch, err.Error()
	}
}

func isMCHD(err error, target *mchd.Error) bool {
	e, ok := err.(*mchd.Error)
	return ok && e.Code == target.Code
}

func digits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// lookup reads a dotted path in a decoded JSON object.
func lookup(m map[string]any, path string) any {
	var cur any = m
	for _, part := range splitDots(path) {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[part]
	}
	return cur
}

func splitDots(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		if p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return append(out, p[start:])
}

var _ = json.Marshal
