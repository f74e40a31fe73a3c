#!/bin/bash
# Every topic switch on the embedded cluster costs the consumer one join, no more: librdkafka's
# mock answers a join after a leave 5 s after it, and librdkafka joins again when a metadata
# answer comes while the group's leader is about to assign (consumer.c,
# CONSUMER_METADATA_REFRESH_MS). With the consumer's periodic refresh at 5 s, the two met:
# about half the switches joined again, 5 s more each time, and one in CI never got its
# partitions before the run ended (4 switches miss that defect about 1 run in 16). Four
# switches here, 8 s apart, each with the feed paused a second before it so that no tick is
# left behind: librdkafka's own debug log must show one join a member, each new member is
# assigned within one round of the cluster, and the consumer reads every delivered tick,
# which kcat counts in the two topics apart from kticker.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

for step in '4 other' '12 ticks' '20 other' '28 ticks'; do
	read -r at topic <<<"$step"
	printf '+%d pause\n+%d topic %s\n+%d resume\n' "$at" $((at + 1)) "$topic" $((at + 2))
done >"$WORK/switch.txt"
echo '+36 pause' >>"$WORK/switch.txt"
headless_start --duration 120 --delay 500 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/switch.txt" -X debug=cgrp --log "$WORK/log"
wait_paused_delivered 36

# one join a switch: the mock's 5 s, and 2 s for a loaded machine; a second join is 5 s more
joins=0
from=0
while subscribed=$(event_ms "$WORK/log" 'info consumer: group kticker subscribed to' "$from") &&
	[[ -n "$subscribed" ]]; do
	assigned=$(wait_for_event "$WORK/log" 'info rebalance: assigned' "$subscribed" 30)
	note "member $joins: assigned $((assigned - subscribed)) ms after it subscribed"
	((assigned - subscribed <= 7000)) ||
		fail "member $joins waited $((assigned - subscribed)) ms for its partitions: $(grep -m3 'has changed' "$WORK/log")"
	joins=$((joins + 1))
	from=$((assigned + 1))
done
((joins == 5)) || fail "$joins members joined, 5 expected (the first and one a switch): $(grep -E 'info (switched|consumer: group|rebalance)' "$WORK/log")"
# librdkafka's count: the answers to its JoinGroup requests, one a member
answers=$(grep -c 'JoinGroup response: ' "$WORK/log")
((answers == joins)) || fail "$answers answers to JoinGroup for $joins members: $(grep -m3 'has changed' "$WORK/log")"

delivered=$(tail -n 1 "$WORK/out" | sed -nE 's/.* delivered ([0-9]+) .*/\1/p')
# caught up: a status line since with lag 0 (consumed counts a tick read twice twice: own, at
# the end, does not)
from=$(($(wc -l <"$WORK/out") + 1))
until tail -n +"$from" "$WORK/out" | grep -qE ' consumed [0-9]+ .* lag 0 '; do
	((SECONDS < 90)) || fail "the consumer did not catch up: $(tail -n 2 "$WORK/out")"
	sleep 0.2
done
declare -A in_topic
for t in other ticks; do
	in_topic[$t]=$(kcat_count "$bootstrap" "$t")
done
signal_and_wait "$pid" INT
((EXIT_RC == 0)) || fail "kticker exited $EXIT_RC after SIGINT: $(tail -3 "$WORK/err")"
expect_field delivered "$delivered" "$WORK/out"
((in_topic[other] + in_topic[ticks] == delivered)) ||
	fail "kcat counts ${in_topic[other]} in other and ${in_topic[ticks]} in ticks; kticker delivered $delivered"
expect_field own "$delivered" "$WORK/out"
expect_field gaps 0 "$WORK/out"
echo "topic-switch-rejoin: ok (5 joins, one each; ${in_topic[other]} ticks in other, ${in_topic[ticks]} in ticks)"
