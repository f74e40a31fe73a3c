#!/bin/bash
# Switching topic away and back on a real Apache Kafka broker: each topic numbers its ticks
# apart and the consumer keeps each topic's sequence streams, so the switch back goes on with
# no gap and no duplicate. kcat reads both topics apart from kticker: every tick is there,
# once, in order.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-switch)
other=$(unique_name real-switch-other)
group=$(unique_name group)
ticks=4000
# away at 8 s (a new group's first assignment comes after about 3 s); paused long enough for
# the consumer to join the other topic and read it all before coming back
printf '8 topic %s\n10 pause\n18 topic %s\n19 resume\n' "$other" "$topic" >"$WORK/switch.txt"
timeout 180 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
	--partitions 3 --count "$ticks" --ticks-per-day 20 --from 2017-05-01 --idempotence \
	--data "$DATA_DIR" --scenario "$WORK/switch.txt" >"$WORK/out" 2>"$WORK/err" ||
	fail "exit $?: $(tail -5 "$WORK/err")"
grep -q "switched to topic $other" "$WORK/err" || fail "no switch away: $(grep scenario "$WORK/err")"
grep -q "switched to topic $topic:" "$WORK/err" || fail "no switch back: $(grep scenario "$WORK/err")"
sed -n "/switched to topic $topic:/,\$p" "$WORK/err" | grep -q "resuming at the group's committed offsets" ||
	fail "the consumer did not resume $topic where it stopped: $(grep -E 'rebalance|resuming|switched' "$WORK/err")"
expect_field own "$ticks" "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
expect_field reordered 0 "$WORK/out"

# apart from kticker: both topics hold every tick, numbered 0, 1, 2... per topic and symbol
counts=()
total=0
for t in "$topic" "$other"; do
	kcat -C -b "$BROKER" -t "$t" -e -q -f '%k\n' >"$WORK/keys" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $t: $(cat "$WORK/kcat.err")"
	n=$(wc -l <"$WORK/keys")
	((n > 0)) || fail "no tick in $t"
	check_topic "$BROKER" "$t" "$n"
	counts+=("$n")
	total=$((total + n))
done
((total == ticks)) || fail "the topics hold $total ticks (${counts[*]}), $ticks were produced"
echo "real-topic-switch-back: ok (${counts[*]} ticks in the two topics)"
