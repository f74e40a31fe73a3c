#!/bin/bash
# Ticks delivered to a topic the consumer left before reading them all are accounted for as
# such at shutdown, never as acknowledged ticks missing from the log. The consumer is
# throttled while the producer writes topic `other`, then both switch back to `ticks`: the
# consumer leaves `other` with most of its ticks unread. kcat counts both topics apart from
# kticker while it still runs: every delivered tick is in one of them, and the unread ones
# fit in `other`.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

printf '+4 topic other\n+5 throttle 20\n+10 topic ticks\n+11 throttle 0\n+16 pause\n' >"$WORK/switch.txt"
headless_start --duration 28 --delay 500 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/switch.txt"
wait_paused_delivered 16
declare -A in_topic
for t in other ticks; do
	in_topic[$t]=$(kcat_count "$bootstrap" "$t")
done
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/err")"

delivered=$(field delivered "$WORK/out")
own=$(field own "$WORK/out")
((in_topic[other] + in_topic[ticks] == delivered)) ||
	fail "kcat counts ${in_topic[other]} in other and ${in_topic[ticks]} in ticks; kticker delivered $delivered"
((own < delivered)) || fail "the consumer read all $delivered ticks: the switch left none unread"
unread=$((delivered - own))
grep -q 'acknowledged, yet not in the log' "$WORK/err" &&
	fail "unread ticks said to be missing from the log: $(grep 'not consumed' "$WORK/err")"
grep -qF "$unread delivered ticks were not consumed before shutdown: $unread delivered to topic other, which the consumer left before reading them" "$WORK/err" ||
	fail "the $unread unread ticks are not accounted to topic other: $(grep 'not consumed' "$WORK/err" || echo 'no warning')"
((unread <= in_topic[other])) || fail "$unread unread, but topic other holds ${in_topic[other]}"
echo "topic-switch-unread: ok (${in_topic[other]} in other, $unread of them unread; ${in_topic[ticks]} in ticks)"
