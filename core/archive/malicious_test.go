package archive_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"strings"
)

// Hand-made result archives an attacker (or a broken server) could send.
// They seed FuzzExtract (TestGenerateFuzzCorpus writes them to
// testdata/fuzz/FuzzExtract) and TestExtractRefuses checks each one.

type entry struct {
	name   string
	body   []byte
	mode   os.FileMode // 0: regular file
	method uint16
}

func makeZip(entries ...entry) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: e.method}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		w.Write(e.body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// lyingSize patches the central directory so that the first entry claims
// declared uncompressed bytes (a header that lies about the size).
func lyingSize(z []byte, declared uint32) []byte {
	out := append([]byte(nil), z...)
	i := bytes.Index(out, []byte("PK\x01\x02"))
	if i < 0 {
		panic("no central directory")
	}
	binary.LittleEndian.PutUint32(out[i+24:], declared)
	return out
}

// maliciousZips maps a case name to an archive Extract must refuse.
func maliciousZips() map[string][]byte {
	zeros := bytes.Repeat([]byte{0}, 2<<20) // deflates about 1000:1
	many := make([]entry, 60)
	for i := range many {
		many[i] = entry{name: "f" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".txt", body: []byte("x")}
	}
	return map[string][]byte{
		"zip-slip":           makeZip(entry{name: "ok.txt", body: []byte("ok")}, entry{name: "../evil.txt", body: []byte("evil")}),
		"zip-slip-deep":      makeZip(entry{name: "a/b/../../../evil.txt", body: []byte("evil")}),
		"absolute":           makeZip(entry{name: "/tmp/gosdesk-evil.txt", body: []byte("evil")}),
		"drive":              makeZip(entry{name: "C:/evil.txt", body: []byte("evil")}),
		"backslash":          makeZip(entry{name: `..\evil.txt`, body: []byte("evil")}),
		"symlink":            makeZip(entry{name: "link", body: []byte("/etc/passwd"), mode: os.ModeSymlink | 0o777}),
		"symlink-then-write": makeZip(entry{name: "d", body: []byte("/tmp"), mode: os.ModeSymlink | 0o777}, entry{name: "d/evil.txt", body: []byte("evil")}),
		"duplicate":          makeZip(entry{name: "a.txt", body: []byte("1")}, entry{name: "a.txt", body: []byte("2")}),
		"duplicate-case":     makeZip(entry{name: "A.txt", body: []byte("1")}, entry{name: "a.txt", body: []byte("2")}),
		"file-and-folder":    makeZip(entry{name: "a", body: []byte("1")}, entry{name: "a/", mode: os.ModeDir | 0o755}),
		"bomb":               makeZip(entry{name: "zeros.bin", body: zeros, method: zip.Deflate}),
		"too-many-entries":   makeZip(many...),
		"lying-size":         lyingSize(makeZip(entry{name: "big.bin", body: bytes.Repeat([]byte("abc"), 1000), method: zip.Deflate}), 10),
		"control-char":       makeZip(entry{name: "a\x01b.txt", body: []byte("x")}),
		"dot-dir":            makeZip(entry{name: "./a.txt", body: []byte("x")}),
		"not-a-zip":          []byte("this is not a zip archive"),
		"truncated":          makeZip(entry{name: "a.txt", body: []byte("hello")})[:30],
	}
}
