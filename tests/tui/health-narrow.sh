#!/bin/bash
# At 80 columns a long health reason takes its brief form, so the line still ends with the
# group's lag whole: after R crashes the consumer, "REBALANCING: this member waits for
# partitions | lag N  behind -" on screen (nothing held: behind is unknown; "lag -" when the
# crash came before the group's first commit), while the event log has the whole reason.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 80x24 --delay 200
tui_keys R
wait_for_line "$events" 'health: REBALANCING: this member waits for the group to assign partitions' 20
tui_wait '^ REBALANCING: this member waits for partitions \| lag (~?[0-9]+|-)  behind -( |$)' 10
echo "tui health-narrow: ok"
