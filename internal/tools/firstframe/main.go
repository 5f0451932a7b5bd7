// Command firstframe starts a program and prints, in milliseconds since it
// started it, when the program's window (its title matches a regular
// expression) was mapped on the X display and when its first frame was on
// screen; then the program's pid. The program keeps running (its output
// goes to /dev/null).
//
//	firstframe '^gosdesk$' ./gosdesk   →   "812 871 12345"
//
// make bench reads cold start with it (internal/tools/bench.sh). It listens
// for MapNotify on the root window instead of polling with
// `xdotool search --sync`, which looks every 0.5 s and so rounded every
// start up to the next half second. "First frame": any of nine sample
// pixels of the window is neither pure black nor pure white — an X window
// without a background shows the black or black-and-white root until the
// program paints its theme's background (Fyne's themes have no pure black
// or white background).
package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdlib.h>

static int mapEvent(Display *d, XEvent *ev, Window *w) {
	if (ev->type != MapNotify) return 0;
	*w = ev->xmap.window;
	return 1;
}

// painted: one of 9 pixels of w is neither black nor white.
static int painted(Display *d, Window w) {
	XWindowAttributes a;
	if (!XGetWindowAttributes(d, w, &a) || a.map_state != IsViewable || a.width < 4 || a.height < 4) return 0;
	int i, j, hit = 0;
	for (i = 1; i <= 3 && !hit; i++) for (j = 1; j <= 3 && !hit; j++) {
		XImage *im = XGetImage(d, w, a.width * i / 4, a.height * j / 4, 1, 1, AllPlanes, ZPixmap);
		if (!im) continue;
		unsigned long p = XGetPixel(im, 0, 0) & 0xffffff;
		XDestroyImage(im);
		if (p != 0 && p != 0xffffff) hit = 1;
	}
	return hit;
}

static char *windowName(Display *d, Window w) {
	char *name = NULL;
	if (!XFetchName(d, w, &name)) return NULL;
	return name;
}

static int ignoreErrors(Display *d, XErrorEvent *e) { return 0; }
static void quiet(void) { XSetErrorHandler(ignoreErrors); }
*/
import "C"

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"time"
	"unsafe"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: firstframe TITLE-REGEXP PROGRAM [ARG...]")
		os.Exit(2)
	}
	title := regexp.MustCompile(os.Args[1])
	d := C.XOpenDisplay(nil)
	if d == nil {
		fmt.Fprintln(os.Stderr, "firstframe: cannot open the display (DISPLAY)")
		os.Exit(1)
	}
	C.quiet()
	root := C.XDefaultRootWindow(d)
	C.XSelectInput(d, root, C.SubstructureNotifyMask)
	C.XSync(d, 0)

	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "firstframe:", err)
		os.Exit(1)
	}
	deadline := t0.Add(60 * time.Second)
	var mapped []C.Window // mapped top-level windows whose title did not match (yet)
	var win C.Window
	var tMap time.Duration
	matches := func(w C.Window) bool {
		n := C.windowName(d, w)
		if n == nil {
			return false
		}
		defer C.XFree(unsafe.Pointer(n))
		return title.MatchString(C.GoString(n))
	}
	for win == 0 {
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "firstframe: no window matched in 60 s")
			os.Exit(1)
		}
		for C.XPending(d) > 0 {
			var ev C.XEvent
			C.XNextEvent(d, &ev)
			var w C.Window
			if C.mapEvent(d, &ev, &w) != 0 {
				mapped = append(mapped, w)
			}
		}
		for _, w := range mapped {
			if matches(w) {
				win, tMap = w, time.Since(t0)
				break
			}
		}
		if win == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	for C.painted(d, win) == 0 {
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "firstframe: the window was never painted in 60 s")
			os.Exit(1)
		}
		time.Sleep(2 * time.Millisecond)
	}
	tPaint := time.Since(t0)
	fmt.Printf("%d %d %d\n", tMap.Milliseconds(), tPaint.Milliseconds(), cmd.Process.Pid)
	_ = cmd.Process.Release()
}
