#!/bin/bash
# ? shows every key binding; any key closes the overlay.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR"
tui_wait 'Quotes' 15
tui_keys '?'
tui_wait 'kticker keys' 5
# the list is taller than the screen: scroll through it, collecting what it shows
for page in 1 2 3 4; do
	tui_screen >>"$WORK/help.txt"
	tui_keys Space
	sleep 0.3
done
for key in 'Space p' 'Tab' 'q F10' 'P ' 'Ctrl-L' 'broker down' 'log view' 'broker-down [ID' 'rewind beginning|end' 'freeze the screen'; do
	grep -qF "$key" "$WORK/help.txt" || fail "help does not list '$key'"
done
tui_screen | grep -q 'kticker keys' || fail "Space closed the help instead of scrolling it"
tui_keys x
sleep 1
tui_screen | grep -q 'kticker keys' && fail "help did not close"
tui_keys F1
tui_wait 'kticker keys' 5
echo "tui help: ok"
