#!/bin/bash
# On a real broker, the topic deleted while this member reads its 3 partitions (its producer
# makes it again: the broker creates topics on first use, with 1 partition), then a switch to
# another topic with t. librdkafka 2.0.2 cannot destroy a consumer whose partitions were
# deleted while it read them (a fetch queue message holds the partition: librdkafka #4724,
# fixed in 2.6.1): kcat -C -G hangs the same way when stopped. The switch closes the old
# member and opens a new one, and the new topic is read all the same:
# - kafka-consumer-groups shows the group's offsets on the new topic at its log end;
# - q exits at once, without a cut shutdown blamed on the cluster when librdkafka's old client
#   is left destroying; its status is the run's (ticks sent while the topic was gone failed).
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

first=$(unique_name real-deleted-a)
second=$(unique_name real-deleted-b)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$first" --group "$group" --partitions 3 --delay 50 \
	--ticks-per-day 1 --from 2017-05-01 --data "$DATA_DIR" --log "$events"
tui_wait 'Partitions +3 assigned of 3' 30
tui_wait '^ OK ' 30
sleep 3 # ticks read in every partition

kafka_tool topics --bootstrap-server "$BROKER" --delete --topic "$first" >"$WORK/delete.out" 2>&1 ||
	fail "kafka-topics could not delete $first: $(cat "$WORK/delete.out")"
deadline=$((SECONDS + 30))
until (($(timeout 5 kcat -C -b "$BROKER" -t "$first" -e -q 2>/dev/null | wc -l) > 0)); do
	((SECONDS < deadline)) || fail "kcat reads no tick of $first made again"
	sleep 0.2
done
wait_for_event "$events" "partition 0: read from offset" 0 20 >/dev/null

tui_keys t
tui_wait '^Topic: ' 5
tui_keys -l "$second"
tui_keys Enter
wait_for_event "$events" "switched to topic $second" 0 15 >/dev/null
tui_wait "topic $second \\(" 15
# the group's offsets on the new topic as kafka-consumer-groups describes them, at its log
# end ("PARTITION COMMITTED LOG-END"), with the producer paused so that the end stays put
sleep 5
tui_keys Space
tui_wait 'PAUSED' 5
deadline=$((SECONDS + 30))
until kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
	awk -v t="$second" '$2 == t { print $3, $4, $5 }' >"$WORK/offsets" &&
	[[ -s "$WORK/offsets" ]] && awk '$2 != $3 || $3 == 0 { bad = 1 } END { exit bad }' "$WORK/offsets"; do
	((SECONDS < deadline)) || fail "the group's offsets on $second, switched to after $first was deleted, are not at its log end (partition committed log-end): $(tr '\n' ';' <"$WORK/offsets")
$(tui_screen | grep -E '^ [A-Z]+.*lag |^ Consumer')"
	sleep 1
done

# the exit status is the run's: ticks sent while the topic was gone failed delivery (status 1,
# said so), which the shutdown must not make into a cut close
tui_keys q
tui_wait '^EXIT=' 30
if grep -E 'shutdown cut|did not answer the final commit' "$WORK/tui.err" >"$WORK/cut"; then
	fail "kticker blamed the cluster for librdkafka's old client left destroying: $(cat "$WORK/cut")"
fi
status=$(tui_screen | grep -o 'EXIT=[0-9]*' | cut -d= -f2)
((status == 0)) || grep -q "^kticker: exit status $status: [1-9][0-9]* ticks failed delivery" "$WORK/tui.err" ||
	fail "kticker exited with $status after the switch: $(tail -3 "$WORK/tui.err")"
echo "tui real-topic-deleted-switch: ok ($second committed to its log end, $(awk '{ s += $2 } END { print s }' "$WORK/offsets") ticks; exit $status: $(grep -c 'librdkafka has not destroyed' "$events") destroy left to librdkafka)"
