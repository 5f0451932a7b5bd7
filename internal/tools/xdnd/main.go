// xdnddrop: minimal XDND (v5) *source* that drops file URIs onto an X11 window.
// Usage: DISPLAY=:99 xdnddrop -win 0x200020 -x 100 -y 100 /path/a.txt /path/b.xml
// Pure Go (github.com/jezek/xgb), no cgo. Intended for headless e2e tests under Xvfb.
//
// Provenance: adopted from /work/shared/tools/xdnd/main.go (the toolchain
// study, specs/notes/toolchain.md §3), our own code; used by
// internal/tools/e2e.sh to drop real files on the gosdesk window.
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

func atom(c *xgb.Conn, name string) xproto.Atom {
	r, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
	if err != nil {
		panic(err)
	}
	return r.Atom
}

func main() {
	winStr := flag.String("win", "", "target window id (decimal or 0x hex)")
	x := flag.Int("x", 50, "drop x, relative to target window")
	y := flag.Int("y", 50, "drop y, relative to target window")
	timeout := flag.Duration("timeout", 5*time.Second, "overall timeout")
	flag.Parse()
	wid, err := strconv.ParseUint(*winStr, 0, 32)
	if err != nil || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: xdnddrop -win ID [-x N -y N] FILE...")
		os.Exit(2)
	}
	target := xproto.Window(wid)

	var uris []string
	for _, p := range flag.Args() {
		abs, _ := filepath.Abs(p)
		uris = append(uris, (&url.URL{Scheme: "file", Path: abs}).String())
	}
	payload := strings.Join(uris, "\r\n") + "\r\n"

	c, err := xgb.NewConn()
	if err != nil {
		panic(err)
	}
	defer c.Close()
	screen := xproto.Setup(c).DefaultScreen(c)

	aEnter, aPos, aStatus := atom(c, "XdndEnter"), atom(c, "XdndPosition"), atom(c, "XdndStatus")
	aDrop, aFinished, aLeave := atom(c, "XdndDrop"), atom(c, "XdndFinished"), atom(c, "XdndLeave")
	aSel, aCopy, aURIList := atom(c, "XdndSelection"), atom(c, "XdndActionCopy"), atom(c, "text/uri-list")

	// Source window (never mapped) that owns XdndSelection.
	src, _ := xproto.NewWindowId(c)
	xproto.CreateWindow(c, screen.RootDepth, src, screen.Root, 0, 0, 1, 1, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, 0, nil)
	xproto.SetSelectionOwner(c, src, aSel, xproto.TimeCurrentTime)

	send := func(typ xproto.Atom, data [5]uint32) {
		ev := xproto.ClientMessageEvent{Format: 32, Window: target, Type: typ,
			Data: xproto.ClientMessageDataUnionData32New(data[:])}
		xproto.SendEvent(c, false, target, xproto.EventMaskNoEvent, string(ev.Bytes()))
	}

	tr, err := xproto.TranslateCoordinates(c, target, screen.Root, int16(*x), int16(*y)).Reply()
	if err != nil {
		panic(err)
	}
	rootXY := uint32(tr.DstX)<<16 | uint32(uint16(tr.DstY))

	send(aEnter, [5]uint32{uint32(src), 5 << 24, uint32(aURIList), 0, 0})
	send(aPos, [5]uint32{uint32(src), 0, rootXY, 0 /*CurrentTime*/, uint32(aCopy)})

	deadline := time.After(*timeout)
	events := make(chan xgb.Event)
	go func() {
		for {
			ev, xerr := c.WaitForEvent()
			if ev == nil && xerr == nil {
				close(events)
				return
			}
			if ev != nil {
				events <- ev
			}
		}
	}()
	for {
		select {
		case <-deadline:
			send(aLeave, [5]uint32{uint32(src)})
			fmt.Fprintln(os.Stderr, "xdnddrop: timeout")
			os.Exit(1)
		case ev, ok := <-events:
			if !ok {
				os.Exit(1)
			}
			switch e := ev.(type) {
			case xproto.ClientMessageEvent:
				switch e.Type {
				case aStatus:
					accepted := e.Data.Data32[1]&1 == 1
					fmt.Println("XdndStatus accepted =", accepted)
					if !accepted {
						send(aLeave, [5]uint32{uint32(src)})
						os.Exit(1)
					}
					send(aDrop, [5]uint32{uint32(src), 0, 0 /*CurrentTime*/})
				case aFinished:
					fmt.Println("XdndFinished success =", e.Data.Data32[1]&1 == 1)
					return
				}
			case xproto.SelectionRequestEvent:
				prop := e.Property
				if e.Target == aURIList {
					xproto.ChangeProperty(c, xproto.PropModeReplace, e.Requestor, prop,
						aURIList, 8, uint32(len(payload)), []byte(payload))
				} else {
					prop = xproto.AtomNone
				}
				n := xproto.SelectionNotifyEvent{Time: e.Time, Requestor: e.Requestor,
					Selection: e.Selection, Target: e.Target, Property: prop}
				xproto.SendEvent(c, false, e.Requestor, xproto.EventMaskNoEvent, string(n.Bytes()))
				fmt.Println("served", strings.TrimSpace(payload))
			}
		}
	}
}
