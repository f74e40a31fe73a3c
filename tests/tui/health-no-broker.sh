#!/bin/bash
# Every broker of the embedded cluster down: within 2 s the health line says NO BROKER (never
# OK), the rows' offsets and time lags are marked as old readings (~), as are the health
# line's time lag, trend and catch-up, and the consumer's rate reads 0;
# with one broker back, OK again.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
for b in 1 2 3; do
	tui_command "$events" "broker-down $b" "broker $b is down"
done
within_ms "$events" 'broker 3 is down' 'health: NO BROKER' 2000
tui_wait '^ NO BROKER: no broker answered' 5
tui_wait '^\*? +0 [a-z?-]+ +[0-9-]+ +~[0-9]+ +~[0-9]+' 10
tui_wait 'Consumer [0-9]+ read 0/s' 5
# what is measured against those old readings says so too: a held row's time lag ("0us",
# nothing left to read, as of the last high watermark read), and on the health line the time
# lag, the trend and "caught up"
tui_screen >"$WORK/screen.txt"
awk '
	/^\* +[0-9]+ / && $6 ~ /^~/ && $10 !~ /^[~?]/ { print "row " $2 ": time lag " $10 " beside old offsets" }
	/^ NO BROKER/ && (!match($0, /time lag [~?]/) || / steady | caught up/) { print "health line: " $0 }' \
	"$WORK/screen.txt" >"$WORK/unmarked.txt"
[[ ! -s "$WORK/unmarked.txt" ]] || fail "figures measured against old readings are not marked:
$(cat "$WORK/unmarked.txt")
$(cat "$WORK/screen.txt")"
# one broker back leads every partition, a replica of each: the health line recovers with it
tui_command "$events" "broker-up 1" "broker 1 is up again"
within_ms "$events" 'broker 1 is up again' 'health: (OK|WARN)' 30000
for b in 2 3; do
	tui_command "$events" "broker-up $b" "broker $b is up again"
done
echo "tui health-no-broker: ok"
