#!/bin/bash
# Lesson 9 (Batching and compression) as its text says, on the embedded cluster, with the
# per-second figures of --metrics: the longer linger.ms, the later the acks (median p50 at
# linger 0 < 50 < 500, and the histogram's peak moves right); at 500 the ack p99 nears half a
# second (250..800 ms) while at 0 it is far below (under half of that) and sent/s stays the
# same; z names each codec in the event log and on the producer line.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
metrics="$WORK/metrics.csv"
tui_start 200x45 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 20 --delay 100 \
	--log "$events" --metrics "$metrics"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_wait ' linger 0 ms' 5

# window NAME ROWS: the next ROWS seconds of --metrics (after one to settle) in $WORK/NAME.csv
window() {
	local from
	from=$(($(wc -l <"$metrics") + 1))
	local deadline=$((SECONDS + $2 + 15))
	until (($(wc -l <"$metrics") >= from + $2)); do
		((SECONDS < deadline)) || fail "--metrics stopped growing: $(tail -3 "$metrics")"
		sleep 0.5
	done
	sed -n "$((from + 1)),$((from + $2))p" "$metrics" >"$WORK/$1.csv"
}
# median NAME COLUMN: the median of a column of the window NAME (7: ack p50 ms, 8: p99 ms,
# 2: produced/s)
median() {
	cut -d, -f"$2" "$WORK/$1.csv" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# peak: the octave (0: 1 ms .. 12: 8 s) of the producer line's latency histogram's tallest bar
peak() {
	tui_screen | grep '^ Producer ' | python3 -c '
import re, sys
bars = re.search("1ms([▁▂▃▄▅▆▇█]+)8s", sys.stdin.read()).group(1)
print(max(range(len(bars)), key=lambda i: ("▁▂▃▄▅▆▇█".index(bars[i]), -i)))'
}
# linger MS: L, and the producer rebuilt with that linger.ms
linger() {
	tui_keys L
	wait_for_line "$events" "linger.ms=$1: rebuilding the producer" 10
	tui_wait " linger $1 ms" 5
}

window l0 8
peak0=$(peak)
linger 5
linger 50
window l50 5
linger 500
window l500 8
peak500=$(peak)
tui_wait 'ack p50 [0-9.]+m?s p99 [0-9.]+m?s ' 1
note "linger 0: $(median l0 7) / $(median l0 8) ms (p50 / p99), $(median l0 2) sent/s, histogram peak octave $peak0"
note "linger 50: $(median l50 7) / $(median l50 8) ms"
note "linger 500: $(median l500 7) / $(median l500 8) ms, $(median l500 2) sent/s, peak octave $peak500"
note "screen at 500: $(tui_screen | grep -oE 'ack p50 [^ ]+ p99 [^ ]+')"
awk -v a="$(median l0 7)" -v b="$(median l50 7)" -v c="$(median l500 7)" 'BEGIN { exit !(a < b && b < c) }' ||
	fail "ack p50 does not grow with linger: $(median l0 7), $(median l50 7), $(median l500 7) ms"
# linger holds batches back, so the p99 cannot be far under 500 ms; above it, only a loaded
# machine's delays add (bounded loosely: 1.5 s)
awk -v p="$(median l500 8)" 'BEGIN { exit !(p >= 250 && p <= 1500) }' ||
	fail "at linger 500 the ack p99 is $(median l500 8) ms, not near half a second"
awk -v a="$(median l0 8)" -v b="$(median l500 8)" 'BEGIN { exit !(a * 2 < b) }' ||
	fail "at linger 0 the ack p99 is $(median l0 8) ms, not far below $(median l500 8) ms"
# the pace is the producer's (--delay), not linger's: the same within a loaded machine's noise
awk -v a="$(median l0 2)" -v b="$(median l500 2)" 'BEGIN { exit !(b > a / 2 && b < a * 2) }' ||
	fail "sent/s changed with linger: $(median l0 2) at 0, $(median l500 2) at 500"
((peak500 >= peak0 + 4)) || fail "the histogram's peak moved from octave $peak0 only to $peak500"

# back to linger 5, then each codec in turn
linger 0
linger 5
for codec in gzip snappy lz4 zstd none; do
	tui_keys z
	wait_for_line "$events" "compression=$codec: rebuilding the producer" 10
	tui_wait "^ Producer .* $codec [0-9.]+x " 10
done
echo "tui lesson-batching: ok"
