#!/bin/bash
# SIGHUP to the screen (a terminal window closed, an SSH session dropped) is a clean quit, as
# q is: the alternate screen left, the terminal restored, offsets committed, summary printed.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
shell=$(tmux -S "$TUI_SOCKET" display-message -p -t "$TUI_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$shell" -x kticker) || fail "no kticker process under the pane's shell $shell"
kill -HUP "$pid"
tui_wait '^EXIT=0' 20
tui_wait '^result: produced=[0-9]+ delivered=[0-9]+ failed=0 ' 5
tui_wait '^TTY echo' 5
tui_screen | grep -q '^TTY icanon on' || fail "terminal left without canonical mode: $(tui_screen | grep TTY)"
tui_screen | grep -q '^TTY echo on' || fail "terminal echo not restored: $(tui_screen | grep TTY)"
grep -q 'flushing the producer and committing offsets' "$WORK/tui.err" || fail "no shutdown message"
echo "tui signal-hup: ok"
