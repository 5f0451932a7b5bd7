#!/bin/sh
# dunst runs this for each notification it shows (internal/e2e/dunstrc):
#   notified.sh APPNAME SUMMARY BODY ICON URGENCY
# and make e2e waits for the line it appends to $E2E_NOTIFY_LOG.
[ -n "$E2E_NOTIFY_LOG" ] || exit 0
printf '%s\t%s\t%s\t%s\n' "$(date +%H:%M:%S)" "$1" "$2" "$3" >>"$E2E_NOTIFY_LOG"
