#!/bin/bash
# At 80x24 (200x60 from polish-wide.sh): the Producer, Consumer, Delivery and health lines end with their last part rather
# than being cut; identical consecutive events fold into one "×N" line; the event log wraps
# long lines at spaces when focused, scrolls back with Up and forward with End, and ends a cut
# line with "…" and its count; Ctrl-U and Ctrl-W edit the prompts (Ctrl-U on r's prefilled
# command clears its argument first); a symbol whose file ends
# (BTC-USD's last date, read from its CSV) is marked ended.
. "$TESTS_DIR/lib.sh"
btc_end=$(tail -n1 "$DATA_DIR/BTC-USD.csv" | cut -d, -f1)
from=$(date -d "$btc_end - 3 days" +%F)
size=${POLISH_SIZE:-80x24}
cols=${size%x*}
tui_start "$size" --from "$from" --delay 100 --ticks-per-day 2 --data "$DATA_DIR"
tui_wait 'Partitions +6 assigned of 6' 30
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_wait '^ Producer [0-9]+ sent [0-9.kM]+/s .*ack p50 [^ ]+ p99 [^ ]+  failed 0( |$)' 10
tui_wait '^ Consumer .* undecodable 0 \(dlq 0\) *$' 5
tui_wait '^ Delivery .* throttle off *$' 5
tui_wait '^ OK lag .* commit [^ ]+ ago *$' 20
# BTC-USD's data ends after its last date
tui_wait '^ BTC-USD +[0-9.]+ .* ended' 30

# the same error twice folds into one line; a long one wraps only when the log is focused
# (a name long enough that the error's end lies past the right edge)
long=$(printf 'no-such-topic-%.0s' $(seq $(((cols - 40) / 14 + 1))))
for i in 1 2; do
	tui_keys t
	tui_wait '^Topic: ' 5
	tui_keys "$long!" Enter
done

tui_screen | grep -q 'letters, digits' && fail "the long line was not cut before focusing the log"
# cut, it says so, and its count stays in view
tui_wait "'no-such-topic-.*… ×2 *\$" 5
tui_keys Tab Tab
tui_wait 'Events .* long lines wrap' 5
# wrapped at a space: the row that goes on starts with a whole word
tui_wait '^ +(topic )?name \(letters, digits, \. _ -\) ×2' 5
# the focused log scrolls back to older events upwards, End (and G) brings the newest back
for end_key in End G; do
	tui_keys Up
	tui_wait 'Events .*scrolled back' 5
	tui_keys "$end_key"
	for _ in $(seq 50); do
		tui_screen | grep -q 'scrolled back' || break
		sleep 0.1
	done
	tui_screen | grep -q 'scrolled back' && fail "$end_key did not bring the newest events back"
done

# Ctrl-U clears the prompt, Ctrl-W takes back a word
tui_keys :
tui_wait '^:' 5
tui_keys 'rewind beginning' C-u 'acks 0 junk' C-w C-w 1 Enter
tui_wait 'acks=1' 10
tui_screen | grep -q 'rewind' && fail "Ctrl-U left the rewind command"
# r prefills its command: Ctrl-U clears only the argument, to type another; a second, the line
tui_keys r
tui_wait '^:rewind beginning +Enter/Esc' 5
tui_keys C-u
tui_wait '^:rewind {4}Enter/Esc' 5
tui_keys -l end # -l: "end" alone is tmux's End key
tui_keys Enter
tui_wait 'rewind to the end: ' 10
tui_keys r C-u C-u
tui_wait '^: {3}Enter/Esc' 5
tui_keys Escape
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui polish: ok"
