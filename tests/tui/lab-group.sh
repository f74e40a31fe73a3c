#!/bin/bash
# g opens the group overlay (on the embedded cluster: no DescribeGroups, but this member's
# partitions); any other key closes it. ? lists the lab keys and scrolls when taller than
# the screen.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8
tui_wait 'Partitions +6 assigned of 6' 20
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_screen | grep -q 'Group kticker' && fail "the group overlay shows before g"
tui_keys g
tui_wait 'Group kticker' 5
tui_wait 'mock answers no DescribeGroups' 5
tui_wait "this kticker's member holds partitions 0,1,2,3,4,5" 5
tui_keys x
sleep 1
tui_screen | grep -qE "Group kticker|member holds partitions" && fail "the group overlay did not close: $(tui_screen)"

tui_keys '?'
tui_wait 'kticker keys' 5
tui_screen >"$WORK/help1.txt"
# the whole help, as the screen shows it page after page
cp "$WORK/help1.txt" "$WORK/help.txt"
for _ in 1 2 3 4; do
	tui_keys Space
	sleep 0.5
	tui_screen >>"$WORK/help.txt"
done
tui_screen >"$WORK/help-end.txt"
cmp -s "$WORK/help1.txt" "$WORK/help-end.txt" && fail "Space did not scroll the help"
# binding lines: the key, then what it does
grep -qE ' g +the group' "$WORK/help.txt" || fail "help: no g (group) line"
grep -qE ' l +log view' "$WORK/help.txt" || fail "help: no l (log view) line"
grep -qE ' b +take a broker down' "$WORK/help.txt" || fail "help: no b (broker down) line"
grep -qE ' : +type a command' "$WORK/help.txt" || fail "help: no : (command) line"
grep -q 'q F10' "$WORK/help.txt" || fail "the end of the help (q F10) never scrolled into view"
# the first binding scrolled off the top, and j/k move by one line
grep -q 'Space p' "$WORK/help-end.txt" && fail "the help did not scroll: $(cat "$WORK/help-end.txt")"
tui_keys x # any other key closes the help
sleep 1
tui_screen | grep -q 'kticker keys' && fail "the help did not close"
tui_keys '?'
tui_wait 'kticker keys' 5
tui_wait 'Space p' 5
tui_keys j
sleep 0.5
tui_screen | grep -q 'Space p' && fail "j did not scroll the help"
tui_keys k
tui_wait 'Space p' 5
tui_keys x
sleep 1
tui_screen | grep -q 'kticker keys' && fail "the help did not close"
echo "tui lab-group: ok"
