#!/bin/bash
# On a real broker, the topic deleted under a running kticker, and made again by its producer
# (the broker creates topics on first use: num.partitions=1, as kcat -L then says). The
# partitions panel shows the topic as kcat -L has it: its rows are the topic's partitions,
# none of the deleted ones (whose offsets and lag were of a log that is gone) after 15 s, and
# its title counts that many; the health line names no deleted partition. The ticks this
# member had read in the deleted partitions are not counted as read again by a next owner:
# there is none; the event log says they went with the topic.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-deleted)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 140x45 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 3 --delay 20 \
	--ticks-per-day 4 --data "$DATA_DIR" --log "$events"
tui_wait 'Partitions +3 assigned of 3' 30
tui_wait '^ OK ' 30
sleep 2 # some ticks read in every partition

kafka_tool topics --bootstrap-server "$BROKER" --delete --topic "$topic" >"$WORK/delete.out" 2>&1 ||
	fail "kafka-topics could not delete $topic: $(cat "$WORK/delete.out")"
# the topic as the cluster has it once made again: fewer partitions than the deleted one
deadline=$((SECONDS + 30))
until kcat_leaders "$BROKER" "$topic" >"$WORK/kcat" && (($(wc -l <"$WORK/kcat") == 1)); do
	((SECONDS < deadline)) || fail "kcat -L does not show $topic made again with 1 partition: $(cat "$WORK/kcat")"
	sleep 0.5
done
awk '{ print $1 }' "$WORK/kcat" >"$WORK/kcat.parts"

sleep 15
tui_frozen_screen "$WORK/screen"
sed -nE '/^ *P +Owner +Ldr /,/^ *$/p' "$WORK/screen" | grep -E '^[* ] *[0-9]+ ' |
	awk '{ print substr($0, 2, 3) + 0 }' >"$WORK/rows"
cmp -s "$WORK/rows" "$WORK/kcat.parts" ||
	fail "the rows are partitions $(tr '\n' ' ' <"$WORK/rows"), kcat -L lists $(tr '\n' ' ' <"$WORK/kcat.parts"):
$(cat "$WORK/screen")"
grep -qE '^ Partitions +[0-9]+ assigned of 1 ' "$WORK/screen" ||
	fail "the title does not count the topic's 1 partition: $(grep '^ Partitions' "$WORK/screen")"
grep -qE '^ [A-Z ]+ p[1-9][0-9]*:' "$WORK/screen" &&
	fail "the health line names a deleted partition: $(grep -E '^ [A-Z ]+ p[0-9]+:' "$WORK/screen")"
grep -qE 're-read [1-9]' "$WORK/screen" &&
	fail "ticks of deleted partitions counted as read again: $(grep '^ Delivery' "$WORK/screen")"
grep -q 'was deleted with its topic' "$events" ||
	fail "the event log does not say the ticks read went with the topic: $(grep -E 'revoke|re-read' "$events")"
echo "tui real-topic-deleted: ok"
