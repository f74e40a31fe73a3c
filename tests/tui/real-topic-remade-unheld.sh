#!/bin/bash
# On a real broker, the topic deleted and made again under its name (1 partition, offsets from
# 0 again) while this member holds none of its partitions: this member read the old log's
# partition 0, handed it to a second member (a headless kticker, whose client id sorts first,
# so the range assignor gives it partitions 0 and 1, and the re-made topic's only one), which
# reads the new log and commits there; once it leaves, this member takes partition 0 at that
# committed offset, far below the offsets it had read of the old log, and reads the ticks
# produced after. They are new: every quote's Last is the close of its symbol's latest tick
# in the topic as kcat reads it (the offsets read in the old log hid them as read already).
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-remade-unheld)
group=$(unique_name group)
events="$WORK/events.log"

remade_while_held_elsewhere
committed=$(cut -d' ' -f2 "$WORK/offsets")
kill -TERM "$second"
wait "$second" || note "the second member exited with $? (its partitions' topic was deleted under it): $(grep -m3 -iE 'error|fail' "$WORK/second.err" | tr '\n' ';')"
tui_wait 'Partitions +1 assigned of 1' 60
# the ticks this member reads: two days of every symbol trading, days the old log never had
remade_produce 22 2018-01-08
new_end=$(wait_read_to_end)
((new_end < old_end)) || fail "the re-made topic's end $new_end is not below the old one's $old_end"

check_quotes_are_kcat_latest "made again, read from offset $committed"
echo "tui real-topic-remade-unheld: ok (partition 0 read to $old_end in the old log; taken back at $committed in the new one and read to $new_end; $(wc -l <"$WORK/kcat") quotes its latest ticks)"
