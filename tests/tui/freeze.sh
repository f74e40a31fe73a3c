#!/bin/bash
# Z freezes the screen (as htop's Z): the footer says "FROZEN at HH:MM:SS - Z resumes" and the
# screen stays as it was, to the character, while ticks go on reaching the topic (kcat counts
# them) and the --log file goes on being written; the screen's thread takes a fraction of its
# running CPU. The help, Ctrl-L and other keys draw the frozen frame again; a resize freezes
# the latest frame at the new size. Z again: a fresh frame, whose numbers have moved past
# what kcat counted while the screen was frozen.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
# ticks_in_topic: how many messages kcat reads from the topic, apart from kticker
ticks_in_topic() { kcat -C -b "$bootstrap" -t ticks -e -q -f 'x\n' 2>/dev/null | wc -l; }
# main_thread_us: the CPU time the screen's thread (the main one) has used, in µs
main_thread_us() { awk '{ print int($1 / 1000) }' "/proc/$pid/task/$pid/schedstat"; }
mark='FROZEN at [0-9]{2}:[0-9]{2}:[0-9]{2} - Z resumes'
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
pane=$(tmux -S "$TUI_SOCKET" display -p -t "$TUI_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n1)
[[ -n "$pid" ]] || fail "no kticker process under the pane's shell $pane"

cpu_before=$(main_thread_us)
sleep 3
running_cpu=$(($(main_thread_us) - cpu_before))
tui_keys Z
tui_wait "$mark" 5
tui_screen >"$WORK/frozen.txt"
before=$(ticks_in_topic)
cpu_before=$(main_thread_us)
sleep 3
tui_screen >"$WORK/later.txt"
after=$(ticks_in_topic)
cpu=$(($(main_thread_us) - cpu_before))
note "frozen 3 s: kcat counted $before then $after ticks; the screen's thread used $cpu µs of CPU (running: $running_cpu µs)"
cmp -s "$WORK/frozen.txt" "$WORK/later.txt" || fail "the frozen screen changed:
$(diff "$WORK/frozen.txt" "$WORK/later.txt")"
((after > before)) || fail "no ticks reached the topic while the screen was frozen ($before, $after)"
# frozen, the screen's thread takes a frame a second and draws none: 0.5-1 ms of CPU in 3 s
# here, against 6-9 ms running at 10 frames a second
((cpu * 3 <= running_cpu)) || fail "the frozen screen's thread used $cpu µs of CPU in 3 s, running $running_cpu µs"

# keys still act, and their events reach the --log file within a second; the screen stays frozen
tui_keys p
wait_for_line "$events" 'producer paused' 5
tui_keys p
wait_for_line "$events" 'producer resumed' 5
tui_keys '?'
tui_wait 'kticker keys' 5
tui_keys x C-l
sleep 1
tui_screen | cmp -s - "$WORK/frozen.txt" || fail "a key, the help or Ctrl-L changed the frozen screen:
$(tui_screen | diff "$WORK/frozen.txt" -)"

# a resize cannot lay the frozen frame out anew: it freezes the frame taken last, at the new
# size, and the mark says when that was
tui_resize 100 30
tui_wait "^.{69}$mark" 5 # at the right end of 100 columns
tui_screen >"$WORK/resized.txt"
sleep 2
tui_screen | cmp -s - "$WORK/resized.txt" || fail "the frozen screen changed after a resize:
$(tui_screen | diff "$WORK/resized.txt" -)"
tui_keys Z
deadline=$((SECONDS + 5))
while tui_screen | grep -qE "$mark"; do
	((SECONDS < deadline)) || fail "Z did not resume the screen"
	sleep 0.2
done
shown=$(tui_value 'Producer ')
((shown >= after)) || fail "resumed, the screen shows $shown ticks sent, kcat had read $after"
echo "tui freeze: ok"
