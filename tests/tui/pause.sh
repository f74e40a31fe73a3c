#!/bin/bash
# Space pauses the producer: the sent count freezes while the consumer drains lag to 0.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --ticks-per-day 4 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_keys Space
tui_wait 'PAUSED' 5
tui_wait 'producer paused' 5
sleep 1
sent=$(tui_value 'Producer ')
tui_wait '(^ OK|\|) lag 0  behind 0 ' 20
sleep 2
[[ "$(tui_value 'Producer ')" == "$sent" ]] || fail "sent count moved while paused ($sent -> $(tui_value 'Producer '))"
read_total=$(tui_value 'Consumer ')
((read_total == sent)) || fail "consumer read $read_total of $sent"
tui_keys p
tui_wait 'RUNNING' 5
sleep 2
(($(tui_value 'Producer ') > sent)) || fail "sent count did not move after resuming"
echo "tui pause: ok"
