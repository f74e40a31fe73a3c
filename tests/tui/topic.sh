#!/bin/bash
# t opens a prompt listing topics; a new name creates the topic, the consumer resubscribes
# and the panels start afresh.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --delay 50 --data "$DATA_DIR"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_keys t
tui_wait '^Topic: .*topics: .*ticks' 5
tui_keys -l other
tui_keys Enter
tui_wait 'topic other \(6p\)' 15
tui_wait 'switched to topic other' 5
tui_wait 'consumer: group kticker subscribed to other' 5
tui_wait 'rebalance: assigned partitions' 30 # 5 to 15 s after a switch here (the man page's t key)
tui_wait '^ IBM ' 30
# a bad name is refused with a message, nothing changes
tui_keys t
tui_keys -l 'no way'
tui_keys Enter
tui_wait "'no way' is not a valid topic name" 5
tui_screen | grep -q 'topic other (6p)' || fail "topic changed after a bad name"
echo "tui topic: ok"
