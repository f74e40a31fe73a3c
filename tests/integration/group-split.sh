#!/bin/bash
# Two kticker consumers in one group split the partitions and together read every tick
# exactly once: on the embedded cluster of a third kticker (the producer), and on the real
# broker (GROUP_SPLIT_ON=real, as real-group-split.sh runs it).
. "$TESTS_DIR/lib.sh"

TICKS=6000
group=$(unique_name split)
topic=$(unique_name split)
group_cluster "${GROUP_SPLIT_ON:-embedded}" "$topic" "$group"
group_consumer first 45
first=$!
wait_for_line "$WORK/first.err" 'assigned partitions' 30
group_consumer second 45
second=$!
wait_for_line "$WORK/second.err" 'assigned partitions' 30
# both hold partitions now: produce the ticks
timeout 90 "$KTICKER" --headless --role producer "${cluster[@]}" --topic "$topic" --count "$TICKS" \
	--delay 200 --ticks-per-day 10 --from 2017-05-01 --data "$DATA_DIR" \
	>"$WORK/producer.out" 2>"$WORK/producer.err" || fail "producer exited $?: $(tail -3 "$WORK/producer.err")"
expect_field delivered "$TICKS" "$WORK/producer.out"
# a producer alone read nothing: its end-to-end latency is unknown, not 0
grep -q '^summary: .*; end-to-end p50 - p99 -$' "$WORK/producer.out" ||
	fail "a producer alone tells an end-to-end latency: $(grep '^summary: delivery' "$WORK/producer.out")"
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
