#!/bin/bash
# On a real broker, partitions added while the screen reads the topic (6 -> 9 from outside
# with kafka-topics --alter, then 9 -> 12 with P): a new partition's offsets are not yet read,
# which is not a leader that has not answered (that verdict takes 3 s without an answer, and
# the new partitions have not existed that long). kcat -L names each new partition's leader
# and kcat -Q reads its high watermark from it (the leader answers); meanwhile, and for 5 s
# after kticker learns the new count, neither the health line (looked at every 0.1 s) nor the
# event log calls a new partition ERR, and the title's "N assigned of M" never has N > M.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

topic=$(unique_name real-added)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 6 --delay 20 \
	--ticks-per-day 4 --data "$DATA_DIR" --log "$events"
tui_wait 'Partitions +6 assigned of 6' 30
tui_wait '^ OK ' 30

# leaders_answer FROM TO: kcat -L names a leader for each partition FROM..TO, and kcat -Q reads
# each one's high watermark from it; waits 15 s for both, then writes the time to
# $WORK/answered (run beside the screen's watch)
leaders_answer() {
	local deadline=$((SECONDS + 15)) p
	local -a queries=()
	for ((p = $1; p <= $2; p++)); do queries+=(-t "$topic:$p:-1"); done
	until kcat_leaders "$BROKER" "$topic" | awk -v from="$1" -v to="$2" \
		'$1 >= from && $1 <= to && $2 >= 0 { n++ } END { exit n != to - from + 1 }' &&
		(($(kcat -Q -b "$BROKER" "${queries[@]}" 2>/dev/null | grep -c ' offset ') == $2 - $1 + 1)); do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
	date +%s%3N >"$WORK/answered"
}

# watch_new FROM TO SINCE_MS LEARNT: partitions FROM..TO were asked for at SINCE_MS; while kcat
# finds their leaders answering, and until 5 s after kticker learnt the new count (the event
# LEARNT), the health line (every 0.1 s) never calls one of them ERR, nor does the event log
# since SINCE_MS; and the title never says this member holds more partitions than the topic
# has ("9 assigned of 6": the count of the rows beside an older one)
watch_new() {
	local names="p($(seq -s '|' "$1" "$2"))" learnt="" line now deadline=$((SECONDS + 30))
	rm -f "$WORK/answered"
	leaders_answer "$1" "$2" &
	local kcat_pid=$!
	while [[ -z "$learnt" ]] || (($(date +%s%3N) < learnt + 5000)); do
		((SECONDS < deadline)) || fail "no event '$4' in 30 s: $(tail -3 "$events")"
		tui_screen >"$WORK/now"
		line=$(grep -E "^ ERR $names\\b" "$WORK/now" || true)
		now=$(date +%s%3N)
		title=$(grep -oE 'Partitions +[0-9]+ assigned of [0-9]+' "$WORK/now" || true)
		[[ ! "$title" =~ ([0-9]+)\ assigned\ of\ ([0-9]+) ]] || ((BASH_REMATCH[1] <= BASH_REMATCH[2])) ||
			fail "the title holds more partitions than the topic has $((now - $3)) ms after they were asked for: $title
$(cat "$WORK/now")"
		[[ -z "$line" ]] || fail "the health line calls a new partition ERR $((now - $3)) ms after they were asked for (kticker learnt the count at ${learnt:-?}, kcat found their leaders answering at $(cat "$WORK/answered" 2>/dev/null || echo '(not yet)')): $line"
		[[ -n "$learnt" ]] || learnt=$(event_ms "$events" "$4" "$3")
		sleep 0.1
	done
	wait "$kcat_pid" || fail "kcat does not read partitions $1..$2 of $topic from their leaders in 15 s: $(kcat_leaders "$BROKER" "$topic" | tr '\n' ' ')"
	awk -v from="$3" -v re="health: ERR $names:" '$1 >= from && $0 ~ re' "$events" >"$WORK/err.events"
	[[ ! -s "$WORK/err.events" ]] ||
		fail "the event log calls a new partition ERR (asked for at $3, learnt at $learnt, leaders answering kcat at $(cat "$WORK/answered")): $(head -2 "$WORK/err.events")"
	note "p$1..p$2: asked for at $3, learnt $((learnt - $3)) ms after, leaders answering kcat $(($(cat "$WORK/answered") - $3)) ms after"
}

# 6 -> 9 from outside kticker
before=$(date +%s%3N)
kafka_tool topics --bootstrap-server "$BROKER" --alter --topic "$topic" --partitions 9 \
	>"$WORK/alter.out" 2>&1 &
alter_pid=$!
watch_new 6 8 "$before" "topic $topic has 9 partitions now"
wait "$alter_pid" || fail "could not alter $topic: $(cat "$WORK/alter.out")"

# 9 -> 12 with P
tui_keys P
tui_wait 'Partitions: ' 5
before=$(date +%s%3N)
tui_keys -l 12
tui_keys Enter
watch_new 9 11 "$before" "topic $topic: 9 -> 12 partitions"

tui_wait 'Partitions +12 assigned of 12' 30
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui real-partitions-added-health: ok"
