//go:build amd64 && !purego

package streebog

// g sets h to the compression function g_N(h, m); see gGeneric.
//
//go:noescape
func g(h, n, m *[8]uint64)
