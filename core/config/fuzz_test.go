package config

import "testing"

// FuzzParseSettings: settings files are user-edited; Parse must not panic
// and must never accept a secret-looking field.
func FuzzParseSettings(f *testing.F) {
	f.Add([]byte(`{"env":"test","account":"IS","container":"/c","pinEnv":"P","chunkSize":20000000}`))
	f.Add([]byte(`{"env":"test","esiaUrl":"https://esia-portal1.test.gosuslugi.ru","epguUrl":"http://127.0.0.1:18443","epguHost":"svcdev-gostapi.test.gosuslugi.ru","transport":"tunnel","trustDir":"/r"}`))
	f.Add([]byte(`{"apiKey":"x"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err == nil && s == nil {
			t.Fatal("nil settings without an error")
		}
	})
}
