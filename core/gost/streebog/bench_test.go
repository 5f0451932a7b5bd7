package streebog

import (
	"hash"
	"testing"
)

func benchmarkHash(b *testing.B, newHash func() hash.Hash, size int) {
	buf := make([]byte, size)
	for i := range buf {
		buf[i] = byte(i)
	}
	h := newHash()
	out := make([]byte, 0, Size512)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.Reset()
		h.Write(buf)
		out = h.Sum(out[:0])
	}
}

func BenchmarkStreebog256(b *testing.B) {
	b.Run("8KiB", func(b *testing.B) { benchmarkHash(b, New256, 8<<10) })
	b.Run("1MiB", func(b *testing.B) { benchmarkHash(b, New256, 1<<20) })
}

func BenchmarkStreebog512(b *testing.B) {
	b.Run("8KiB", func(b *testing.B) { benchmarkHash(b, New512, 8<<10) })
	b.Run("1MiB", func(b *testing.B) { benchmarkHash(b, New512, 1<<20) })
}
