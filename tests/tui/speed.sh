#!/bin/bash
# + and - halve and double the simulated day, shown in the header.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 400 --data "$DATA_DIR"
tui_wait 'day 400ms' 15
tui_keys +
tui_wait 'day 200ms' 5
tui_keys +
tui_wait 'day 100ms' 5
tui_keys -
tui_keys -
tui_keys -
tui_wait 'day 800ms' 5
tui_wait 'one simulated day now lasts 800 ms' 5
echo "tui speed: ok"
