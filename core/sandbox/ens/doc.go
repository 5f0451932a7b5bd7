// Package ens is a local emulator (sandbox) of API ЕНС for tests and
// demonstrations. It serves any ens.Profile, so the client in core/ens and
// this sandbox can be pointed at each other under the default profile or
// one loaded from a file.
//
// Requests go through the checks of the research digest (ens.md §8.2) in
// order: IP allow-list (then the maintenance window); on sign-in: body and
// CMS structure, key exists / not expired / not used (keys are burnt on the
// first attempt), one signer and one certificate, GOST 2012-256 algorithms,
// CAdES-BES attributes, content bound to the key, signature valid (Verifier),
// certificate in date (checked before anything else about it) and chained
// to the sandbox CA (MountDemo also trusts the CA of the shared ЕСИА/ЕПГУ
// sandbox, so its employee key signs in), ИНН present, operator
// registered, and in representative mode the МЧД; on data calls: token
// present / well-formed / known and unexpired, ИНН checksum, date range
// (no date before ENSStart, 2023-01-01, when ЕНС began: DATE_RANGE_INVALID),
// access (own ИНН, МЧД principal, or a consent with code 21001 valid today),
// taxpayer known, rate limit (429 + Retry-After).
//
// NewServer returns an http.Handler; mount it anywhere or run it with
// httptest on 127.0.0.1. The clock is controllable (ManualClock).
package ens
