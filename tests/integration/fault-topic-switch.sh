#!/bin/bash
# A broker taken down while kticker shows one topic and brought back after a switch to
# another: the controller gives each topic's partitions back to the leaders they had, and the
# second topic's are never told as elected when the first topic's move. Topic other is made
# first, every broker up, and kcat -L, read apart from kticker, reads its leaders then and
# after the broker is back: the same. Back on other with the broker down, kticker moves
# other's partitions it led to live replicas (kcat -L shows none on it), and back with it.
# At 48 partitions the mock's random leaders make a partition of the first topic led by the
# downed broker, whose namesake in the second is led by another, all but certain
# (1 - (7/9)^48).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

# broker-down with no id takes a broker that leads partitions; broker-up brings it back
printf '1 topic other\n2 topic ticks\n4 broker-down\n6 topic other\n10 broker-up\n' >"$WORK/faults.txt"
headless_start --duration 60 --partitions 48 --delay 500 --ticks-per-day 10 \
	--from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/faults.txt"
wait_for_line "$WORK/err" 'switched to topic ticks' 20
wait_for_kcat_leaders "$bootstrap" other 48 "$WORK/before"
wait_for_line "$WORK/err" 'is down: its connections are cut' 20
down=$(sed -n 's/.*broker \([0-9]*\) is down: its connections are cut.*/\1/p' "$WORK/err")
wait_for_line "$WORK/err" "controller: other: [0-9]+ offline partitions elected a live replica leader" 20
kcat_leaders "$bootstrap" other >"$WORK/during"
awk -v b="$down" '$2 == b { found = 1 } END { exit found }' "$WORK/during" ||
	fail "broker $down is down and leads partitions of other: $(awk -v b="$down" '$2 == b' "$WORK/during" | tr '\n' ' ')"
wait_for_line "$WORK/err" 'is up again' 20
# two of the control worker's leader readings (one every 2 s) after the broker came back
sleep 5
kcat_leaders "$bootstrap" other >"$WORK/after"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT: $(tail -5 "$WORK/err")"
grep -q 'controller: moved the leadership of [1-9]' "$WORK/err" || fail "no leader moved: $(grep broker "$WORK/err")"
cmp -s "$WORK/before" "$WORK/after" || fail "with the broker back, other's leaders are not those it had: $(diff "$WORK/before" "$WORK/after")"
elections=$(sed -n '/switched to topic other/,$p' "$WORK/err" | grep -E 'partition [0-9]+: (leader|ISR)' || true)
[[ -z "$elections" ]] || fail "no election happened (kticker's controller moved the leaders), kticker told: $(head -5 <<<"$elections")"
echo "fault-topic-switch: ok"
