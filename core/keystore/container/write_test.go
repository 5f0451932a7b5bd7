package container

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosdesk/gosdesk/core/gost/gost3410"
	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

func TestWriteReadBack(t *testing.T) {
	cert, err := os.ReadFile("testdata/91team/srv.000.primary.cer.derived")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Open("testdata/91team/srv.000")
	if err != nil {
		t.Fatal(err)
	}
	srvKey, _, err := srv.PrivateKey("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		curve *gost3410.Curve
		pin   string
		cert  []byte
		key   *gost3410.PrivateKey
	}{
		{"demo256", gost3410.CurveTC26256B, "12345678", nil, nil},
		{"demo256A", gost3410.CurveTC26256A, "", nil, nil},
		{"demo512", gost3410.CurveTC26512A, "qwerty", nil, nil},
		{"with-cert", nil, "1", cert, srvKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := tc.key
			if key == nil {
				key, err = gost3410.GenerateKey(tc.curve, rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
			}
			root := t.TempDir()
			dir, err := NewDir(root, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Write(dir, key, WriteOptions{Name: tc.name, PIN: tc.pin, Certificate: tc.cert})
			if err != nil {
				t.Fatal(err)
			}
			if c.Name != tc.name || c.HasPIN() != (tc.pin != "") {
				t.Errorf("name %q HasPIN %v", c.Name, c.HasPIN())
			}
			if !bytes.Equal(c.Certificate(), tc.cert) {
				t.Error("certificate not stored")
			}
			if got := Find(root); len(got) != 1 || filepath.Base(got[0]) != filepath.Base(dir) {
				t.Errorf("Find = %v", got)
			}
			for _, reserve := range []bool{false, true} {
				c2, _ := Open(dir)
				var keys []*Key
				if reserve {
					keys, err = c2.ReserveKeys(tc.pin)
				} else {
					keys, err = c2.Keys(tc.pin)
				}
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(keys[0].Private.Raw(), key.Raw()) {
					t.Error("key read back differs")
				}
			}
			if _, err := c.Keys(tc.pin + "x"); !errors.Is(err, kserr.ErrWrongPIN) {
				t.Errorf("wrong PIN: %v", err)
			}
			if _, err := Write(dir, key, WriteOptions{Name: tc.name}); err == nil {
				t.Error("Write over an existing folder succeeded")
			}
		})
	}
}

func TestNewDir(t *testing.T) {
	root := t.TempDir()
	d, _ := NewDir(root, "Иванов И.И. 2026")
	if filepath.Base(d) != "________.000" {
		t.Errorf("got %s", d)
	}
	os.Mkdir(filepath.Join(root, "abc.000"), 0o700)
	d, _ = NewDir(root, "abc")
	if filepath.Base(d) != "abc.001" {
		t.Errorf("got %s", d)
	}
}

func TestFindRealLayout(t *testing.T) {
	got := Find("testdata/corefx", "testdata/kovserg/g2001.000", "testdata/nonexistent")
	if len(got) != 9 { // 8 corefx folders + the container given directly
		t.Errorf("Find = %d folders: %v", len(got), got)
	}
	_ = DefaultRoots()
}

func TestWriteRejectsNonASCIIPIN(t *testing.T) {
	key, _ := gost3410.GenerateKey(gost3410.CurveTC26256B, rand.Reader)
	if _, err := Write(filepath.Join(t.TempDir(), "x.000"), key, WriteOptions{Name: "x", PIN: "пароль"}); !errors.Is(err, kserr.ErrUnsupported) {
		t.Errorf("got %v", err)
	}
}
