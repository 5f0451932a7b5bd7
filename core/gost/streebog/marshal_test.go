package streebog

import (
	"bytes"
	"encoding"
	"errors"
	"hash"
	"math/rand/v2"
	"testing"
)

type marshalable interface {
	hash.Hash
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
	encoding.BinaryAppender
}

func TestMarshalRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data := randomBytes(rng, 400)
	for _, newHash := range []func() hash.Hash{New256, New512} {
		want := newHash()
		want.Write(data)
		wantSum := want.Sum(nil)
		for split := 0; split <= len(data); split++ {
			h := newHash().(marshalable)
			h.Write(data[:split])
			state, err := h.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if len(state) != marshaledSize {
				t.Fatalf("state is %d bytes, want %d", len(state), marshaledSize)
			}
			appended, _ := h.AppendBinary([]byte("x"))
			if !bytes.Equal(appended[1:], state) || appended[0] != 'x' {
				t.Fatal("AppendBinary differs from MarshalBinary")
			}
			h2 := newHash().(marshalable)
			h2.Write([]byte("garbage that must be overwritten"))
			if err := h2.UnmarshalBinary(state); err != nil {
				t.Fatalf("split %d: %v", split, err)
			}
			again, _ := h2.MarshalBinary()
			if !bytes.Equal(again, state) {
				t.Fatalf("split %d: re-marshaled state differs", split)
			}
			h2.Write(data[split:])
			if got := h2.Sum(nil); !bytes.Equal(got, wantSum) {
				t.Fatalf("size %d split %d: restored hash %x, want %x", h.Size(), split, got, wantSum)
			}
		}
	}
}

func TestUnmarshalErrors(t *testing.T) {
	h256 := New256().(marshalable)
	h512 := New512().(marshalable)
	h256.Write([]byte("abc"))
	s256, _ := h256.MarshalBinary()
	s512, _ := h512.MarshalBinary()

	if err := h512.UnmarshalBinary(s256); !errors.Is(err, ErrStateIdentifier) {
		t.Errorf("512 accepted a 256 state: %v", err)
	}
	if err := h256.UnmarshalBinary(s512); !errors.Is(err, ErrStateIdentifier) {
		t.Errorf("256 accepted a 512 state: %v", err)
	}
	if err := h256.UnmarshalBinary(s256[:len(s256)-1]); !errors.Is(err, ErrStateSize) {
		t.Errorf("short state: %v", err)
	}
	if err := h256.UnmarshalBinary(append(s256, 0)); !errors.Is(err, ErrStateSize) {
		t.Errorf("long state: %v", err)
	}
	if err := h256.UnmarshalBinary(nil); !errors.Is(err, ErrStateIdentifier) {
		t.Errorf("empty state: %v", err)
	}
	bad := bytes.Clone(s256)
	bad[len(bad)-1] = 64 // nx out of range
	if err := h256.UnmarshalBinary(bad); !errors.Is(err, ErrStateValue) {
		t.Errorf("nx=64: %v", err)
	}
	bad = bytes.Clone(s256)
	bad[len(bad)-2] = 1 // non-zero byte past nx
	if err := h256.UnmarshalBinary(bad); !errors.Is(err, ErrStateValue) {
		t.Errorf("dirty buffer: %v", err)
	}
	bad = bytes.Clone(s256)
	bad[4+64+7] = 1 // N = 1 bit: not whole blocks
	if err := h256.UnmarshalBinary(bad); !errors.Is(err, ErrStateValue) {
		t.Errorf("N not a multiple of 512: %v", err)
	}
	// A failed UnmarshalBinary leaves the state as it was.
	if got, want := h256.Sum(nil), Sum256([]byte("abc")); !bytes.Equal(got, want[:]) {
		t.Error("failed UnmarshalBinary changed the state")
	}
}

func TestClone(t *testing.T) {
	h := New512().(hash.Cloner)
	h.Write([]byte("hello, "))
	c, err := h.Clone()
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("world"))
	h.Write([]byte("there"))
	w1, w2 := Sum512([]byte("hello, world")), Sum512([]byte("hello, there"))
	if !bytes.Equal(c.Sum(nil), w1[:]) || !bytes.Equal(h.Sum(nil), w2[:]) {
		t.Fatal("clone is not independent")
	}
}

// FuzzUnmarshalBinary feeds arbitrary bytes to UnmarshalBinary: it must not
// panic, and whatever it accepts must marshal back to the same bytes and
// remain usable.
func FuzzUnmarshalBinary(f *testing.F) {
	for _, n := range []int{0, 1, 63, 64, 65, 200} {
		for _, newHash := range []func() hash.Hash{New256, New512} {
			h := newHash().(marshalable)
			h.Write(bytes.Repeat([]byte{0xa5}, n))
			s, _ := h.MarshalBinary()
			f.Add(s)
		}
	}
	f.Add([]byte("stb\x20"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newHash := range []func() hash.Hash{New256, New512} {
			h := newHash().(marshalable)
			if err := h.UnmarshalBinary(data); err != nil {
				continue
			}
			again, err := h.MarshalBinary()
			if err != nil || !bytes.Equal(again, data) {
				t.Fatalf("accepted state does not round-trip: %x", data)
			}
			h.Write([]byte("more data"))
			if len(h.Sum(nil)) != h.Size() {
				t.Fatal("bad Sum length")
			}
		}
	})
}
