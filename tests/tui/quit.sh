#!/bin/bash
# q exits 0, flushes the producer, commits offsets and restores the terminal.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_keys q
tui_wait '^EXIT=0' 20
tui_wait '^result: produced=[0-9]+ delivered=[0-9]+ failed=0 ' 5
tui_wait '^TTY echo' 5
tui_screen | grep -q '^TTY icanon on' || fail "terminal left without canonical mode: $(tui_screen | grep TTY)"
tui_screen | grep -q '^TTY echo on' || fail "terminal echo not restored: $(tui_screen | grep TTY)"
grep -q 'flushing the producer and committing offsets' "$WORK/tui.err" || fail "no shutdown message"
echo "tui quit: ok"
