#!/bin/bash
# A rewind to the end moves the throttled consumer past ticks it has not read, and it never
# comes back to them. The shutdown warning counts exactly kcat's ticks that the archive (what
# the consumer read) does not hold, and says the rewind skipped them: not that the cluster
# acknowledged ticks it does not hold, which is what it said before.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

printf '%s\n' '+2 throttle 20' '+4 rewind end' '+5 throttle 0' '+6 pause' >"$WORK/ahead.txt"
headless_start --duration 16 --delay 1000 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --archive "$WORK/archive" --scenario "$WORK/ahead.txt"
keys_after_pause "$pid" 6
grep -qE 'rewind to the end: [0-9]+ partitions moved ahead by [1-9]' "$WORK/err" ||
	fail "the rewind to the end skipped nothing: $(grep -i rewind "$WORK/err")"

count_unread_ticks "$WORK/archive"
((unread > 0)) || fail "the consumer read every tick: nothing to check"
grep -qF "$unread delivered ticks were not consumed before shutdown: a rewind moved the consumer past them" "$WORK/err" ||
	fail "kcat has $unread ticks the consumer never read after its rewind ahead: $(grep 'not consumed' "$WORK/err" || echo 'no warning')"
echo "rewind-ahead-unread: ok ($unread of $(wc -l <"$WORK/log.ids") skipped by the rewind)"
