#!/usr/bin/env bash
# make e2e — the real gosdesk binary under Xvfb, on a fresh HOME, driven by
# xdotool (keyboard shortcuts and window-relative clicks), with two real files
# dropped on the window over XDND (internal/tools/xdnd). One screenshot per
# step under build/e2e/ and a contact sheet (build/e2e/contact-sheet.png).
#
# The app appends what it shows to $GOSDESK_E2E_TRACE (screen, validation
# verdicts, attachments, stages, the order number): each step waits for its
# line and fails with a screenshot when it does not come.
#
#   E2E_SHORT=1   fewer steps, no contact sheet (go test ./internal/e2e)
#   GOSDESK_BIN   the binary (default bin/gosdesk)
#   XDND_BIN      the XDND drop tool (default bin/xdnddrop)
#   E2E_OUT       screenshots folder (default build/e2e)
#   E2E_TIMEOUT   seconds to wait for each trace line (default 90)
#   E2E_HOLD      seconds to keep the app and its display up at the end
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${GOSDESK_BIN:-$ROOT/bin/gosdesk}
DROP=${XDND_BIN:-$ROOT/bin/xdnddrop}
OUT=${E2E_OUT:-$ROOT/build/e2e}
SHORT=${E2E_SHORT:-}
WAIT=${E2E_TIMEOUT:-90}

for t in Xvfb xdotool import dbus-daemon setxkbmap curl; do
	command -v "$t" >/dev/null || { echo "e2e: $t is missing — run: internal/tools/deps.sh gui" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "e2e: $BIN not built (make gosdesk)" >&2; exit 1; }
[ -x "$DROP" ] || { echo "e2e: $DROP not built (go build -o bin/xdnddrop ./internal/tools/xdnd)" >&2; exit 1; }

