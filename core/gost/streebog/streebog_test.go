package streebog

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"hash"
	"math/rand/v2"
	"os"
	"testing"
)

type vector struct {
	Name       string `json:"name"`
	InputASCII string `json:"input_ascii"`
	InputHex   string `json:"input_hex"`
	H256       string `json:"h256"`
	H512       string `json:"h512"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	raw, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []vector }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 4 {
		t.Fatalf("only %d vectors in testdata/vectors.json", len(f.Vectors))
	}
	return f.Vectors
}

func (v vector) input(t *testing.T) []byte {
	if v.InputHex != "" {
		b, err := hex.DecodeString(v.InputHex)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return []byte(v.InputASCII)
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			in := v.input(t)
			s256 := Sum256(in)
			s512 := Sum512(in)
			if got := hex.EncodeToString(s256[:]); got != v.H256 {
				t.Errorf("Sum256 = %s, want %s", got, v.H256)
			}
			if got := hex.EncodeToString(s512[:]); got != v.H512 {
				t.Errorf("Sum512 = %s, want %s", got, v.H512)
			}
			for _, tc := range []struct {
				name string
				h    hash.Hash
				want string
			}{{"New256", New256(), v.H256}, {"New512", New512(), v.H512}} {
				// One byte at a time exercises the buffering path.
				for i := range in {
					tc.h.Write(in[i : i+1])
				}
				if got := hex.EncodeToString(tc.h.Sum(nil)); got != tc.want {
					t.Errorf("%s byte-wise = %s, want %s", tc.name, got, tc.want)
				}
			}
		})
	}
}

func TestSizes(t *testing.T) {
	for _, tc := range []struct {
		h    hash.Hash
		size int
	}{{New256(), Size256}, {New512(), Size512}} {
		if tc.h.Size() != tc.size || tc.h.BlockSize() != BlockSize || BlockSize != 64 {
			t.Errorf("Size() = %d, BlockSize() = %d; want %d, 64", tc.h.Size(), tc.h.BlockSize(), tc.size)
		}
		if n := len(tc.h.Sum(nil)); n != tc.size {
			t.Errorf("len(Sum) = %d, want %d", n, tc.size)
		}
	}
}

// TestPiTau checks the structural properties of the RFC constants.
func TestPiTau(t *testing.T) {
	var seen [256]bool
	for _, v := range pi {
		if seen[v] {
			t.Fatalf("pi is not a permutation: %d repeated", v)
		}
		seen[v] = true
	}
	for i, v := range tau {
		if int(v) != 8*(i%8)+i/8 {
			t.Fatalf("tau[%d] = %d, want %d", i, v, 8*(i%8)+i/8)
		}
	}
}

// lpsRef is LPS computed byte by byte, straight from the definitions of
// S (pi), P (tau) and L (matrix a) in RFC 6986, section 5.
func lpsRef(x [64]byte) [64]byte {
	var s, p, out [64]byte
	for i := range x {
		s[i] = pi[x[i]]
	}
	for i := range p {
		p[i] = s[tau[i]]
	}
	for w := range 8 {
		var word, r uint64
		for j := range 8 {
			word |= uint64(p[8*w+j]) << (8 * j)
		}
		// l(b_63 … b_0) = XOR of b_{63-i}·A_i, b_63 the most significant bit.
		for i := range 64 {
			if word&(1<<(63-i)) != 0 {
				r ^= a[i]
			}
		}
		for j := range 8 {
			out[8*w+j] = byte(r >> (8 * j))
		}
	}
	return out
}

func TestLPSTableMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 2000 {
		var xb [64]byte
		var x, y, got [8]uint64
		for i := range x {
			x[i] = rng.Uint64()
			if n < 256 {
				x[i] = uint64(n) * 0x0101010101010101 // every byte value
			}
			for j := range 8 {
				xb[8*i+j] = byte(x[i] >> (8 * j))
			}
		}
		lpsx(&got, &x, &y)
		want := lpsRef(xb)
		for i := range got {
			for j := range 8 {
				if byte(got[i]>>(8*j)) != want[8*i+j] {
					t.Fatalf("lpsx(%x) differs from the definition at byte %d", xb, 8*i+j)
				}
			}
		}
	}
}

func TestIterationConstants(t *testing.T) {
	// C_1 printed in the RFC ends in …f2a64507, its least significant byte
	// is 0x07 and must come first in the little-endian word order.
	if c[0][0] != 0xdd806559f2a64507 || c[0][7] != 0xb1085bda1ecadae9 {
		t.Fatalf("C_1 words: %x … %x", c[0][0], c[0][7])
	}
	if c[11][0] != 0x48bc924af11bd720 || c[11][7] != 0x378ee767f11631ba {
		t.Fatalf("C_12 words: %x … %x", c[11][0], c[11][7])
	}
}

func TestAdd512(t *testing.T) {
	x := [8]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	addWord(&x, 1)
	if x != [8]uint64{} {
		t.Fatalf("2^512-1 + 1 = %x, want 0 (mod 2^512)", x)
	}
	x = [8]uint64{^uint64(0), 5}
	y := [8]uint64{1, ^uint64(0), 7}
	addVec(&x, &y)
	if want := [8]uint64{0, 5, 8}; x != want {
		t.Fatalf("addVec = %x, want %x", x, want)
	}
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func TestStreamingRandomChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 43))
	for _, newHash := range []func() hash.Hash{New256, New512} {
		for _, n := range []int{0, 1, 63, 64, 65, 127, 128, 129, 1000, 4096, 10000} {
			data := randomBytes(rng, n)
			want := newHash()
			want.Write(data)
			wantSum := want.Sum(nil)
			for range 20 {
				h := newHash()
				for rest := data; len(rest) > 0; {
					k := min(len(rest), rng.IntN(200))
					h.Write(rest[:k])
					rest = rest[k:]
				}
				if got := h.Sum(nil); !bytes.Equal(got, wantSum) {
					t.Fatalf("size %d, n=%d: chunked %x != one-shot %x", h.Size(), n, got, wantSum)
				}
			}
			var one []byte
			if newHash().Size() == Size256 {
				s := Sum256(data)
				one = s[:]
			} else {
				s := Sum512(data)
				one = s[:]
			}
			if !bytes.Equal(one, wantSum) {
				t.Fatalf("Sum function %x != hash.Hash %x", one, wantSum)
			}
		}
	}
}

func TestResetAndSumKeepState(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	data := randomBytes(rng, 300)
	for _, newHash := range []func() hash.Hash{New256, New512} {
		fresh := newHash().Sum(nil)
		h := newHash()
		h.Write(data[:150])
		mid1 := h.Sum(nil)
		mid2 := h.Sum([]byte("prefix"))
		if !bytes.Equal(mid2[:6], []byte("prefix")) || !bytes.Equal(mid2[6:], mid1) {
			t.Fatalf("Sum does not append / is not repeatable: %x vs %x", mid1, mid2)
		}
		h.Write(data[150:])
		whole := newHash()
		whole.Write(data)
		if !bytes.Equal(h.Sum(nil), whole.Sum(nil)) {
			t.Fatal("calling Sum changed the state")
		}
		h.Reset()
		if !bytes.Equal(h.Sum(nil), fresh) {
			t.Fatal("Reset does not restore the initial state")
		}
		h.Write(data)
		if !bytes.Equal(h.Sum(nil), whole.Sum(nil)) {
			t.Fatal("hash after Reset differs")
		}
	}
}

func TestNoAllocations(t *testing.T) {
	data := make([]byte, 4096+17)
	h := New256()
	out := make([]byte, 0, Size512)
	if n := testing.AllocsPerRun(10, func() {
		h.Reset()
		h.Write(data[:5])
		h.Write(data[5:])
		out = h.Sum(out[:0])
	}); n != 0 {
		t.Errorf("hash.Hash path allocates %v times", n)
	}
	if n := testing.AllocsPerRun(10, func() { Sum256(data); Sum512(data) }); n != 0 {
		t.Errorf("Sum256/Sum512 allocate %v times", n)
	}
}

// TestCompressMatchesGeneric compares g (assembly where available) with
// the portable Go implementation on random inputs.
func TestCompressMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		var h, n, m [8]uint64
		for i := range 8 {
			h[i], n[i], m[i] = rng.Uint64(), rng.Uint64(), rng.Uint64()
		}
		h1, h2 := h, h
		g(&h1, &n, &m)
		gGeneric(&h2, &n, &m)
		if h1 != h2 {
			t.Fatalf("g(%x, %x, %x) = %x, generic %x", h, n, m, h1, h2)
		}
	}
}
