#!/bin/bash
# A --count run whose consumer skips ticks and comes back to them: a rewind to the end passes
# over ticks not yet read, and a rewind to the beginning then reads them. Each tick read counts
# once, when it is first read, wherever that is: the run ends with every tick read, exit 0,
# and no warning of ticks not consumed. The archive, which holds what the consumer read, is
# the independent count: every one of the --count ticks is in it.
. "$TESTS_DIR/lib.sh"
count=800
printf '%s\n' '+2 throttle 20' '+4 rewind end' '+5 throttle 0' '+6 rewind beginning' >"$WORK/skip.txt"
rc=0
timeout 60 "$KTICKER" --headless --count "$count" --delay 1000 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/skip.txt" --archive "$WORK/archive" \
	>"$WORK/out" 2>"$WORK/err" || rc=$?
grep -q '^result:' "$WORK/out" || fail "no summary (exit $rc): $(tail -3 "$WORK/err")"
grep -qE 'rewind to the end: [0-9]+ partitions moved ahead by [1-9]' "$WORK/err" ||
	fail "the rewind to the end skipped nothing: $(grep -i rewind "$WORK/err")"
read=$(archived_tick_ids "$WORK/archive" | wc -l)
((read == count)) || fail "the archive holds $read distinct ticks, $count were produced"
! grep -q 'not consumed' "$WORK/err" || fail "every tick was read (the archive), kticker warns: $(grep 'not consumed' "$WORK/err")"
((rc == 0)) || fail "every tick was read (the archive), kticker exited $rc: $(grep '^result:' "$WORK/out")"
echo "count-skip-forward: ok ($count read, $(field consumed "$WORK/out") reads in all)"
