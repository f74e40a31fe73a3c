#!/bin/bash
# A real broker of the test's own hangs (SIGSTOP) for 15 s while kticker produces, then goes
# on (SIGCONT). The test's clock is the independent source: every tick sent during the hang
# waits for it, so the delivery latency of the ticks of those seconds is at least the time
# since the hang began, and once acknowledged, at least the hang's length. The Producer line's
# "ack p50 X p99 Y", sampled every 0.2 s: before the hang a p99 under 2 s, unmarked (no '>':
# no tick waiting decides it; under a second as the sampling starts); from 3 s into
# the hang on, a p99 of at least 90 % of the time the test measured since the hang began
# (less 0.5 s: the figure is known to a tenth of a second below, and a frame may be that old);
# for the first 5 s after SIGCONT (the acknowledgements of the hang's ticks are then still in
# the 5 to 10 s the quantiles cover, or the ticks still wait) at least 90 % of the hang; then
# back under a second, unmarked, within 30 s. It used to count only the acknowledgements that
# arrived: "p99 106ms" beside 2.2 k ticks waiting 40 s, or "-" once none arrived.
# The latency histogram beside them, too: 15 s into the hang its last column is its highest.
. "$TESTS_DIR/lib.sh"

own_broker "$WORK/broker" # hung here: a shared one would hang every other test's run
broker_pid=$(cat "$WORK/broker/broker.pid")
on_exit "kill -CONT $broker_pid 2>/dev/null" # before its stop (steps run last first)

topic=$(unique_name ack-waiting)
tui_start 200x40 --broker "$BROKER" --topic "$topic" --group "$(unique_name group)" \
	--partitions 3 --delay 100 --ticks-per-day 20 --data "$DATA_DIR" --from 2017-05-01
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 60
# the start-up's latencies (the topic's creation) past: under a second
tui_wait '^ Producer .* ack p50 [0-9.]+[um]s p99 [0-9.]+[um]s ' 30

now_ms() { date +%s%3N; }
# sample SECONDS LABEL SINCE_MS: every 0.2 s for SECONDS, a line "LABEL MS P99" in
# $WORK/samples: MS the test's time since SINCE_MS, taken before the screen is, P99 as shown
sample() {
	local until_ms=$(($(now_ms) + $1 * 1000)) at p99
	while (($(now_ms) < until_ms)); do
		at=$(($(now_ms) - $3))
		p99=$(tui_screen | sed -nE 's/^ Producer .* ack p50 [^ ]+ p99 ([^ ]+) .*/\1/p')
		echo "$2 $at ${p99:-(none)}" >>"$WORK/samples"
		sleep 0.2
	done
}

sample 3 before "$(now_ms)"
hung_ms=$(now_ms)
kill -STOP "$broker_pid"
note "broker $broker_pid hung"
sample 15 hung "$hung_ms"
note "$(($(now_ms) - hung_ms)) ms into the hang: $(tui_screen | grep '^ Producer ')"
# the latency histogram beside them (1ms, a column per doubling, 8s) counts the waiting ticks
# too: no acknowledgement is left in its window, and most ticks sent in these 15 s have waited
# past 4.2 s, its last column's (beyond 8 s too); it used to be empty, a flat floor
spark=$(tui_screen | sed -nE 's/^ Producer .* 1ms(.*)8s .*/\1/p')
[[ "$spark" == *█ ]] ||
	fail "15 s into the hang, the latency histogram's last column (4.2 s and more) is not its highest: '$spark'"
kill -CONT "$broker_pid"
resumed_ms=$(now_ms)
hang=$((resumed_ms - hung_ms))
note "broker $broker_pid goes on after $hang ms"
deadline=$((SECONDS + 30))
# after the hang, until the p99 is under a second and unmarked (at least 5 s)
while ((SECONDS < deadline)); do
	sample 1 after "$resumed_ms"
	last=$(tail -n1 "$WORK/samples")
	[[ "$last" =~ \ [0-9.]+[um]s$ ]] && (($(cut -d' ' -f2 <<<"$last") >= 5000)) && break
done
note "$(tui_screen | grep '^ Producer ')"

# each sample with its p99 in ms (a '>' kept in front), and what it had to be at least
ms() { awk '{ v = $3; at = (sub(/^>/, "", v) ? ">" : ""); n = v + 0
	if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000
	if (v !~ /^[0-9.]+(us|ms|s)$/) n = -1
	print $1, $2, at n }' "$WORK/samples"; }
ms >"$WORK/p99"
note "p99 over the run (phase, ms since its start, p99 ms), each change of the figure's tenth of a second:
$(awk '{ key = $1 " " int(substr($3, ($3 ~ /^>/) + 1) / 100) ($3 ~ /^>/) } key != last { last = key; print }' "$WORK/p99")"
grep -q '^before ' "$WORK/p99" || fail "no sample before the hang"
awk '$1 == "before" && !($3 ~ /^[0-9.]+$/ && $3 >= 0 && $3 < 2000) { print; bad = 1 } END { exit bad }' \
	"$WORK/p99" >"$WORK/bad.before" || fail "before the hang, a p99 not under 2 s, or marked: $(head -3 "$WORK/bad.before" | paste -sd';')"
awk '$1 == "hung" && $2 >= 3000 { v = $3; sub(/^>/, "", v); if (v + 0 < 0.9 * $2 - 500 || v < 0) { print; bad = 1 } }
	END { exit bad }' "$WORK/p99" >"$WORK/bad.hung" ||
	fail "$(wc -l <"$WORK/bad.hung") samples of the hang's showed a p99 below 90 % of the wait the test measured (less 0.5 s), e.g. (ms since the hang, p99 ms): $(head -3 "$WORK/bad.hung" | cut -d' ' -f2- | paste -sd';')"
awk -v hang="$hang" '$1 == "after" && $2 < 5000 { v = $3; sub(/^>/, "", v); if (v + 0 < 0.9 * hang - 500 || v < 0) { print; bad = 1 } }
	END { exit bad }' "$WORK/p99" >"$WORK/bad.after" ||
	fail "in the 5 s after a $hang ms hang, $(wc -l <"$WORK/bad.after") samples showed a p99 below 90 % of it (less 0.5 s), e.g. (ms since SIGCONT, p99 ms): $(head -3 "$WORK/bad.after" | cut -d' ' -f2- | paste -sd';')"
tail -n1 "$WORK/p99" | awk '$1 == "after" && $2 >= 5000 && $3 ~ /^[0-9.]+$/ && $3 < 1000 { ok = 1 } END { exit !ok }' ||
	fail "the p99 did not come back under a second within 30 s of the hang's end: $(tail -n1 "$WORK/samples")"
note "back to $(tail -n1 "$WORK/samples" | cut -d' ' -f3) $(($(tail -n1 "$WORK/samples" | cut -d' ' -f2) / 1000)) s after SIGCONT"
tui_keys q
tui_wait '^EXIT=0' 60
echo "tui real-ack-latency-waiting: ok"
