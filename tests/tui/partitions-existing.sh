#!/bin/bash
# P asks for 3 partitions on the embedded cluster, which switches to a topic ticks.p3; one is
# there already with 4 (kcat's first write made it, at the mock's default count). kticker
# switches to it as it is, says so in the event log, and the header and P's prompt say 4,
# as kcat -L does.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
echo 'made by kcat' | kcat -P -b "$bootstrap" -t ticks.p3 2>"$WORK/kcat.err" || fail "kcat -P: $(cat "$WORK/kcat.err")"
kcat -L -b "$bootstrap" -t ticks.p3 >"$WORK/meta" 2>&1 || fail "kcat -L: $(cat "$WORK/meta")"
actual=$(sed -nE 's/.*topic "ticks\.p3" with ([0-9]+) partitions.*/\1/p' "$WORK/meta")
[[ -n "$actual" && "$actual" != 3 ]] || fail "kcat made ticks.p3 with '$actual' partitions: $(cat "$WORK/meta")"
tui_keys P
tui_wait '^Partitions:' 5
tui_keys 3 Enter
wait_for_line "$events" "topic ticks\.p3 was already there with $actual partitions, not the 3 asked for" 15
tui_wait "topic ticks\.p3 \(${actual}p\)" 15
tui_keys P
tui_wait "^Partitions: .*now $actual;" 5
tui_keys Escape
echo "tui partitions-existing: ok"
