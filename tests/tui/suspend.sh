#!/bin/bash
# Ctrl-Z. Under a shell with job control kticker stops (the kernel says so in /proc), the
# shell has its terminal back, and after fg the whole screen is drawn again and q still quits
# cleanly. With no job control (tmux's own pane command, an orphaned process group) the stop
# is discarded, and the whole screen must come back at once: only the changed spans of each
# frame were drawn, on a cleared terminal, so its fixed rows stayed blank for good.
. "$TESTS_DIR/lib.sh"

# whole_screen_back: the rows no frame changes are on the screen again
whole_screen_back() {
	tui_wait '^ kticker  embedded ' 5
	tui_wait '^ Quotes ' 5
	tui_wait '^ +P +Owner +Ldr ' 5
}

tui_start_embedded "$WORK/events.log" 120x40
tui_keys C-z
sleep 1 # ncurses' handler leaves curses mode at the next frame's wait, within 100 ms
whole_screen_back
tui_keys q
tui_expect_clean_exit

# a shell of its own in tmux, with job control
jobs_start --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 4
jobs_keys C-z
jobs_wait 'Stopped' 5
state=$(awk '{ print $3 }' "/proc/$pid/stat")
[[ "$state" == T ]] || fail "kticker is in state $state after Ctrl-Z, not stopped (T)"
jobs_keys fg Enter
jobs_wait '^ kticker  embedded ' 5
jobs_wait '^ Quotes ' 5
state=$(awk '{ print $3 }' "/proc/$pid/stat")
[[ "$state" != T ]] || fail "kticker still stopped after fg"
jobs_keys q
jobs_wait '^result: produced=' 20
# fg's status is the job's (a list after a stopped command is not run on: the echo goes apart)
jobs_keys "echo EXIT=\$?" Enter
jobs_wait '^EXIT=0' 5
echo "tui suspend: ok"
