#!/bin/bash
# On a real Apache Kafka broker, the partitions panel agrees with Kafka's own
# kafka-consumer-groups --describe for the same group at the same moment (producer paused, so
# the moment holds still): committed offset, log end offset and lag, partition by partition.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-lag)
group=$(unique_name group)
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 4 --delay 20 \
	--ticks-per-day 4 --data "$DATA_DIR"
tui_wait "cluster 1 broker $BROKER" 20
tui_wait "topic $topic \\(4p\\)" 10
tui_wait 'Partitions +4 assigned of 4' 30
tui_wait 'Consumer [1-9][0-9]* read' 30
sleep 3
tui_keys Space
tui_wait 'PAUSED' 5
tui_wait '(^ OK|\|) lag 0  behind 0 ' 30
sleep 3 # a commit after the last message, so the group's offsets are final

tui_screen >"$WORK/screen.txt"
# panel rows: [*]P Owner Ldr LogStart HighWM Committed Position Lag TimeLag (* marks an owned one)
sed 's/^\*/ /' "$WORK/screen.txt" | awk '$1 ~ /^[0-9]+$/ && NF >= 9 && $3 ~ /^[0-9-]+$/ { print $1, $5, $6, $8 }' |
	sort -n >"$WORK/ours"
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>"$WORK/groups.err" || fail "kafka-consumer-groups: $(cat "$WORK/groups.err")"
# GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
awk -v t="$topic" '$2 == t { print $3, $5, $4, $6 }' "$WORK/groups" | sort -n >"$WORK/kafkas"
[[ -s "$WORK/kafkas" ]] || fail "kafka-consumer-groups describes no partition: $(cat "$WORK/groups")"
# every partition Kafka lists has the same high watermark, committed offset and lag on screen
while read -r partition end committed lag; do
	grep -qx "$partition $end $committed $lag" "$WORK/ours" ||
		fail "partition $partition: Kafka says end $end committed $committed lag $lag; screen: $(grep "^$partition " "$WORK/ours")"
done <"$WORK/kafkas"
total=$(awk '{ s += $3 } END { print s }' "$WORK/kafkas")
((total > 0)) || fail "nothing was committed"
note "$(wc -l <"$WORK/kafkas") partitions agree with kafka-consumer-groups, $total offsets committed"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui real-lag: ok"
