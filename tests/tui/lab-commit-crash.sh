#!/bin/bash
# c cycles the commit mode after -> before -> auto -> after; with "commit after", R crashes
# the consumer before it commits: the new member reads those ticks again (duplicates).
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --log "$events"
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_wait '^ Delivery .* commit after ' 5
tui_keys c
tui_wait '^ Delivery .* commit before ' 5
tui_keys c
tui_wait '^ Delivery .* commit auto ' 5
tui_keys c
tui_wait '^ Delivery .* commit after ' 5
wait_for_line "$events" 'commit mode after: ' 5
# the consumer reads again after the mode changes
read0=$(tui_value 'Consumer ')
deadline=$((SECONDS + 20))
until (($(tui_value 'Consumer ') > read0)); do
	((SECONDS < deadline)) || fail "the consumer stopped reading after the commit mode changes: $(tui_screen)"
	sleep 0.5
done
sleep 2
tui_screen | grep -q '^ Delivery gaps 0  duplicates 0 ' || fail "duplicates before the crash: $(tui_screen | grep '^ Delivery')"

tui_keys R
wait_for_line "$events" 'consumer crashed after processing [0-9]+ ' 10
crashed=$(sed -nE 's/.*consumer crashed after processing ([0-9]+) .*/\1/p' "$events" | head -n1)
start=$SECONDS
tui_wait '^ Delivery gaps [0-9]+  duplicates [1-9][0-9]* ' 20
dups=$(tui_value 'duplicates ')
note "crash after $crashed uncommitted messages; $dups duplicates after $((SECONDS - start)) s"
echo "tui lab-commit-crash: ok"
