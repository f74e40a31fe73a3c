#!/bin/bash
# R crashes the consumer while the producer runs: within 2 s the health line stops saying OK
# (the member is gone, then a new one waits for partitions) and the consumer's rate reads 0;
# once the new member has its partitions, OK again. The health line's time lag is this
# member's ("my time lag"), the largest TimeLag of the rows it holds: "?" while it holds none,
# though the rows show the group's from the committed offsets (it said "time lag ?" beside
# rows showing "TimeLag 22.2s", as if the two disagreed).
. "$TESTS_DIR/lib.sh"
# time_lag_check SCREEN: what is wrong with the health line's time lag against the rows
time_lag_check() {
	awk '
		function ms(t) {
			sub(/^>/, "", t)
			if (t ~ /us$/) return t / 1000
			if (t ~ /ms$/) return t + 0
			if (t ~ /^[0-9.]+s$/) return t * 1000
			if (t ~ /^[0-9]+m[0-9]+s$/) { split(t, a, "m"); return a[1] * 60000 + a[2] * 1000 }
			return -1
		}
		/^[* ] +[0-9]+ [^ ]+ / {
			held = substr($0, 1, 1) == "*"; o = held ? 2 : 1; t = $(o + 8)
			if (held) { n++; if (t == "?") unknown = 1; else if (ms(t) > worst) { worst = ms(t); shown = t } }
			next
		}
		/^ (OK|WARN|STOP|ERR|NO CONSUMER|REBALANCING)[ :]/ {
			line = $0
			if (!match($0, / time lag [^ ]+/)) { print "no time lag on the line: " $0; exit }
			said = substr($0, RSTART + 10, RLENGTH - 10)
			if ($0 !~ / my time lag /) print "the line does not say whose time lag it gives: " $0
		}
		END {
			if (line == "") exit
			if (!n && said != "?") print "no row is held, the line gives a time lag of this member: " line
			if (n && !unknown && ms(said) != worst) print "the line says " said ", the rows held show at worst " shown ": " line
		}' "$1"
}
events="$WORK/events.log"
# 160 columns: until the new member's first commit the line may say STOP (health-takeover.sh),
# and at 120 that reason left no room for the time lag this test reads
tui_start_embedded "$events" 160x40 --delay 200
tui_keys R
wait_for_line "$events" 'consumer crashed after processing' 10
within_ms "$events" 'consumer crashed after processing' 'health: (NO CONSUMER|REBALANCING)' 2000
tui_wait '^ (NO CONSUMER|REBALANCING): ' 5
tui_wait 'Consumer [0-9]+ read 0/s' 5
tui_screen | grep -qE '^\*' && fail "rows still marked as this member's after the crash: $(tui_screen)"
tui_frozen_screen "$WORK/unheld.txt"
if ! grep -qE '^\*' "$WORK/unheld.txt"; then
	note "nothing held: $(grep -E '^ (NO CONSUMER|REBALANCING)' "$WORK/unheld.txt")"
	bad=$(time_lag_check "$WORK/unheld.txt")
	[[ -z "$bad" ]] || fail "$bad
$(cat "$WORK/unheld.txt")"
fi
# the new member gets the partitions once the dead one's session is over
within_ms "$events" 'consumer crashed after processing' 'health: OK' 40000
tui_wait '^\*  0 me ' 5
tui_frozen_screen "$WORK/held.txt"
note "held again: $(grep -E '^ (OK|WARN|STOP|ERR)' "$WORK/held.txt")"
bad=$(time_lag_check "$WORK/held.txt")
[[ -z "$bad" ]] || fail "$bad
$(cat "$WORK/held.txt")"
echo "tui health-crash: ok"
