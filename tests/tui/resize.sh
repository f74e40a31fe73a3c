#!/bin/bash
# Below 80x24 the screen says it is too small; back at full size it draws again.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR"
tui_wait 'Quotes' 15
tui_resize 60 15
tui_wait 'Terminal too small' 5
tui_wait '60x15, needs 80x24' 5
tui_resize 80 24
tui_wait 'Partitions' 5
tui_screen | grep -q 'too small' && fail "still says too small at 80x24"
tui_resize 100 30
tui_wait 'Quotes' 5
echo "tui resize: ok"
