/*
 * bcryptprimitives.dll for Wine 8.0 (Debian 12), TESTS ONLY — never shipped.
 *
 * Go 1.22+ Windows programs call ProcessPrng from bcryptprimitives.dll at
 * start-up (runtime/os_windows.go) and stop with "bcryptprimitives.dll not
 * found" where it is missing. Every Windows that Go supports (10 and later)
 * has it; Wine 8.0, the one Debian 12 packages, does not (Wine 9 does).
 * make package-test builds this stand-in with mingw-w64 and puts it into its
 * throw-away Wine prefix only, so gosctl.exe and the installer can be run.
 * ProcessPrng fills the buffer from RtlGenRandom (advapi32 SystemFunction036),
 * the system CSPRNG that Wine implements.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
