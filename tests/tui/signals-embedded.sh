#!/bin/bash
# Signals the screen answers (a resize's SIGWINCH, a resume's SIGCONT), sent many times while
# the embedded cluster runs, are taken by the main thread alone: none reaches a librdkafka
# thread. The embedded cluster's thread ended for good on one (its poll() broken by EINTR):
# every broker gone (NO BROKER), and a shutdown that could wait forever. After 300 of each,
# kcat still finds the cluster's 3 brokers, the screen says OK, and q exits 0.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
pane=$(tmux -S "$TUI_SOCKET" display -p -t "$TUI_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n1)
[[ -n "$pid" ]] || fail "no kticker process under the pane's shell $pane"
for _ in $(seq 300); do
	kill -CONT "$pid"
	kill -WINCH "$pid"
done
sleep 3 # a dead cluster: its brokers refuse connections at once, the watcher says so in 2 s
kcat -L -b "$bootstrap" >"$WORK/meta" 2>&1 || fail "kcat -L after the signals: $(tail -3 "$WORK/meta")"
grep -q ' 3 brokers:' "$WORK/meta" || fail "kcat -L after the signals: $(head -3 "$WORK/meta")"
tui_wait '^ OK ' 10
tui_keys q
tui_wait '^EXIT=0' 15
echo "tui signals-embedded: ok"
