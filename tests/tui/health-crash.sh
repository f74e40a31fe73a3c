#!/bin/bash
# R crashes the consumer while the producer runs: within 2 s the health line stops saying OK
# (the member is gone, then a new one waits for partitions) and the consumer's rate reads 0;
# once the new member has its partitions, OK again.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
tui_keys R
wait_for_line "$events" 'consumer crashed after processing' 10
within_ms "$events" 'consumer crashed after processing' 'health: (NO CONSUMER|REBALANCING)' 2000
tui_wait '^ (NO CONSUMER|REBALANCING): ' 5
tui_wait 'Consumer [0-9]+ read 0/s' 5
tui_screen | grep -qE '^\*' && fail "rows still marked as this member's after the crash: $(tui_screen)"
# the new member gets the partitions once the dead one's session is over
within_ms "$events" 'consumer crashed after processing' 'health: OK' 40000
tui_wait '^\*  0 me ' 5
echo "tui health-crash: ok"
