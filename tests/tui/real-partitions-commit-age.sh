#!/bin/bash
# On a real broker, partitions added (:partitions N, as P) to the topic being read: this
# member leaves and a new one joins at once to read the new partitions, and the commit made
# on leaving was of this same topic, as kafka-consumer-groups shows. So the totals line keeps
# the commit's age through the rejoin; "no commit yet" is for a topic this member has not
# committed on, which is not this one.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-addcommit)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 3 --delay 20 \
	--log "$events"
tui_wait 'Partitions +3 assigned of 3' 30
tui_wait 'commit [0-9.]+ ?m?s ago' 30
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
	awk -v t="$topic" '$2 == t && $4 ~ /^[0-9]+$/ { n++ } END { exit n == 0 }' ||
	fail "kafka-consumer-groups shows no offset of $group committed on $topic"

tui_command "$events" "partitions 5" "topic $topic: 3 -> 5 partitions"
at=$(date +%s%3N)
while (($(date +%s%3N) < at + 4000)); do
	tui_screen | grep -q 'no commit yet' &&
		fail "the totals line says 'no commit yet' after partitions were added to $topic: $(tui_screen | grep 'no commit yet')"
	sleep 0.1
done
tui_wait 'Partitions +5 assigned of 5' 30
tui_wait 'commit [0-9.]+ ?m?s ago' 10
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui real-partitions-commit-age: ok"
