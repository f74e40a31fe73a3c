#!/bin/bash
# a cycles acks all -> 0 -> 1 -> all, i toggles idempotence; the producer is rebuilt each time
# without losing a tick. Idempotence is on by default, and acks=0 turns it off.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'acks=all +idempotence on' 15
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_keys a
tui_wait 'acks=0 +idempotence off' 5
tui_wait 'acks=0: rebuilding the producer' 5
tui_keys a
tui_wait 'acks=1 ' 5
tui_keys a
tui_wait 'acks=all +idempotence off' 5
tui_wait 'producer kt-[0-9a-f]+: topic ticks, acks=all, idempotence off' 10
tui_keys i
tui_wait 'acks=all +idempotence on' 5
tui_wait 'idempotence on: rebuilding the producer' 10
tui_keys a
tui_wait 'acks=0 +idempotence off' 5
tui_keys Space
tui_wait '(^ OK|\|) lag 0  behind 0 ' 30
sleep 1
sent=$(tui_value 'Producer ')
read_total=$(tui_value 'Consumer ')
((sent == read_total)) || fail "after rebuilds, $sent sent but $read_total read"
tui_screen | grep -q 'failed 0' || fail "deliveries failed across rebuilds"
echo "tui acks: ok"
