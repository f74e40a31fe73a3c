#!/bin/bash
# q exits 0, flushes the producer, commits offsets and restores the terminal.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_keys q
tui_expect_clean_exit
echo "tui quit: ok"
