#!/bin/bash
# R crashes the consumer (commit after processing) while the producer runs; once the dead
# member's session is over, the new one takes its partitions. Nobody committed while the log
# grew: the verdict may say STOP until the new member's first commit, then OK. It never says
# STALL ("committed unchanged" while its owner commits): the owner that did not commit is
# gone, and the one that commits now has not yet committed for these partitions.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
tui_keys R
wait_for_line "$events" 'consumer crashed after processing' 10
crash_ms=$(event_ms "$events" 'consumer crashed after processing')
within_ms "$events" 'consumer crashed after processing' 'health: OK' 40000
sleep 3 # the window's next samples hold the new member's commits
verdicts=$(awk -v from="$crash_ms" '$1 >= from && / health: /' "$events")
note "verdicts since the crash: $(cut -d' ' -f3- <<<"$verdicts" | tr '\n' '|')"
! grep -q 'health: STALL' <<<"$verdicts" || fail "a STALL after the takeover: the member holding the partition had not committed for it yet:
$verdicts"
echo "tui health-takeover: ok"
