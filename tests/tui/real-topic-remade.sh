#!/bin/bash
# On a real broker, the topic deleted under a running kticker and made again by its producer
# (the broker creates topics on first use: 1 partition). The re-made topic's offsets start at
# 0 again, below those this member had read and committed in the deleted one; its ticks are
# new all the same. Paused once kcat reads some ticks of the re-made topic:
# - what the member read there is committed: kafka-consumer-groups shows the group's offset at
#   the log's end (librdkafka 2.0.2 commits no stored offset short of the one its client last
#   committed, and the member went STALL);
# - the quote table shows them: every quote's Last is the close of its symbol's latest tick in
#   the topic as kcat reads it (the offsets read before hid them as read already);
# - the health line never said REWIND: the committed offset fell with the log's end, to the
#   new log's, and no member moved it back ("REWIND p0: committed went back from 112 to 47").
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-remade)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 140x45 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 3 \
	--delay 500 --ticks-per-day 1 --from 2017-05-01 --data "$DATA_DIR" --log "$events"
tui_wait 'Partitions +3 assigned of 3' 30
tui_wait '^ OK ' 30
sleep 30 # some 150 ticks read in partition 0 (24 a second in all)
tui_frozen_screen "$WORK/before"
read_before=$(awk '/^[* ] +0 / { print $(substr($0, 1, 1) == "*" ? 7 : 6) }' "$WORK/before")

kafka_tool topics --bootstrap-server "$BROKER" --delete --topic "$topic" >"$WORK/delete.out" 2>&1 ||
	fail "kafka-topics could not delete $topic: $(cat "$WORK/delete.out")"
# paused once the re-made topic has ticks, fewer than this member had read of its partition 0
deadline=$((SECONDS + 30))
until (($(timeout 5 kcat -C -b "$BROKER" -t "$topic" -e -q 2>/dev/null | wc -l) > 0)); do
	((SECONDS < deadline)) || fail "kcat reads no tick of $topic made again: $(kcat_leaders "$BROKER" "$topic" | tr '\n' ' ')"
	sleep 0.2
done
tui_keys Space
tui_wait 'PAUSED' 5
# the group's offsets as kafka-consumer-groups describes them: "PARTITION COMMITTED LOG-END"
deadline=$((SECONDS + 20))
until kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
	awk -v t="$topic" '$2 == t { print $3, $4, $5 }' >"$WORK/offsets" &&
	awk '$2 != $3 { bad = 1 } END { exit bad || NR != 1 }' "$WORK/offsets"; do
	((SECONDS < deadline)) || fail "the group's offsets in $topic made again are not at the log's end (partition committed log-end): $(tr '\n' ';' <"$WORK/offsets")
$(tui_screen | grep -E '^ [A-Z]+.*lag ')"
	sleep 1
done
check_quotes_are_kcat_latest "made again"
if grep 'health: REWIND' "$events" >"$WORK/rewinds"; then
	fail "the health line said REWIND for the log made again: $(tr '\n' ';' <"$WORK/rewinds")"
fi
echo "tui real-topic-remade: ok (partition 0 read to offset $read_before before the delete; now committed to the log end, $(cut -d' ' -f2 "$WORK/offsets"); $(wc -l <"$WORK/kcat") quotes its latest ticks)"
