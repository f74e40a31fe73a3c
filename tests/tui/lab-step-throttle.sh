#!/bin/bash
# . pauses the producer and produces exactly one tick per press; T throttles the consumer.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_wait 'RUNNING' 5
tui_keys .
tui_wait 'PAUSED' 5
sleep 1
sent=$(tui_value 'Producer ')
for _ in 1 2 3; do
	tui_keys .
	sleep 1
done
sleep 1
now=$(tui_value 'Producer ')
((now == sent + 3)) || fail "three steps took the sent count from $sent to $now: $(tui_screen | grep -E 'PAUSED|Producer')"
tui_screen | grep -q 'PAUSED' || fail "no longer paused after stepping"

tui_wait '^ Delivery .* throttle off' 5
tui_keys T
tui_wait '^ Delivery .* throttle 1000/s' 5
tui_keys T
tui_wait '^ Delivery .* throttle 100/s' 5
echo "tui lab-step-throttle: ok"
