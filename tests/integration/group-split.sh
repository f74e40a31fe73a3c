#!/bin/bash
# Two kticker consumers in one group split the partitions and together read every tick
# exactly once: on the embedded cluster of a third kticker (the producer), and on the real
# broker (GROUP_SPLIT_ON=real, as real-group-split.sh runs it).
. "$TESTS_DIR/lib.sh"

TICKS=6000
group=$(unique_name split)
topic=$(unique_name split)
if [[ "${GROUP_SPLIT_ON:-embedded}" == real ]]; then
	need_broker
	cluster=(--broker "$BROKER")
else
	# the embedded cluster lives in a kticker that only watches, in a group of its own
	"$KTICKER" --headless --role consumer --duration 120 --data "$DATA_DIR" --topic "$topic" \
		--group "$group-watch" >"$WORK/cluster.out" 2>"$WORK/cluster.err" &
	on_exit "kill $! 2>/dev/null"
	wait_for_line "$WORK/cluster.out" '^bootstrap: ' 20
	cluster=(--broker "$(bootstrap_of "$WORK/cluster.out")")
fi
# a session short enough that the group settles within the test
start_consumer() { # NAME
	"$KTICKER" --headless --role consumer "${cluster[@]}" --topic "$topic" --group "$group" \
		--duration 45 --data "$DATA_DIR" -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 \
		>"$WORK/$1.out" 2>"$WORK/$1.err" &
	on_exit "kill $! 2>/dev/null"
}
start_consumer first
first=$!
wait_for_line "$WORK/first.err" 'assigned partitions' 30
start_consumer second
second=$!
wait_for_line "$WORK/second.err" 'assigned partitions' 30
# both hold partitions now: produce the ticks
timeout 90 "$KTICKER" --headless --role producer "${cluster[@]}" --topic "$topic" --count "$TICKS" \
	--delay 200 --ticks-per-day 10 --from 2017-05-01 --data "$DATA_DIR" \
	>"$WORK/producer.out" 2>"$WORK/producer.err" || fail "producer exited $?: $(tail -3 "$WORK/producer.err")"
expect_field delivered "$TICKS" "$WORK/producer.out"
wait "$first" || true
wait "$second" || true
total=0
for name in first second; do
	grep -q '^result:' "$WORK/$name.out" || fail "$name printed no result: $(tail -3 "$WORK/$name.err")"
	expect_field gaps 0 "$WORK/$name.out"
	expect_field duplicates 0 "$WORK/$name.out"
	n=$(field consumed "$WORK/$name.out")
	((n > 0)) || fail "$name read nothing: the partitions were not split"
	total=$((total + n))
done
((total == TICKS)) || fail "the two consumers read $total ticks together, expected exactly $TICKS"
assignments() { grep -o 'assigned partitions \[[0-9,]*\]' "$WORK/$1.err" | sed 's/assigned partitions //' | paste -sd' '; }
echo "group-split: ok ($total ticks read once; first held $(assignments first), second $(assignments second))"
