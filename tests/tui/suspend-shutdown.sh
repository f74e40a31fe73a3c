#!/bin/bash
# Ctrl-Z after q, while the producer flushes: the screen has ended, and a stop must leave the
# terminal as the shell has it. ncurses' Ctrl-Z handler stayed installed after endwin, and
# after fg it repainted: the terminal went back to curses' modes and alternate screen for
# good, the summary and the shell's prompt written there with no return after a newline. All
# brokers are down, so the flush lasts long enough for the stop (up to 5 s), and the stop is
# sent once stderr says the screen has ended.
. "$TESTS_DIR/lib.sh"

jobs_start --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 4 --log "$WORK/events.log"
for b in 1 2 3; do
	jobs_keys : "broker-down $b" Enter
	wait_for_line "$WORK/events.log" "broker $b is down" 5
done
sleep 1 # ticks queue up for brokers that are down
jobs_keys q
wait_for_line "$WORK/jobs.err" 'flushing the producer' 5
kill -TSTP "$pid" || fail "kticker was gone before the stop: no flush to stop in"
jobs_wait 'Stopped' 5
[[ "$(awk '{ print $3 }' "/proc/$pid/stat")" == T ]] || fail "kticker not stopped (T) by SIGTSTP"
[[ "$(jobs_alternate)" == 0 ]] || fail "the terminal is in the alternate screen while kticker is stopped"
jobs_keys fg Enter
jobs_wait 'result: produced=' 20
jobs_keys "stty -g >'$WORK/tty.after'" Enter
wait_for_line "$WORK/tty.after" . 5
cmp -s "$WORK/tty.before" "$WORK/tty.after" ||
	fail "kticker left the terminal's modes changed: $(cat "$WORK/tty.before") before, $(cat "$WORK/tty.after") after"
[[ "$(jobs_alternate)" == 0 ]] || fail "kticker left the terminal in the alternate screen after fg: $(jobs_screen | tail -3)"
echo "tui suspend-shutdown: ok"
