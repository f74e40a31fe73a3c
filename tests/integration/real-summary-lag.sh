#!/bin/bash
# A consumer still behind when it stops: the summary's lag is what was left, not 0 (close()
# revokes every partition). Checked against the high watermarks kcat reports and the lag
# Kafka's own kafka-consumer-groups shows for the group afterwards.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

topic=$(unique_name real-summary-lag)
group=$(unique_name group)
timeout 120 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
	--partitions 2 --count 3000 --delay 0 --ticks-per-day 10 --data "$DATA_DIR" \
	>"$WORK/producer.out" 2>"$WORK/producer.err" || fail "producer exit $?: $(tail -3 "$WORK/producer.err")"
expect_field delivered 3000 "$WORK/producer.out"
echo "0 throttle 100" >"$WORK/scenario"
timeout 120 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" \
	--group "$group" --duration 6 --data "$DATA_DIR" --scenario "$WORK/scenario" \
	>"$WORK/out" 2>"$WORK/err" || fail "consumer exit $?: $(tail -3 "$WORK/err")"
consumed=$(field consumed "$WORK/out")
lag=$(field lag "$WORK/out")
committed_lag=$(field committed_lag "$WORK/out")

kcat -Q -b "$BROKER" -t "$topic:0:-1" -t "$topic:1:-1" >"$WORK/hw" 2>"$WORK/kcat.err" ||
	fail "kcat -Q: $(cat "$WORK/kcat.err")"
end=$(awk '{ sum += $NF } END { print sum }' "$WORK/hw")
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>"$WORK/groups.err" || fail "kafka-consumer-groups: $(cat "$WORK/groups.err")"
tool_lag=$(awk -v t="$topic" '$2 == t { lag += $6 } END { print lag + 0 }' "$WORK/groups")
note "high watermarks (kcat) $end, consumed $consumed, lag $lag, committed_lag $committed_lag, kafka-consumer-groups lag $tool_lag"

((end == 3000)) || fail "kcat reports $end messages, expected 3000: $(cat "$WORK/hw")"
((consumed > 0 && consumed < end)) || fail "the throttled consumer read $consumed of $end: not behind"
((lag == end - consumed)) || fail "summary lag=$lag, but $end - $consumed = $((end - consumed)) were left"
((committed_lag == tool_lag)) || fail "summary committed_lag=$committed_lag, kafka-consumer-groups says $tool_lag"
((committed_lag >= lag)) || fail "committed_lag=$committed_lag below lag=$lag"
echo "real-summary-lag: ok (lag $lag and committed_lag $committed_lag at exit, as kcat and kafka-consumer-groups count)"
