#!/bin/bash
# + and - halve and double the simulated day, shown in the header; :delay sets it, within the
# limits --delay has (an hour), and - stops there.
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
tui_keys : 'delay 2000000' Enter
tui_wait 'day 2000000ms' 5
tui_keys : 'delay 3600001' Enter
tui_wait "'3600001' is not a number from 0 to 3600000" 5
tui_screen | grep -q 'day 2000000ms' || fail "a refused :delay changed the day: $(tui_screen | sed -n 2p)"
tui_keys -
tui_wait 'day 3600000ms' 5
tui_wait 'one simulated day now lasts 3600000 ms' 5
echo "tui speed: ok"
