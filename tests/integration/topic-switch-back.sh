#!/bin/bash
# Switching topic away and back on the embedded cluster: each topic numbers its ticks apart
# and the consumer keeps each topic's sequence streams, so the ticks that went to the other
# topic are no gap, and the streams read again after the switch back go on with no gap and
# no duplicate. kcat reads both topics apart from kticker: every tick is there, once, in order.
. "$TESTS_DIR/lib.sh"

ticks=4000
# away at 8 s (the first assignment comes after 3 s); paused long enough for the consumer to
# join the other topic and read it all before coming back
printf '8 partitions 3\n10 pause\n18 topic ticks\n19 resume\n' >"$WORK/switch.txt"
"$KTICKER" --headless --duration 120 --count "$ticks" --ticks-per-day 20 --from 2017-05-01 \
	--idempotence --data "$DATA_DIR" --scenario "$WORK/switch.txt" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/out" '^bootstrap: ' 20
bootstrap=$(bootstrap_of "$WORK/out")
wait_for_line "$WORK/err" "producer stopped: --count reached after $ticks ticks" 90
wait_for_line "$WORK/out" "consumed $ticks " 60
grep -q 'switched to topic ticks.p3' "$WORK/err" || fail "no switch away: $(grep scenario "$WORK/err")"
grep -q 'switched to topic ticks:' "$WORK/err" || fail "no switch back: $(grep scenario "$WORK/err")"
# the consumer had read ticks before it left: back, it resumed where it stopped
sed -n '/switched to topic ticks:/,$p' "$WORK/err" | grep -q "resuming at the group's committed offsets" ||
	fail "the consumer did not resume ticks where it stopped: $(grep -E 'rebalance|resuming|switched' "$WORK/err")"

# apart from kticker: both topics hold every tick, numbered 0, 1, 2... per topic and symbol
counts=()
for topic in ticks ticks.p3; do
	kcat -C -b "$bootstrap" -t "$topic" -e -q -f '%k\n' >"$WORK/$topic.keys" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $topic: $(cat "$WORK/kcat.err")"
	n=$(wc -l <"$WORK/$topic.keys")
	((n > 0)) || fail "no tick in $topic"
	check_topic "$bootstrap" "$topic" "$n"
	counts+=("$topic $n")
done
total=$(($(wc -l <"$WORK/ticks.keys") + $(wc -l <"$WORK/ticks.p3.keys")))
((total == ticks)) || fail "the topics hold $total ticks, $ticks were produced (${counts[*]})"

kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT: $(tail -3 "$WORK/err")"
expect_field own "$ticks" "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
expect_field reordered 0 "$WORK/out"
echo "topic-switch-back: ok (${counts[*]})"
