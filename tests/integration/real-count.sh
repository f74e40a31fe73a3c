#!/bin/bash
# Headless against a real Apache Kafka broker: kticker creates the topic, every tick arrives
# exactly once and in order (checked apart from kticker with kcat), and Kafka's own
# kafka-consumer-groups sees the group's offsets committed with no lag left. A second run
# finds the topic in the cluster's first answer and writes to it as it is.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-count)
group=$(unique_name group)
timeout 180 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
	--partitions 6 --count 20000 --delay 0 --ticks-per-day 2 --idempotence --data "$DATA_DIR" \
	>"$WORK/out" 2>"$WORK/err" || fail "exit $?: $(tail -5 "$WORK/err")"
grep -q "created topic $topic: 6 partitions, replication factor 1" "$WORK/err" ||
	fail "topic not created: $(grep -i topic "$WORK/err")"
grep -q "^bootstrap: $BROKER\$" "$WORK/out" || fail "bootstrap line is not the broker given"
expect_exactly_once 20000 "$WORK/out"
check_topic "$BROKER" "$topic" 20000

kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>"$WORK/groups.err" || fail "kafka-consumer-groups: $(cat "$WORK/groups.err")"
# columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
awk -v t="$topic" '$2 == t { n++; committed += $4; end += $5; lag += $6 }
	END { printf "%d %d %d %d\n", n, committed, end, lag }' "$WORK/groups" >"$WORK/sums"
read -r partitions committed end lag <"$WORK/sums"
# (only partitions that received ticks have a committed offset to list)
((partitions >= 1)) || fail "kafka-consumer-groups lists no partition: $(cat "$WORK/groups")"
((end == 20000 && committed == 20000 && lag == 0)) ||
	fail "committed $committed of $end, lag $lag: $(cat "$WORK/groups")"
timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
	--partitions 3 --count 10 --delay 0 --data "$DATA_DIR" >"$WORK/out2" 2>"$WORK/err2" ||
	fail "second run: exit $?: $(tail -5 "$WORK/err2")"
grep -q "topic $topic exists with 6 partitions" "$WORK/err2" ||
	fail "second run did not find the topic: $(grep -i topic "$WORK/err2")"
! grep -q "created topic" "$WORK/err2" || fail "second run created the topic again"
expect_field delivered 10 "$WORK/out2"

echo "real-count: ok"
