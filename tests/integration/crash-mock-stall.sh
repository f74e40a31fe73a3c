#!/bin/bash
# The consumer crashes on the embedded cluster and its successor joins the group; then the
# whole process stops for 4.5 s (SIGSTOP: what a loaded machine's scheduler or a debugger can
# do), across the moment the group was to elect. librdkafka 2.0.2's mock cluster then counts
# the successor's session as expired while its JoinGroup waits for an answer, drops it, and
# never reads that connection again: unless the client stops waiting for that answer, the
# successor is never given a partition. It must be given them again, and read every tick the
# topic holds, by kcat's count.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

# successor_assigned: the group gave a member partitions since the crash
successor_assigned() {
	sed -n '/consumer crash requested/,$p' "$WORK/err" | grep -q 'rebalance: assigned partitions'
}

printf '%s\n' '+4 crash-consumer' '+36 pause' >"$WORK/crash.txt"
headless_start --duration 45 --delay 500 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --commit after --scenario "$WORK/crash.txt"
wait_for_line "$WORK/err" 'consumer crash requested' 30
# the successor's JoinGroup is sent at once; the group elects 5 s later (its session less a
# second), and its session would end a second after that: the stop spans both
sleep 3.5
kill -STOP "$pid"
! successor_assigned ||
	fail "the successor was given partitions before the stop: the stop did not span the group's election"
sleep 4.5
kill -CONT "$pid"
deadline=$((SECONDS + 45)) # the join given up 23 s after it began, then the group's 3 s
until successor_assigned; do
	((SECONDS < deadline)) || fail "the consumer that followed the crash was never given a partition: $(grep -E 'rebalance|group' "$WORK/err" | tail -5)"
	sleep 0.2
done
keys_after_pause "$pid" 36

in_log=$(wc -l <"$WORK/keys")
duplicates=$(field duplicates "$WORK/out")
expect_field delivered "$in_log" "$WORK/out"
expect_field lag 0 "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field own $((in_log + duplicates)) "$WORK/out"
echo "crash-mock-stall: ok (successor assigned after the stall; $in_log ticks in the log, $duplicates read twice)"
