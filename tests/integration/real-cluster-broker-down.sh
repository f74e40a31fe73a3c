#!/bin/bash
# A broker of a real three-broker cluster that is not the group's coordinator killed with
# SIGKILL, and kept down: once the leaders have moved off it, every row stays current (no ~)
# and the health line says no ERR and never NO BROKER. Every other round used to wait on the
# dead broker to describe the group before showing its offsets, so half the rows flapped
# between ~ and current, and the verdict with them.
#
# KILL=coordinator (real-cluster-coordinator-kill.sh) kills the coordinator instead. While it
# moves, the other brokers still answer: the health line names the coordinator, never NO
# BROKER, and the rows a live broker leads keep a current log start and high watermark (no ~),
# never ahead of what kcat -Q reads.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

own_cluster_named broker-down
cluster_topic "$state" "$topic"

# rows: "partition leader log-start high-watermark committed lag" of each row on the screen
rows() { tui_partition_rows | sed 's/^\*/ /' | awk '{ print $1, $3, $4, $5, $6, $8 }'; }
# high_watermark P: partition P's high watermark as kcat -Q reads it
high_watermark() {
	kcat -Q -b "$brokers" -t "$topic:$1:-1" 2>/dev/null | sed -nE 's/.*\] offset ([0-9]+)$/\1/p'
}

events="$WORK/events.log"
tui_start 160x50 --broker "$brokers" --topic "$topic" --group "$group" --delay 200 \
	--ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --log "$events"
tui_wait '^ OK ' 60
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20

first=$(group_coordinator "$state" "$group")
[[ "$first" =~ ^[1-3]$ ]] || fail "kafka-consumer-groups names no coordinator of $group"
victim=$((first % 3 + 1))
[[ "${KILL:-}" == coordinator ]] && victim=$first
killed_at=$(wc -l <"$events")
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
note "killed broker $victim; the coordinator of $group was $first"

# while the coordinator moves: the rows a live broker leads stay current, the verdict names it
coordinator_moves() {
	# the coordinator moves only once the controller fences the dead broker (seconds): meanwhile
	# the health line says what does not answer, and never that no broker does
	local deadline=$((SECONDS + 15))
	local said='^ ERR: the group coordinator has not answered for [0-9.]+ ?s: committed offsets unknown'
	until tui_screen | grep -qE "$said"; do
		! tui_screen | grep -E '^ NO BROKER' >"$WORK/health" ||
			fail "the health line says NO BROKER while only broker $victim, the coordinator, is down: $(cat "$WORK/health")"
		((SECONDS < deadline)) || fail "the health line does not name the coordinator within 15 s: $(
			tui_screen | grep -E '^ (OK|WARN|REWIND|STALL|STOP|ERR|REBALANCING|NO )')"
		sleep 0.3
	done
	rows >"$WORK/rows"
	while read -r p leader start hw committed lag; do
		[[ "$leader" == "$victim" ]] && continue # its offsets are old readings, rightly
		[[ "$start$hw" != *'~'* ]] || fail "partition $p, led by live broker $leader, shows old log start or high watermark while only the coordinator is down:
$(cat "$WORK/rows")"
		[[ "$hw" =~ ^[0-9]+$ ]] || fail "partition $p, led by live broker $leader, shows no high watermark: $hw"
		truth=$(high_watermark "$p")
		[[ -n "$truth" ]] && ((hw <= truth)) ||
			fail "partition $p shows high watermark $hw, kcat -Q reads '$truth' after it"
	done <"$WORK/rows"
}
if ((victim == first)); then
	coordinator_moves
fi
wait_for_kcat_leaders "$brokers" "$topic" 6 "$WORK/leaders"
deadline=$((SECONDS + 30))
while awk -v dead="$victim" '$2 == dead || $2 < 0 { bad = 1 } END { exit !bad }' "$WORK/leaders"; do
	((SECONDS < deadline)) || fail "leaders did not move off broker $victim: $(tr '\n' ' ' <"$WORK/leaders")"
	sleep 0.5
	wait_for_kcat_leaders "$brokers" "$topic" 6 "$WORK/leaders"
done
tui_wait '^ OK ' 30

# with broker $victim still down, every row stays current: 12 s is several of the old flaps
settled_at=$(wc -l <"$events")
until_s=$((SECONDS + 12))
while ((SECONDS < until_s)); do
	rows >"$WORK/rows"
	! grep -q '~' "$WORK/rows" || fail "rows marked old (~) while broker $victim is down and their leaders answer:
$(cat "$WORK/rows")
kcat -L leaders: $(tr '\n' ' ' <"$WORK/leaders")"
	sleep 0.3
done
tail -n +$((settled_at + 1)) "$events" | grep 'health: ERR' | head -3 >"$WORK/flaps" || true
[[ ! -s "$WORK/flaps" ]] || fail "health said ERR while broker $victim stayed down: $(cat "$WORK/flaps")"
tail -n +$((killed_at + 1)) "$events" | grep 'health: NO BROKER' | head -1 >"$WORK/no-broker" || true
[[ ! -s "$WORK/no-broker" ]] || fail "health said NO BROKER while two brokers answered: $(cat "$WORK/no-broker")"
echo "real-cluster-broker-down${KILL:+ ($KILL)}: ok"
