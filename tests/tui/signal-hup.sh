#!/bin/bash
# SIGHUP to the screen (a terminal window closed, an SSH session dropped) is a clean quit, as
# q is: the alternate screen left, the terminal restored, offsets committed, summary printed.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
shell=$(tmux -S "$TUI_SOCKET" display-message -p -t "$TUI_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$shell" -x kticker) || fail "no kticker process under the pane's shell $shell"
kill -HUP "$pid"
tui_expect_clean_exit
echo "tui signal-hup: ok"
