#!/bin/bash
# A real broker of the test's own hangs (SIGSTOP) for 12 s, then goes on (SIGCONT). With
# compression none, the Producer line's payload-to-wire ratio ("13kB/s none 0.8x") can never
# pass 1.0: the wire carries every payload byte plus its framing. The ratio shown on the screen,
# sampled every 0.15 s from before the hang until 10 s after it, stays at or under 1.0. It used
# to count, against the first request after the hang, all the payload handed to the producer
# during it ("none 1838.2x" after a 30 s hang).
. "$TESTS_DIR/lib.sh"

own_broker "$WORK/broker" # hung here: a shared one would hang every other test's run
broker_pid=$(cat "$WORK/broker/broker.pid")
on_exit "kill -CONT $broker_pid 2>/dev/null" # before its stop (steps run last first)

topic=$(unique_name pause-ratio)
tui_start 200x40 --broker "$BROKER" --topic "$topic" --group "$(unique_name group)" \
	--partitions 3 --delay 100 --ticks-per-day 20 --data "$DATA_DIR" --from 2017-05-01 \
	-X compression.codec=none
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 60
tui_wait '^ Producer .* none [0-9.]+x ' 20

# sample SECONDS LABEL: the Producer line's ratio every 0.15 s for SECONDS, as "LABEL RATIO"
# lines in $WORK/ratios (no ratio shown: "LABEL -")
sample() {
	local until_ms=$(($(date +%s%3N) + $1 * 1000)) line ratio
	while (($(date +%s%3N) < until_ms)); do
		line=$(tui_screen | grep '^ Producer ' || true)
		ratio=$(sed -nE 's/.*B\/s none ([0-9.]+)x .*/\1/p' <<<"$line")
		echo "$2 ${ratio:--}" >>"$WORK/ratios"
		sleep 0.15
	done
}

sample 3 before
kill -STOP "$broker_pid"
note "broker $broker_pid hung"
sample 12 hung
kill -CONT "$broker_pid"
note "broker $broker_pid goes on"
sample 10 after

# the producer delivers again after the hang (or the check saw no request after it)
before=$(tui_value 'Producer ')
tui_wait '^ Producer .* none [0-9.]+x ' 10
sleep 2
(($(tui_value 'Producer ') > before)) || fail "the producer sends nothing after the hang: $(tui_screen | grep '^ Producer ')"

for phase in before hung after; do
	note "$phase: $(awk -v p="$phase" '$1 == p { n++; if ($2 != "-") { shown++; if ($2 + 0 > max) max = $2 + 0 } }
		END { printf "%d screens, %d with a ratio, max %s", n, shown, shown ? max "x" : "-" }' "$WORK/ratios")"
done
awk '$1 == "before" && $2 != "-" { ok = 1 } END { exit !ok }' "$WORK/ratios" ||
	fail "no ratio on the Producer line before the hang"
awk '$1 == "after" && $2 != "-" { ok = 1 } END { exit !ok }' "$WORK/ratios" ||
	fail "no ratio on the Producer line after the hang"
awk '$2 != "-" && $2 + 0 > 1.0 { print; bad = 1 } END { exit bad }' "$WORK/ratios" >"$WORK/over" ||
	fail "with compression none the Producer line showed more payload than wire bytes ($(sort -k2 -g "$WORK/over" | tail -1 | cut -d' ' -f2)x, $(wc -l <"$WORK/over") screens): $(sort -u "$WORK/over" | tr '\n' ',')"
tui_keys q
tui_wait '^EXIT=0' 60
echo "tui real-pause-ratio: ok"