work=$(mktemp -d /tmp/gosdesk-e2e.XXXXXX)
rm -rf "$OUT"
mkdir -p "$OUT" "$work/home" "$work/files"
XVFB=""
APP=""
BUS=""
DUNST=""
# Every process this run starts that may outlive the script's own children
# (the app, the session bus and what it activates — gnome-keyring —, dunst)
# carries RUN_MARK in its environment, and only they do: cleanup finds them
# by it, stops them and waits before it removes the fresh HOME they write to.
RUN_MARK="GOSDESK_E2E_RUN=$work"
run_pids() {
	local p
	for p in /proc/[0-9]*; do
		grep -qszxF "$RUN_MARK" "$p/environ" 2>/dev/null && echo "${p#/proc/}"
	done
	return 0
}
stop_run() {
	local pids i
	pids=$(run_pids)
	[ -n "$pids" ] || return 0
	kill $pids 2>/dev/null || true
	for i in $(seq 20); do
		pids=$(run_pids)
		[ -n "$pids" ] || return 0
		sleep 0.2
	done
	kill -9 $pids 2>/dev/null || true
	sleep 0.2
}
cleanup() {
	local rc=$? i
	set +e
	# the app first (it may still save its draft), then the rest of the run
	if [ -n "$APP" ]; then
		kill "$APP" 2>/dev/null
		for i in $(seq 10); do kill -0 "$APP" 2>/dev/null || break; sleep 0.3; done
		kill -9 "$APP" 2>/dev/null
	fi
	stop_run
	[ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null
	wait 2>/dev/null
	cp -f "$work/trace.log" "$work/app.log" "$work/notified.log" "$work/opened.log" "$OUT/" 2>/dev/null
	for i in 1 2 3 4 5; do
		rm -rf "$work" 2>/dev/null && break
		sleep 0.5
		stop_run
	done
	[ -d "$work" ] && echo "e2e: warning: $work was not removed completely (something still writes there)" >&2
	exit "$rc"
}
trap cleanup EXIT

# a fresh display of the size of a common laptop
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
XVFB=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "e2e: Xvfb did not start: $(cat "$work/xvfb.log")" >&2; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"
# a Russian clerk's keyboard: English and Russian layouts, so xdotool types
# Cyrillic through real keys (remapping a spare key loses letters)
setxkbmap -layout us,ru 2>/dev/null || echo "e2e: setxkbmap failed: Cyrillic typing may lose letters" >&2

# a fresh user: no settings, no preferences, no keys
unset GOSDESK_LANG GOSDESK_DATA_DIR GOSDESK_CONFIG_DIR XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME DBUS_SESSION_BUS_ADDRESS LANGUAGE
export HOME="$work/home" LANG=ru_RU.UTF-8
# the in-process sandbox on a free port the script knows: its loopback
# admin API plays the agency (holds an order at a status)
SANDBOX=""
for _ in $(seq 50); do
	p=$((20000 + RANDOM % 20000))
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then SANDBOX="127.0.0.1:$p"; break; fi
done
[ -n "$SANDBOX" ] || SANDBOX=127.0.0.1:0
export GOSDESK_WINDOW_SIZE=1366x768 GOSDESK_E2E_TRACE="$work/trace.log" GOSDESK_SANDBOX_ADDR="$SANDBOX"
: >"$work/trace.log"
: >"$work/notified.log"

# the run's own session bus (the keyring, desktop notifications) with a
# notification server on the Xvfb screen: dunst shows what the app sends to
# org.freedesktop.Notifications, so a screenshot shows it, and its script
# (internal/e2e/notified.sh) appends each one to notified.log
env "$RUN_MARK" dbus-daemon --session --nofork --nopidfile --print-address=3 3>"$work/bus" >"$work/bus.log" 2>&1 &
BUS=$!
for _ in $(seq 50); do [ -s "$work/bus" ] && break; sleep 0.1; done
[ -s "$work/bus" ] || { echo "e2e: dbus-daemon did not start: $(cat "$work/bus.log")" >&2; exit 1; }
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
if command -v dunst >/dev/null; then
	env "$RUN_MARK" E2E_NOTIFY_LOG="$work/notified.log" PATH="$ROOT/internal/e2e:$PATH" dunst -config "$ROOT/internal/e2e/dunstrc" >"$work/dunst.log" 2>&1 &
	DUNST=$!
elif [ -z "$SHORT" ]; then
	echo "e2e: dunst is missing — run: internal/tools/deps.sh gui" >&2
	exit 1
fi

n=0
name=""
step() { n=$((n + 1)); name=$(printf '%02d-%s' "$n" "$1"); echo "e2e: $name"; }
# shot [DELAY]: the screenshot of the step. Desktop notifications are
# closed first, except in the steps that show one (KEEP_NOTES=1): they come
# when an order turns final and would cover other steps' screens.
shot() {
	[ -n "${KEEP_NOTES:-}" ] || close_notifications
	sleep "${1:-0.6}"
	import -window root "$OUT/$name.png"
}
mark() { wc -l <"$work/trace.log"; }
fail() {
	echo "e2e FAIL at $name: $*" >&2
	import -window root "$OUT/$name-FAILED.png" 2>/dev/null || true
	echo "--- trace" >&2; tail -20 "$work/trace.log" >&2
	echo "--- app log" >&2; tail -20 "$work/app.log" >&2
	exit 1
}
# wait_for PATTERN [FROM_LINE]: a trace line matching PATTERN after FROM_LINE
wait_for() {
	local from=${2:-0} i
	for i in $(seq $((WAIT * 5))); do
		tail -n +"$((from + 1))" "$work/trace.log" | grep -Eq "$1" && return 0
		kill -0 "$APP" 2>/dev/null || fail "the app exited while waiting for «$1»"
		sleep 0.2
	done
	fail "no «$1» in the trace after ${WAIT}s"
}
# last validation verdict of a document
last_validation() { grep -E "validation $1 " "$work/trace.log" | tail -1; }
key() { xdotool key --clearmodifiers "$@"; }
# pin_if_asked PATTERN FROM: types the demo PIN if the PIN dialog comes
# before PATTERN (a PIN may be remembered for a while)
pin_if_asked() {
	local i
	for i in $(seq $((WAIT * 5))); do
		tail -n +"$(($2 + 1))" "$work/trace.log" | grep -Eq "pin shown|$1" && break
		sleep 0.2
	done
	if tail -n +"$(($2 + 1))" "$work/trace.log" | grep -q "pin shown"; then
		sleep 0.3
		type_text 12345678
		key Return
	fi
}
# wait_notified TEXT: a notification with TEXT in its title shown by dunst
wait_notified() {
	local i
	for i in $(seq $((WAIT * 5))); do
		cut -f3 "$work/notified.log" | grep -q "$1" && return 0
		sleep 0.2
	done
	fail "no desktop notification «$1» shown (notified.log: $(cat "$work/notified.log"))"
}
close_notifications() { command -v dunstctl >/dev/null && dunstctl close-all 2>/dev/null || true; }
# search_order TEXT: Заявления's search field (Ctrl+Shift+J; empty TEXT
# clears it), then the first row of what it finds selected
search_order() {
	key ctrl+shift+j
	sleep 0.3
	key ctrl+a
	key BackSpace
	[ -n "$1" ] && type_text "$1"
	sleep 1
	key ctrl+shift+Down
}
# type_text TEXT: xdotool reads TEXT in the locale (C.UTF-8 exists
# everywhere, ru_RU.UTF-8 often not); Cyrillic is typed with the Russian
# layout first (letters of the second layout get lost under load)
type_text() {
	if LC_ALL=C.UTF-8 grep -q '[^ -~]' <<<"$1"; then
		setxkbmap -layout ru,us
		sleep 0.3
		LC_ALL=C.UTF-8 xdotool type --delay 90 "$1" || fail "xdotool could not type «$1»"
		sleep 0.2
		setxkbmap -layout us,ru
		sleep 0.3
	else
		LC_ALL=C.UTF-8 xdotool type --delay 60 "$1" || fail "xdotool could not type «$1»"
	fi
}
# click at window-relative coordinates (the window fills the screen at 0,0)
click() { xdotool mousemove "$1" "$2" click 1; }

# the real files a clerk drops: a PDF and a JPEG scan with the names a
# scanner gives; the window files them as the hotel service's passport scans
# (form.FormStep10.Panel1.caseAttachment1.0, .1)
f1="$work/files/паспорт гостя.pdf"
f2="$work/files/скан визы.jpg"
printf '%%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%%%EOF\n' >"$f1"
if command -v /usr/bin/convert >/dev/null; then
	/usr/bin/convert -size 320x200 xc:white -fill black -draw "rectangle 20,20 300,180" "jpeg:$f2"
else
	printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9' >"$f2"
fi

started=$(date +%s.%N)
env "$RUN_MARK" E2E_OPEN_LOG="$work/opened.log" PATH="$ROOT/internal/e2e/bin:$PATH" "$BIN" >"$work/app.log" 2>&1 &
APP=$!

step first-run
wait_for "firstrun shown"
echo "e2e: first frame after $(echo "$(date +%s.%N) - $started" | bc) s"
shot 1
key Return
wait_for "firstrun closed"

if [ -z "$SHORT" ]; then
	step certificates
	key alt+6
	wait_for "screen 5"
	sleep 1
	click 420 147                # the first certificate of the list
	sleep 0.5
	click 936 171                # «Использовать по умолчанию»
	wait_for "certificate default"
	shot
fi

step service
key alt+1
wait_for "screen 0"
key ctrl+l
type_text 10000103652
key Return
wait_for "service 10000103652"
shot

step template
key ctrl+t
wait_for "template inserted 10000103652"
wait_for "validation req.xml errors=0"
shot

if [ -z "$SHORT" ]; then
	step invalid-date
	key ctrl+Next
	wait_for "document attach.xml"
	key ctrl+f
	type_text "1979-05-12"
	key Return
	sleep 0.5
	m=$(mark)
	type_text "12.05.1979"
	wait_for "validation attach.xml errors=[1-9]" "$m"
	sleep 1
	last_validation attach.xml | grep -Eq "errors=[1-9]" || fail "the invalid date gave no error: $(last_validation attach.xml)"
	shot

	step date-fixed
	key ctrl+f
	key ctrl+a
	type_text "12.05.1979"
	key Return
	sleep 0.5
	m=$(mark)
	type_text "1979-05-12"
	wait_for "validation attach.xml errors=0" "$m"
	key Escape                   # close the find bar
	shot
fi

step drop-files
WIN=$(xdotool search --onlyvisible --name '^gosdesk$' | head -1)
[ -n "$WIN" ] || fail "no gosdesk window"
"$DROP" -win "$WIN" -x 900 -y 300 "$f1" "$f2" >"$work/xdnd.log" 2>&1 || fail "xdnddrop: $(cat "$work/xdnd.log")"
wait_for "attachments 2"
shot 1

step confirm
key ctrl+Return
wait_for "confirm shown files=4"
shot
key Return

step pin
wait_for "pin shown"
shot
type_text 12345678
key Return

step progress
wait_for "stage (validate|pack|sign|reserve|upload)"
shot 0.2

step orders
wait_for "sent [1-9][0-9]*"
wait_for "screen 1"
order=$(grep -Eo "sent [0-9]+" "$work/trace.log" | tail -1 | cut -d' ' -f2)
shot 1
echo "e2e: order $order sent and shown in Заявления"

if [ -z "$SHORT" ]; then
	# the order reaches its final status while the clerk looks: the table
	# and the details say «Исполнено», the desktop notification shows
	step order-final
	wait_for "notify $order 3"
	wait_notified "Заявление № $order"
	echo "e2e: notified: $(cut -f3 "$work/notified.log" | head -1)"
	KEEP_NOTES=1 shot 1
	close_notifications

	# Пакет (гостиницы): five guests from a CSV dropped on the window, one
	# with an impossible birth date, fixed in the preview, then all sent
	step batch-csv
	csv="$work/files/гости 5 декабря.csv"
	batch_mark=$(mark)
	batch_notes=$(wc -l <"$work/notified.log")
	{
		echo "Фамилия постояльца;Имя постояльца;Фамилия латиницей;Имя латиницей;Дата рождения постояльца;Номер ДУЛ"
		echo "МЮЛЛЕР;ХАНС;MUELLER;HANS;12.05.1979;C01X00T47"
		echo "СМИТ;ДЖОН;SMITH;JOHN;03.11.1985;533380006"
		echo "ЛИ;МИН;LI;MIN;31.02.1990;E12345678"
		echo "РОССИ;МАРКО;ROSSI;MARCO;21.07.1972;YA1234567"
		echo "ДЮПОН;ЖАН;DUPONT;JEAN;09.09.1995;18AB12345"
	} >"$csv"
	key alt+3
	wait_for "screen 2"
	"$DROP" -win "$WIN" -x 900 -y 400 "$csv" >"$work/xdnd.log" 2>&1 || fail "xdnddrop: $(cat "$work/xdnd.log")"
	wait_for "batch csv columns=6 rows=5"
	shot

	step batch-broken-row
	m=$(mark)
	key ctrl+shift+k             # «Проверить все строки»
	wait_for "batch checked rows=4 problems=1" "$m"
	wait_for "batch imported rows=5 broken=1" "$m"
	shot

	step batch-fix-row
	m=$(mark)
	key ctrl+shift+n             # the next row with a problem: Строка 4
	sleep 0.3
	key ctrl+shift+e             # «Исправить строку…», the broken field focused
	wait_for "batch fix shown row=4" "$m"
	sleep 0.5
	key ctrl+a
	type_text "28.02.1990"
	shot

	step batch-fixed
	m=$(mark)
	key Return                   # «Сохранить и проверить»
	wait_for "batch row 4 fixed" "$m"
	wait_for "batch checked rows=5 problems=0" "$m"
	shot

	step batch-confirm
	m=$(mark)
	key ctrl+shift+Return        # «Подписать и отправить все»
	wait_for "batch confirm shown rows=5" "$m"
	shot
	m=$(mark)
	key Return

	step batch-sending
	pin_if_asked "batch progress" "$m"
	wait_for "batch progress done=2 total=5" "$m"
	shot 0.1                     # the sandbox takes five in about a second
	wait_for "batch done sent=5 failed=0" "$m"

	step batch-done
	shot

	# the guests' orders in Заявления
	step batch-orders
	key alt+2
	wait_for "screen 1"
	# the 5 orders of the batch, followed like single ones: they turn final
	# together (one polling round) and the window tells them in one
	# summary notification («Заявлений исполнено: 5», the numbers in its
	# body); a round that splits them gives two, never one per order
	batch_orders=$(seq $((order + 1)) $((order + 5)))
	for o in $batch_orders; do wait_for "notify $o [0-9]+" "$batch_mark"; done
	wait_for "notify summary [2-5]" "$batch_mark"
	wait_notified "Заявлений"
	got=$(tail -n +"$((batch_notes + 1))" "$work/notified.log" | wc -l)
	[ "$got" -le 2 ] || fail "$got desktop notifications for the 5 orders of the batch, want one summary (notified.log: $(tail -n +"$((batch_notes + 1))" "$work/notified.log"))"
	echo "e2e: batch notified: $(tail -n +"$((batch_notes + 1))" "$work/notified.log" | cut -f3 | tr '\n' ';')"
	echo "e2e: batch orders final: $(for o in $batch_orders; do grep -Eo "notify $o [0-9]+" "$work/trace.log" | tail -1 | cut -d' ' -f3; done | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
	KEEP_NOTES=1 shot 1
	close_notifications

	# Госключ: a document for a citizen to sign; its result comes back
	# signed, the app verifies the signature
	step goskey-send
	gk="$work/files/dogovor_arendy.pdf"   # Госключ names: latin, digits, «_», space
	printf '%%PDF-1.4\n%% договор аренды\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%%%EOF\n' >"$gk"
	key alt+4
	wait_for "screen 3"
	"$DROP" -win "$WIN" -x 500 -y 550 "$gk" >"$work/xdnd.log" 2>&1 || fail "xdnddrop: $(cat "$work/xdnd.log")"
	sleep 0.5
	m=$(mark)
	key ctrl+shift+g             # «Подписать и отправить в Госключ»
	pin_if_asked "goskey sent [0-9]+" "$m"
	wait_for "goskey sent [0-9]+" "$m"
	gkorder=$(tail -n +"$((m + 1))" "$work/trace.log" | grep -Eo "goskey sent [0-9]+" | head -1 | cut -d' ' -f3)
	shot

	step goskey-signed
	key alt+4
	wait_for "screen 3"
	wait_for "notify $gkorder 3"  # «Документы подписаны»; the app checks the signature
	wait_notified "Заявление № $gkorder"
	KEEP_NOTES=1 shot 1
	close_notifications

	step result-signature
	key alt+2
	wait_for "screen 1"
	m=$(mark)
	search_order "$gkorder"      # Ctrl+Shift+J, the number, Ctrl+Shift+Down
	wait_for "details [0-9]+ order=$gkorder " "$m"
	key ctrl+shift+7             # the «Результат» tab
	wait_for "details tab 3" "$m"
	wait_for "result verdict $gkorder shown valid=[1-9][0-9]* invalid=0" "$m"
	shot 1

	step result-open
	m=$(mark)
	key ctrl+shift+r             # «Открыть» the first result file
	wait_for "open .*/results/.*$gkorder/" "$m"
	for _ in $(seq 25); do [ -s "$work/opened.log" ] && break; sleep 0.2; done
	grep -q "/$gkorder/" "$work/opened.log" 2>/dev/null || fail "the desktop was not asked to open the result (opened.log: $(cat "$work/opened.log" 2>/dev/null))"
	echo "e2e: opened $(head -1 "$work/opened.log")"
	shot
	search_order ""

	# an order cancelled with a reason: ФССП 10000000367 (the only service
	# whose statuses allow it), sent from Новое заявление; the sandbox's
	# admin API keeps it at status 2 «Заявление получено ведомством» (else it
	# goes final in ~11 s, before a person could cancel it)
	step cancel-order
	key alt+1
	wait_for "screen 0"
	m=$(mark)
	key ctrl+l
	key ctrl+a
	type_text 10000000367
	key Return
	wait_for "service 10000000367" "$m"
	key ctrl+t
	wait_for "template inserted 10000000367" "$m"
	wait_for "validation (req|piev_epgu).xml errors=0" "$m"
	m=$(mark)
	key ctrl+Return
	wait_for "confirm shown files=2" "$m"
	key Return
	pin_if_asked "sent [0-9]+" "$m"
	wait_for "sent [0-9]+ route=" "$m"
	fssp=$(tail -n +"$((m + 1))" "$work/trace.log" | grep -Eo "sent [0-9]+ route=" | head -1 | cut -d' ' -f2)
	curl -fsS -X POST "http://$SANDBOX/admin/orders/$fssp/status" \
		-d '{"statusId":2,"title":"Заявление получено ведомством","comment":"Сообщение доставлено"}' >/dev/null ||
		fail "the sandbox admin API did not take the status of $fssp"
	# «Отменить…» is offered once the app has read a status that allows it
	# (the order's first poll, ≤ 10 s after the send)
	wait_for "details [0-9]+ order=$fssp state=[a-z]+ status=2 cancel=true" "$m"
	key ctrl+shift+x             # «Отменить заявление…», the reason field focused
	wait_for "cancel asked $fssp" "$m"
	sleep 0.5
	type_text "Заявление подано ошибочно"
	shot

	step cancelled
	m=$(mark)
	key Tab Tab space           # «Отменить заявление» (never the default: Enter does nothing)
	pin_if_asked "cancel (done|failed) $fssp" "$m"
	wait_for "cancel (done|failed) $fssp" "$m"
	tail -n +"$((m + 1))" "$work/trace.log" | grep -q "cancel done $fssp" || fail "the cancellation of $fssp was refused: $(grep -E '^.{13}error ' "$work/trace.log" | tail -1)"
	wait_notified "Заявление № $fssp"
	KEEP_NOTES=1 shot 1
	key Return                   # close «Заявление отменено»
	close_notifications

	# ЕНС: sign in with the demo certificate, the balance, the chart
	step ens-balance
	key alt+5
	wait_for "screen 4"
	m=$(mark)
	key ctrl+shift+l             # «Войти в ЕНС»
	pin_if_asked "ens signed in|ens login failed" "$m"
	wait_for "ens signed in|ens login failed" "$m"
	tail -n +"$((m + 1))" "$work/trace.log" | grep -q "ens login failed" && fail "the ENS sign-in failed"
	wait_for "ens balance saldo=-?[0-9]+ date=" "$m"
	close_notifications
	echo "e2e: ENS $(grep -Eo 'ens balance saldo=-?[0-9]+ date=[0-9.]+' "$work/trace.log" | tail -1 | cut -d' ' -f3-)"
	shot

	step ens-chart
	m=$(mark)
	key ctrl+shift+3             # the «График сальдо» tab
	wait_for "ens chart shown points=[1-9]" "$m"
	key End                      # the read-out of the last day
	wait_for "ens chart hover " "$m"
	shot 1
fi

# E2E_HOLD=SECONDS keeps the app and its display up at the end (to look
# around with DISPLAY set as printed, e.g. xdotool or import)
if [ -n "${E2E_HOLD:-}" ]; then
	echo "e2e: holding ${E2E_HOLD}s: DISPLAY=$DISPLAY DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS trace $work/trace.log"
	sleep "$E2E_HOLD"
fi

if [ -z "$SHORT" ] && command -v montage >/dev/null; then
	font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
	[ -f "$font" ] || font=""
	montage ${font:+-font "$font"} -label '%t' -pointsize 14 -tile 3x -geometry 683x384+6+6 -background '#dddddd' \
		$(ls "$OUT"/[0-9][0-9]-*.png | grep -v FAILED) "$OUT/contact-sheet.png"
	echo "e2e: contact sheet $OUT/contact-sheet.png"
fi
echo "e2e: PASS ($n steps, screenshots in $OUT)"
