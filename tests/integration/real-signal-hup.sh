#!/bin/bash
# SIGHUP (as when the terminal or SSH session goes away) stops kticker as SIGTERM does: the
# summary is printed, the offsets of what was read are committed (Kafka's own
# kafka-consumer-groups says so), and the exit status is that of a normal end (0 here).
# librdkafka's periodic commit is pushed far out, so only the shutdown can commit.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-hup)
group=$(unique_name g)
TICKS=2000
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 3 \
	--replication-factor 1 >/dev/null 2>"$WORK/topics.err" || fail "create topic: $(cat "$WORK/topics.err")"
timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" --count "$TICKS" \
	--delay 0 --data "$DATA_DIR" >"$WORK/producer.out" 2>"$WORK/producer.err" ||
	fail "producer failed: $(tail -3 "$WORK/producer.err")"
"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--duration 120 --data "$DATA_DIR" -X auto.commit.interval.ms=600000 \
	>"$WORK/out" 2>"$WORK/err" &
consumer=$!
on_exit "kill $consumer 2>/dev/null"
wait_for_line "$WORK/out" "consumed $TICKS " 60
kill -HUP "$consumer"
rc=0
wait "$consumer" || rc=$?
((rc == 0)) || fail "exit $rc after SIGHUP, expected 0: $(tail -3 "$WORK/err")"
grep -q '^summary: ' "$WORK/out" || fail "no summary after SIGHUP"
expect_field consumed "$TICKS" "$WORK/out"
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/describe" 2>"$WORK/describe.err" || fail "kafka-consumer-groups: $(cat "$WORK/describe.err")"
committed=$(awk -v t="$topic" '$2 == t { sum += $4 } END { print sum + 0 }' "$WORK/describe")
((committed == TICKS)) || fail "committed offsets add up to $committed, not $TICKS: $(cat "$WORK/describe")"
echo "real-signal-hup: ok ($committed offsets committed after SIGHUP)"
