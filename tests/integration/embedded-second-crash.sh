#!/bin/bash
# A second kticker given --broker to the first one's embedded cluster knows it for librdkafka's
# mock by its cluster id, and its consumer takes the settings kticker's own use there: killed
# with SIGKILL, a member of it holds its partitions for a 6 s session, not librdkafka's default
# 45 s (the mock's group waits 44 s for it then), so one started in its place is given them
# within seconds.
. "$TESTS_DIR/lib.sh"

"$KTICKER" --headless --duration 90 --delay 50 --data "$DATA_DIR" >"$WORK/first.out" 2>"$WORK/first.err" &
on_exit "kill $! 2>/dev/null"
wait_for_line "$WORK/first.out" '^bootstrap: ' 20
bootstrap=$(bootstrap_of "$WORK/first.out")

# second NAME: a consumer-only kticker of the first one's ticks, in group "second"
second() {
	"$KTICKER" --headless --role consumer --broker "$bootstrap" --topic ticks --group second \
		--duration 60 --data "$DATA_DIR" >"$WORK/$1.out" 2>"$WORK/$1.err" &
	on_exit "kill $! 2>/dev/null"
}
second doomed
doomed=$!
wait_for_line "$WORK/doomed.err" 'rebalance: assigned partitions' 30
grep -q "librdkafka's mock cluster (another kticker's embedded one)" "$WORK/doomed.err" ||
	fail "the second kticker did not tell the mock cluster: $(grep 'cluster at' "$WORK/doomed.err")"
{ kill -KILL "$doomed" && wait "$doomed"; } 2>/dev/null || true
started=$SECONDS
second again
# the dead member's session (6 s), the group's wait for it (5 s), and a join the mock may drop
# (given up after 23 s, then its 3 s): under the 44 s of librdkafka's default session
wait_for_line "$WORK/again.err" 'rebalance: assigned partitions' 40
echo "embedded-second-crash: ok (the member in the dead one's place held partitions after $((SECONDS - started)) s)"
