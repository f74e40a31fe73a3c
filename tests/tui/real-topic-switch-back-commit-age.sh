#!/bin/bash
# Back on a topic this member committed on before it switched away, the health line's commit
# age is of that commit (the one made on leaving: the man page's "the commit it makes on
# leaving a topic is of that topic"), never "no commit yet". The producer is paused first, so
# nothing new comes to commit after the switch back; kafka-consumer-groups shows the group's
# committed offsets on the topic, at its log end, before the switch away. (On 8f923e8 the line
# said "no commit yet" from the switch back until the producer resumed.)
. "$TESTS_DIR/lib.sh"
need_broker

first=$(unique_name real-back-a)
second=$(unique_name real-back-b)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$first" --group "$group" --partitions 1 --delay 50 \
	--data "$DATA_DIR" --log "$events"
tui_wait ' commit [0-9.]+[mu]?s ago' 30
tui_keys Space
tui_wait ' PAUSED ' 5

# committed_at_end: the partition of $first has the group's offset committed at its log end
committed_at_end() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
		awk -v t="$first" '$2 == t { n++; if ($4 ~ /^[0-9]+$/ && $4 == $5) done++ }
			END { exit !(n == 1 && done == 1) }'
}
deadline=$((SECONDS + 30))
until committed_at_end; do
	((SECONDS < deadline)) || fail "the group's offsets on $first are not at its log end within 30 s"
	sleep 0.5
done

tui_switch_topic "$second" "$events" "$group"
tui_switch_topic "$first" "$events" "$group"
# the age is shown once the group's committed offsets, read back at the assignment, are found
# to be those this member left (real-topic-switch-back-commit-gone.sh: when they are not)
tui_wait ' commit [0-9.]+[mu]?s ago' 10
for i in $(seq 10); do
	tui_frozen_screen "$WORK/back.$i"
	line=$(grep -E '^ (OK|WARN|STOP|ERR|REWIND|STALL|NO CONSUMER|REBALANCING)' "$WORK/back.$i") || true
	! grep -q 'no commit yet' <<<"$line" || fail "back on $first, where this member committed before it switched away (kafka-consumer-groups: $(kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null | awk -v t="$first" '$2 == t { printf "p%s committed %s ", $3, $4 }')), the health line says:
$line"
	sleep 0.3
done
note "back on $first: $line"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui real-topic-switch-back-commit-age: ok"
