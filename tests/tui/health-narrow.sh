#!/bin/bash
# At 80 columns a long health reason takes its brief form, so the line still ends with the
# group's lag whole: after R crashes the consumer, "REBALANCING: this member waits for
# partitions | lag N  behind -" on screen (nothing held: behind is unknown; "lag -" when the
# crash came before the group's first commit), while the event log has the whole reason.
# From the wait's first second the line counts it, "member waits for partitions 2.0s", and
# the count goes up, never past the test's own clock since R.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 80x24 --delay 200
pressed_ms=$(date +%s%3N)
tui_keys R
# told as it begins: with its count when a frame came a second or more into the wait
wait_for_line "$events" 'health: REBALANCING: this member (waits|has waited [0-9.]+s) for the group to assign partitions' 20
tail='\| lag (~?[0-9]+|-)  behind -( |$)'
tui_wait "^ REBALANCING: (this )?member waits for partitions ([0-9.]+s )?$tail" 10
counted="^ REBALANCING: member waits for partitions ([0-9]+)\\.0s $tail"
deadline=$((SECONDS + 15)) counts=""
until [[ "$counts" == *" "*" "* ]]; do # two counts, each a different second
	((SECONDS < deadline)) || fail "the wait was not counted up, second by second (counts seen:${counts:- none}; the last screen: $(cat "$WORK/screen.txt"))"
	tui_screen >"$WORK/screen.txt"
	elapsed_ms=$(($(date +%s%3N) - pressed_ms))
	count=$(sed -nE "s/$counted.*/\\1/p" "$WORK/screen.txt" | head -n1)
	if [[ -n "$count" ]]; then
		((count * 1000 <= elapsed_ms)) || fail "the line counts ${count} s of waiting, ${elapsed_ms} ms after R"
		[[ "$counts " == *" $count "* ]] || counts+=" $count"
	fi
	sleep 0.3
done
echo "tui health-narrow: ok (counts seen:$counts)"
