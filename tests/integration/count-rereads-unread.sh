#!/bin/bash
# A --count run ends once every tick it delivered was read, not once the ticks read, re-reads
# included, add up to that many. The consumer crashes (--commit after) with ticks processed
# but not committed, and its successor, throttled, reads them again before the rest: counted
# with the re-reads, the reads reach --count while the last delivered ticks are still unread.
# kcat reads the topic apart from kticker while it still runs (the successor waits out the
# dead member's 6 s session first); the --report written at exit must count every one of its
# ticks, each once.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
count=440 # 8 s of ticks: the crash at +5 s leaves 3 s of them to read after it
# the first auto commit at about +3 s, the next after the crash: ~2 s of ticks to read again
printf '%s\n' '+5 crash-consumer' '+5 throttle 50' >"$WORK/crash.txt"
headless_start --count "$count" --delay 1000 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --commit after --scenario "$WORK/crash.txt" --report "$WORK/report.csv" \
	-X auto.commit.interval.ms=3000
wait_for_line "$WORK/out" " produced $count .* delivered $count failed 0 " 40
grep -q 'a new consumer starts' "$WORK/err" || fail "no crash before the producer finished: $(tail -3 "$WORK/err")"
# (the throttled successor reads the ~550 ticks for ~11 s: kticker still runs while kcat reads)
kcat -C -b "$bootstrap" -t ticks -e -q -f '%k\t%s\n' >"$WORK/messages" 2>"$WORK/kcat.err" ||
	fail "kcat could not read ticks: $(cat "$WORK/kcat.err")"
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/err")"

again=$(sed -n 's/.*consumer crashed after processing \([0-9]*\) messages it had not committed.*/\1/p' "$WORK/err")
((again > 5)) || fail "the crash left ${again:-no} ticks to read again, not more than a throttled batch (5)"
sort -u "$WORK/messages" | cut -f1 >"$WORK/distinct-keys"
in_log=$(wc -l <"$WORK/distinct-keys")
((in_log == count)) || fail "kcat reads $in_log distinct ticks, $count were produced"
shown=$(tail -n +2 "$WORK/report.csv" | awk -F, '{ n += $2 } END { print n + 0 }')
((shown == in_log)) ||
	fail "the run ended with $((in_log - shown)) of the log's $in_log ticks never read ($(grep '^result:' "$WORK/out"); $(grep -c 'not consumed' "$WORK/err") warnings of unconsumed ticks)"
check_report_counts "$WORK/distinct-keys" "$WORK/report.csv"
expect_field lag 0 "$WORK/out"
expect_field duplicates "$again" "$WORK/out"
expect_field own $((in_log + again)) "$WORK/out"
echo "count-rereads-unread: ok ($in_log in the log, each read, $again of them twice)"
