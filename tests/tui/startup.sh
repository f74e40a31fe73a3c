#!/bin/bash
# The screen starts on the embedded cluster, and the quote table and panels fill with data.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 100 --ticks-per-day 2 --data "$DATA_DIR"
tui_wait '^ kticker +embedded 3 brokers 127\.0\.0\.1:[0-9]+' 15
tui_wait 'RUNNING +day 100ms +topic ticks \(6p\) +acks=all +idempotence on' 5
tui_wait 'Symbol +Last +Change +%Chg +High +Low +Volume +Ticks' 5
tui_wait '^ IBM +[0-9]+\.[0-9]+ +[-+][0-9]' 20
tui_wait 'Partitions +6 assigned of 6' 20
tui_wait '^[ *] +5 +[^ ]+ +[0-9]+ +[0-9]+ +[1-9][0-9]* ' 20
tui_wait 'Consumer [1-9][0-9]* read' 10
tui_wait 'rebalance: assigned partitions \[0,1,2,3,4,5\]' 5
tui_screen | grep -q 'time lag' || fail "no time lag shown"
tui_screen | grep -qE '^ (OK|WARN|REWIND|STALL|STOP|ERR|REBALANCING|NO CONSUMER|NO BROKER)( |:)' || fail "no health verdict"
tui_screen | grep -qE '[▁▂▃▄▅▆▇█]' || fail "no sparkline blocks in a UTF-8 terminal"
echo "tui startup: ok"
