#!/bin/bash
# q with every broker down: the shutdown waits (at most 5 s) for deliveries and commits, and
# says a second Ctrl-C exits at once. It does: exit 1 within a second, the terminal restored.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 120x40
for broker in 1 2 3; do
	tui_command "$events" "broker-down $broker" "broker $broker is down"
done
sleep 1 # ticks queue up in the producer
tui_keys q
wait_for_line "$WORK/tui.err" 'a second Ctrl-C exits at once' 5
tui_keys C-c
tui_wait 'EXIT=1$' 2 # after the terminal's echo of ^C
tui_wait '^TTY echo' 5
tui_screen | grep -q '^TTY icanon on' || fail "terminal left without canonical mode: $(tui_screen | grep TTY)"
tui_screen | grep -q '^TTY echo on' || fail "terminal echo not restored: $(tui_screen | grep TTY)"
grep -q 'second signal: exiting at once' "$WORK/tui.err" || fail "no word of the second signal: $(tail -3 "$WORK/tui.err")"
echo "tui second-interrupt: ok"
