package kuznyechik

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 7801 §5.1–5.2: S and R transformations.
func TestSAndR(t *testing.T) {
	s := []string{"ffeeddccbbaa99881122334455667700", "b66cd8887d38e8d77765aeea0c9a7efc",
		"559d8dd7bd06cbfe7e7b262523280d39", "0c3322fed531e4630d80ef5c5a81c50b", "23ae65633f842d29c5df529c13f5acda"}
	for i := 0; i+1 < len(s); i++ {
		a := unhex(t, s[i])
		for j := range a {
			a[j] = pi[a[j]]
		}
		if got := hex.EncodeToString(a); got != s[i+1] {
			t.Errorf("S(%s) = %s, want %s", s[i], got, s[i+1])
		}
	}
	r := []string{"00000000000000000000000000000100", "94000000000000000000000000000001",
		"a5940000000000000000000000000000", "64a59400000000000000000000000000", "0d64a594000000000000000000000000"}
	for i := 0; i+1 < len(r); i++ {
		var b block
		copy(b[:], unhex(t, r[i]))
		b.r()
		if got := hex.EncodeToString(b[:]); got != r[i+1] {
			t.Errorf("R(%s) = %s, want %s", r[i], got, r[i+1])
		}
		b.rInv()
		if got := hex.EncodeToString(b[:]); got != r[i] {
			t.Errorf("R⁻¹ failed on %s", r[i])
		}
	}
	l := []string{"64a59400000000000000000000000000", "d456584dd0e3e84cc3166e4b7fa2890d",
		"79d26221b87b584cd42fbc4ffea5de9a", "0e93691a0cfc60408b7b68f66b513c13", "e6a8094fee0aa204fd97bcb0b44b8580"}
	for i := 0; i+1 < len(l); i++ {
		var b block
		copy(b[:], unhex(t, l[i]))
		b.l()
		if got := hex.EncodeToString(b[:]); got != l[i+1] {
			t.Errorf("L(%s) = %s, want %s", l[i], got, l[i+1])
		}
	}
}

// RFC 7801 §5.4–5.6: key schedule, encryption, decryption.
func TestRFC7801(t *testing.T) {
	key := unhex(t, "8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef")
	b, err := NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{
		"8899aabbccddeeff0011223344556677", "fedcba98765432100123456789abcdef",
		"db31485315694343228d6aef8cc78c44", "3d4553d8e9cfec6815ebadc40a9ffd04",
		"57646468c44a5e28d3e59246f429f1ac", "bd079435165c6432b532e82834da581b",
		"51e640757e8745de705727265a0098b1", "5a7925017b9fdd3ed72a91a22286f984",
		"bb44e25378c73123a5f32f73cdb6e517", "72e9dd7416bcf45b755dbaa88e4a4043",
	}
	for i, k := range keys {
		var got [16]byte
		b.(*kuznyechik).ek[i].store(got[:])
		if hex.EncodeToString(got[:]) != k {
			t.Errorf("K%d = %x, want %s", i+1, got, k)
		}
	}
	pt := unhex(t, "1122334455667700ffeeddccbbaa9988")
	ct := unhex(t, "7f679d90bebc24305a468d42b9d4edcd")
	got := make([]byte, 16)
	b.Encrypt(got, pt)
	if !bytes.Equal(got, ct) {
		t.Fatalf("encrypt = %x, want %x", got, ct)
	}
	b.Decrypt(got, ct)
	if !bytes.Equal(got, pt) {
		t.Fatalf("decrypt = %x, want %x", got, pt)
	}
	if b.BlockSize() != 16 {
		t.Fatal("BlockSize")
	}
	if _, err := NewCipher(key[:16]); err == nil {
		t.Fatal("short key accepted")
	}
}

// GOST R 34.13-2015 §A.1.1: ECB on four blocks.
func TestGOST3413ECB(t *testing.T) {
	key := unhex(t, "8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef")
	pt := unhex(t, "1122334455667700ffeeddccbbaa998800112233445566778899aabbcceeff0a112233445566778899aabbcceeff0a002233445566778899aabbcceeff0a0011")
	want := unhex(t, "7f679d90bebc24305a468d42b9d4edcdb429912c6e0032f9285452d76718d08bf0ca33549d247ceef3f5a5313bd4b157d0b09ccde830b9eb3a02c4c5aa8ada98")
	b, _ := NewCipher(key)
	got := make([]byte, len(pt))
	for i := 0; i < len(pt); i += 16 {
		b.Encrypt(got[i:], pt[i:])
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ECB = %x, want %x", got, want)
	}
}
