#!/bin/bash
# ? shows every key binding; any key closes the overlay.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR"
tui_wait 'Quotes' 15
tui_keys '?'
tui_wait 'kticker keys' 5
for key in 'Space p' 'Tab' 'q F10' 'P ' 'Ctrl-L'; do
	tui_screen | grep -qF "$key" || fail "help does not list '$key'"
done
tui_keys x
sleep 1
tui_screen | grep -q 'kticker keys' && fail "help did not close"
tui_keys F1
tui_wait 'kticker keys' 5
echo "tui help: ok"
