#!/bin/bash
# The shutdown's count of delivered ticks never read is the true one when the consumer read
# some ticks twice: what it read again stands in for none of those it never read. A rewind to
# the beginning has the throttled consumer read old ticks again while new ones are delivered;
# it then leaves the topic (a switch to topic other) before reaching them. kcat reads the
# topic apart from kticker while it still runs, and --archive keeps each tick read once: the
# shutdown warning must count exactly kcat's ticks the archive does not hold.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

printf '%s\n' '+3 throttle 20' '+3 rewind beginning' '+5 pause' '+6 topic other' >"$WORK/rewind.txt"
headless_start --duration 14 --delay 1000 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --archive "$WORK/archive" --scenario "$WORK/rewind.txt"
keys_after_pause "$pid" 5
grep -q 'rewind to the beginning: 6 partitions moved back by [1-9]' "$WORK/err" ||
	fail "the rewind moved nothing back: $(grep -i rewind "$WORK/err")"

count_unread_ticks "$WORK/archive"
((unread > 0)) || fail "the consumer read every tick before the switch: nothing to check"
consumed=$(field consumed "$WORK/out")
archived=$(field archived "$WORK/out")
((consumed > archived)) || fail "nothing was read twice after the rewind ($(grep '^result:' "$WORK/out"))"
expect_field delivered "$(wc -l <"$WORK/log.ids")" "$WORK/out"
grep -qF "$unread delivered ticks were not consumed before shutdown: $unread delivered to topic ticks, which the consumer left before reading them" "$WORK/err" ||
	fail "kcat has $unread ticks the consumer never read ($((consumed - archived)) read twice): $(grep 'not consumed' "$WORK/err" || echo 'no warning')"
echo "rewind-switch-unread: ok ($unread of $(wc -l <"$WORK/log.ids") never read, $((consumed - archived)) read twice)"
