#!/bin/bash
# On a real broker, the topic deleted and made again under its name (1 partition, offsets from
# 0 again) while this member holds none of its partitions: this member read the old log's
# partition 0, handed it to a second member (a headless kticker, whose client id sorts first,
# so the range assignor gives it partitions 0 and 1, and the re-made topic's only one), which
# reads the new log and commits there; once it leaves, this member takes partition 0 at that
# committed offset, far below the offsets it had read of the old log, and reads the ticks
# produced after. They are new: every quote's Last is the close of its symbol's latest tick
# in the topic as kcat reads it (the offsets read in the old log hid them as read already).
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-remade-unheld)
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
committed=$(cut -d' ' -f2 "$WORK/offsets")
kill -TERM "$second"
wait "$second" || note "the second member exited with $? (its partitions' topic was deleted under it): $(grep -m3 -iE 'error|fail' "$WORK/second.err" | tr '\n' ';')"
tui_wait 'Partitions +1 assigned of 1' 60
# the ticks this member reads: two days of every symbol trading, days the old log never had
produce 22 2018-01-08
new_end=$(wait_read_to_end)
((new_end < old_end)) || fail "the re-made topic's end $new_end is not below the old one's $old_end"

# "SYMBOL CLOSE" of each symbol's latest tick in the topic, and "SYMBOL LAST" on the screen
timeout 20 kcat -C -b "$BROKER" -t "$topic" -e -q -f '%s\n' |
	sed -nE 's/.*"symbol":"([^"]+)".*"close":([-0-9.e]+).*/\1 \2/p' |
	awk '{ last[$1] = $2 } END { for (s in last) print s, last[s] }' | sort >"$WORK/kcat"
[[ -s "$WORK/kcat" ]] || fail "kcat reads no tick of $topic"
tui_frozen_screen "$WORK/screen"
awk '/^ Symbol +Last / { q = 1; next } /^ Partitions / { q = 0 }
     q && $2 ~ /^~?[0-9.]+$/ { sub(/^~/, "", $2); print $1, $2 }' "$WORK/screen" | sort >"$WORK/shown"
join -a1 "$WORK/kcat" "$WORK/shown" | awk 'NF < 3 { print; bad = 1; next }
	{ d = $2 - $3; if (d < 0) d = -d; if (d > 0.0001 * $2 + 0.005) { print; bad = 1 } } END { exit bad }' \
	>"$WORK/differ" ||
	fail "the quotes are not the latest ticks of $topic made again, read from offset $committed (symbol, kcat's close, screen's Last): $(tr '\n' ';' <"$WORK/differ")
$(cat "$WORK/screen")"
echo "tui real-topic-remade-unheld: ok (partition 0 read to $old_end in the old log; taken back at $committed in the new one and read to $new_end; $(wc -l <"$WORK/kcat") quotes its latest ticks)"
