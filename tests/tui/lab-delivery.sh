#!/bin/bash
# The Delivery line tells lost ticks: with acks=0, failed produce requests are never retried
# and the consumer sees gaps in the sequence numbers; the idempotent producer retries the same
# requests without a gap or a duplicate, and the Producer line and the event log tell of them.
. "$TESTS_DIR/lib.sh"
fail_some() {
	tui_keys :
	tui_wait '^:' 5
	tui_keys -l 'fail-produce 30 NOT_ENOUGH_REPLICAS'
	tui_wait '^:fail-produce 30 NOT_ENOUGH_REPLICAS' 5
	tui_keys Enter
	wait_for_line "$1" 'the next 30 produce requests will fail with NOT_ENOUGH_REPLICAS' 5
}

# acks=0: ticks are lost
events="$WORK/acks0.log"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --acks 0 --log "$events"
tui_wait 'acks=0 ' 15
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_wait '^ Delivery gaps 0  duplicates 0 ' 5
fail_some "$events"
tui_wait '^ Delivery gaps [1-9][0-9]* ' 15
tui_screen | grep -qE 'retries 0( |$)' || fail "acks=0 hears of no failure, yet: $(tui_screen | grep '^ Producer')"
note "acks=0: $(tui_screen | grep '^ Delivery')"
tmux -S "$TUI_SOCKET" kill-session -t "$TUI_SESSION"

# idempotent producer: retried, nothing lost, nothing doubled
events="$WORK/idempotent.log"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --idempotence --log "$events"
tui_wait 'acks=all +idempotence on' 15
tui_wait 'Consumer [1-9][0-9]* read' 20
fail_some "$events"
tui_wait 'retries [1-9]' 15
wait_for_line "$events" 'partitions? [0-9].*: [0-9]+ requests? retried after NOT_ENOUGH_REPLICAS; the idempotent producer keeps their order' 5
before=$(tui_value 'Consumer ')
sleep 10
tui_screen >"$WORK/screen.txt"
grep -q '^ Delivery gaps 0  duplicates 0 ' "$WORK/screen.txt" ||
	fail "the idempotent producer lost or doubled ticks: $(grep '^ Delivery' "$WORK/screen.txt")
$(grep -E 'gap|duplicate' "$events")"
grep -qE 'failed 0( |$)' "$WORK/screen.txt" || fail "deliveries failed: $(grep '^ Producer' "$WORK/screen.txt")"
(($(tui_value 'Consumer ') > before)) || fail "the consumer read nothing after the failures"
note "idempotent: $(grep '^ Delivery' "$WORK/screen.txt")"
echo "tui lab-delivery: ok"
