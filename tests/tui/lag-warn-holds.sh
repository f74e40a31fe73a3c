#!/bin/bash
# A consumer throttled below the producer's rate falls behind all the time: from 15 s after
# the throttle on, the health line says WARN (lag only grew), for 30 s. The verdict compared
# the lag of once-a-second samples while the consumer commits once a second on librdkafka's
# timer: a second that held two commits took two seconds' reading off the lag, which looked
# like a fall, and the line said OK for up to a window while the lag grew (D8; here OK for
# 40 s from the throttle, and again later). It compares the lag each commit left now. kcat's
# high watermarks say how fast the log grew meanwhile: faster than the throttle lets the
# consumer read, so the lag cannot have fallen.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
end_offset() { kcat_high_watermark "$bootstrap" ticks 0; }
# a day of ticks every 20 ms from 2005 on: about ten at a time, a smooth stream for 80 s
tui_start_embedded "$events" 120x40 --from 2005-01-03 --ticks-per-day 1 --delay 20 --partitions 1
first=$(end_offset)
sleep 5
produced=$((($(end_offset) - first) / 5))
# the consumer reads four fifths of what is written: the lag grows by a fifth of the rate,
# and a second that holds two commits takes more off it than the log adds in that second
throttle=$((produced * 4 / 5))
note "the producer writes $produced ticks/s; throttle $throttle"
tui_command "$events" "throttle $throttle" "throttle"
throttled_at=$(event_ms "$events" 'consumer throttled')
# from 15 s after the throttle (the window of 10 s has seen the lag grow) for 30 s
from=$((throttled_at + 15000)) to=$((throttled_at + 45000))
sleep_until_ms() { local left=$(($1 - $(date +%s%3N))); ((left <= 0)) || sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"; }
sleep_until_ms "$from"
first=$(end_offset)
sleep_until_ms "$to"
grew=$((($(end_offset) - first) / 30))
note "meanwhile the log grew by $grew ticks/s, the consumer reads at most $throttle/s"
((grew > throttle)) || fail "the producer wrote $grew ticks/s, no more than the throttle: the lag may have fallen"
verdicts=$(awk -v from="$from" -v to="$to" '/ health: / { if ($1 <= from) last = $0; else if ($1 <= to) print }
	END { print last }' "$events" | sort -n)
note "verdicts from 15 s to 45 s after the throttle: $(cut -d' ' -f3- <<<"$verdicts" | cut -c1-70 | tr '\n' '|')"
! grep -v ' health: WARN' <<<"$verdicts" | grep -q . || fail "the lag only grew, yet the line did not say WARN all along:
$(awk '/ health: /' "$events")"
echo "tui lag-warn-holds: ok"
