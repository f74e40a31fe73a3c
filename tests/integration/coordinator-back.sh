#!/bin/bash
# Every broker of the embedded cluster down, the group coordinator with them, then broker 1
# back: kticker's controller moves the coordinator to it, so the consumer joins its group (or
# keeps it), reads every tick delivered and commits them all. Left on a downed broker, the
# group had no coordinator: nothing was read, or nothing committed.
# The steps count from the feed's start, which waits for the consumer's first assignment, so
# ticks were read before the fault. Whether the member stays in its group depends on how soon
# librdkafka reconnects to broker 1 (its reconnect backoff grows towards 10 s while every broker
# refuses): if no heartbeat is answered within the session timeout (6 s, so 4 s after broker 1
# is back), the member loses its partitions and re-reads what it read since its last commit
# before the fault. Kafka delivers at least once; kticker says so and counts those as rereads
# (CI run 10: rebalances=4, rereads=961, consumed 3672 of 2711; 1 of 7 runs under 3 busy
# loops). Either way every tick is read, and each extra read is accounted for.
. "$TESTS_DIR/lib.sh"
printf '+2 broker-down 1\n+2 broker-down 2\n+2 broker-down 3\n+4 broker-up 1\n' >"$WORK/faults.txt"
rc=0
"$KTICKER" --headless --duration 20 --delay 200 --ticks-per-day 4 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/faults.txt" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 0)) || fail "kticker exited $rc: $(tail -3 "$WORK/err")"
produced=$(field produced "$WORK/out")
((produced > 0)) || fail "nothing produced: $(grep '^result:' "$WORK/out")"
expect_field delivered "$produced" "$WORK/out"
# a request in flight to a broker taken down may be written twice: each copy is a duplicate
consumed=$(field consumed "$WORK/out") duplicates=$(field duplicates "$WORK/out")
rereads=$(field rereads "$WORK/out")
((consumed - duplicates - rereads == produced)) ||
	fail "read $consumed ticks, $duplicates written twice, $rereads read again, of $produced: $(grep '^result:' "$WORK/out")"
expect_field gaps 0 "$WORK/out"
expect_field committed_lag 0 "$WORK/out"
grep -q 'controller: the group coordinator moved from broker 3, down, to broker 1' "$WORK/err" ||
	fail "no coordinator move told: $(grep -E 'broker|coordinator' "$WORK/err" | grep -v FAIL | tail -5)"
echo "coordinator-back: ok"
