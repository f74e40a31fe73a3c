#!/bin/bash
# On a real broker, the topic deleted and made again under its name (1 partition, offsets from
# 0 again) while this member holds none of its partitions: this member read the old log's
# partition 0 to its end, then handed it to a second member (a headless kticker, whose client
# id sorts first, so the range assignor gives it partitions 0 and 1, and the re-made topic's
# only one), which reads the new log and commits its end. This member's row of partition 0
# shows the new log's high watermark as kcat reads it, and no lag: not the high watermark it
# had read of the deleted log (which made the health line say "STALL p0: committed 11
# unchanged for 10 s, lag 225" of a group that had read all). Then the second member leaves
# and this member takes partition 0 back: until its own fetch answers, the high watermark
# librdkafka kept is the deleted log's, which the row must not show either.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-remade-hw)
group=$(unique_name group)
events="$WORK/events.log"

# produce COUNT FROM OPTION...: a headless producer of COUNT ticks of the test data from FROM
produce() {
	local count=$1 from=$2
	shift 2
	timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
		--count "$count" --from "$from" --delay 20 --data "$DATA_DIR" "$@" \
		>>"$WORK/producer.out" 2>>"$WORK/producer.err" ||
		fail "the producer of $count ticks failed: $(tail -n3 "$WORK/producer.err")"
}
# partition_0_position: partition 0's Position on the screen ("" without a row)
partition_0_position() {
	tui_partition_rows | awk '{ o = substr($0, 1, 1) == "*" } $(1 + o) == 0 { print $(7 + o) }'
}
# wait_read_to_end: waits (30 s) until this member's position in partition 0 is kcat's end
wait_read_to_end() {
	local end deadline=$((SECONDS + 30))
	end=$(kcat_high_watermark "$BROKER" "$topic" 0)
	until [[ "$(partition_0_position)" == "$end" ]]; do
		((SECONDS < deadline)) || fail "partition 0 not read to kcat's end $end: $(tui_partition_rows | tr '\n' ';')"
		sleep 0.2
	done
	echo "$end"
}

produce 900 2017-05-01 --partitions 3 # some 300 ticks a partition
tui_start 140x45 --broker "$BROKER" --topic "$topic" --group "$group" --role consumer \
	--data "$DATA_DIR" --log "$events"
tui_wait 'Partitions +3 assigned of 3' 30
old_end=$(wait_read_to_end)

"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	-X client.id=a-second --duration 120 --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
second=$!
on_exit "kill $second 2>/dev/null"
wait_for_line "$WORK/second.err" 'assigned partitions' 40
tui_wait 'Partitions +1 assigned of 3' 30
[[ -z "$(tui_partition_rows | awk '$1 == "*" && $2 != 2')" ]] ||
	fail "this member holds more than partition 2: $(tui_partition_rows | tr '\n' ';')"

kafka_tool topics --bootstrap-server "$BROKER" --delete --topic "$topic" >"$WORK/delete.out" 2>&1 ||
	fail "kafka-topics could not delete $topic: $(cat "$WORK/delete.out")"
# the re-made topic's first ticks, read and committed by the second member (the broker makes
# it with 1 partition, as anything of the members' that asks about it first does)
produce 11 2017-05-01 --partitions 1
partitions=$(kcat -L -b "$BROKER" -t "$topic" 2>/dev/null | grep -c 'partition [0-9]*,')
((partitions == 1)) || fail "$topic made again with $partitions partitions, not 1: $(kcat -L -b "$BROKER" -t "$topic" 2>&1 | tr '\n' ';')"
deadline=$((SECONDS + 40))
until kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
	awk -v t="$topic" '$2 == t { print $3, $4, $5, $7 }' >"$WORK/offsets" &&
	awk '$1 != 0 || $2 != $3 || $4 !~ /^a-second/ { bad = 1 } END { exit bad || NR != 1 }' "$WORK/offsets"; do
	((SECONDS < deadline)) || fail "the second member did not commit the re-made topic's end (partition committed log-end consumer-id): $(tr '\n' ';' <"$WORK/offsets")"
	sleep 1
done
end=$(kcat_high_watermark "$BROKER" "$topic" 0)
# "HIGHWM LAG" of partition 0's row, as the screen shows them: the figures that end under the
# titles' ends (the Owner column is blank until the group is described)
partition_0_ends() {
	if [[ -n "${TUI_SCREEN_FILE:-}" ]]; then cat "$TUI_SCREEN_FILE"; else tui_screen; fi | awk '/^ *P +Owner +Ldr / { h = index($0, "HighWM") + 5; l = index($0, " Lag ") + 3; next }
		h && /^[* ] +0 / { a = substr($0, 1, h); b = substr($0, 1, l); sub(/.* /, "", a); sub(/.* /, "", b)
			print a, b; exit }'
}
deadline=$((SECONDS + 10))
until [[ "$(partition_0_ends)" == "$end 0" ]]; do
	((SECONDS < deadline)) || fail "partition 0's row is not the re-made log's high watermark $end and lag 0 (HighWM Lag) 10 s after the second member committed its end: $(partition_0_ends)
$(tui_screen | grep -E '^ *P Owner|^[* ] +[0-9]+ |lag ')"
	sleep 0.2
done
# the second member leaves, and this member takes partition 0: its row shows the new log's
# high watermark (or says it is old) from the moment it does, not the deleted log's that
# librdkafka kept from this member's fetches (sampled until 5 s after it holds it)
kill -TERM "$second"
deadline=$((SECONDS + 60))
held_until=
until [[ -n "$held_until" ]] && ((SECONDS >= held_until)); do
	((SECONDS < deadline)) || fail "this member did not take partition 0 within 60 s: $(tui_partition_rows | tr '\n' ';')"
	tui_screen >"$WORK/taking"
	[[ -z "$held_until" ]] && grep -qE 'Partitions +1 assigned of 1' "$WORK/taking" && held_until=$((SECONDS + 5))
	TUI_SCREEN_FILE="$WORK/taking" partition_0_ends | awk -v e="$end" '$1 ~ /^[0-9]+$/ && $1 != e' >>"$WORK/wrong"
	sleep 0.1
done
[[ ! -s "$WORK/wrong" ]] || fail "partition 0's row showed another high watermark than the re-made log's $end as this member took it (HighWM Lag): $(sort | uniq -c <"$WORK/wrong" | tr '\n' ';')"
echo "tui real-topic-remade-watermark: ok (partition 0 read to $old_end in the old log; its row shows the new log's $end, as kcat)"
