#!/bin/bash
# The real broker killed (SIGKILL) under a running screen: within 2 s the health line says
# NO BROKER, never OK, and the consumer's rate reads 0; the broker restarted, OK again.
# A broker of its own, since it is killed.
. "$TESTS_DIR/lib.sh"
state="$WORK/broker"
own_broker "$state"
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$(unique_name nobroker)" --data "$DATA_DIR" \
	--from 2017-05-01 --delay 200 --ticks-per-day 4 --log "$events"
tui_wait '^ OK ' 60
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20
killed_ms=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" kill "$state"
seen_ms=$(wait_for_event "$events" 'health: NO BROKER' "$killed_ms" 10)
note "NO BROKER $((seen_ms - killed_ms)) ms after the kill"
((seen_ms - killed_ms <= 2000)) || fail "NO BROKER came $((seen_ms - killed_ms)) ms after the kill"
tui_wait '^ NO BROKER: ' 5
tui_wait 'Consumer [0-9]+ read 0/s' 5
back_ms=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" >/dev/null
wait_for_event "$events" 'health: (OK|WARN)' "$back_ms" 60 >/dev/null
echo "tui real-no-broker: ok"
