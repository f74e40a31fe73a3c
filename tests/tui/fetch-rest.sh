#!/bin/bash
# On the embedded cluster, a paused feed lets the consumer's fetching rest (the mock cluster
# cannot answer a waiting fetch early, so it would be asked 100 times a second per broker):
# the Consumer line says "fetch resting". What kcat produces meanwhile is still read, counted
# against kcat's own count, and the feed's ticks are read again at once when it resumes.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
tui_start 120x40 --delay 50 --ticks-per-day 4 --data "$DATA_DIR" --log "$WORK/events"
tui_wait 'Consumer [1-9][0-9]* read' 30
bootstrap=$(tui_screen | grep -oE 'brokers [0-9.:,]+' | head -n1 | cut -d' ' -f2)
[[ -n "$bootstrap" ]] || fail "no bootstrap in the header: $(tui_screen | head -2)"
tui_keys Space
tui_wait 'PAUSED' 5
tui_wait '^ Consumer .*fetch resting' 15
wait_for_line "$WORK/events" 'fetching rests until something is produced' 5
sent=$(tui_value 'Producer ')
((sent > 0)) || fail "nothing sent before the pause"

# kcat, not this kticker's producer, writes three messages that are not ticks
printf 'not a tick 1\nnot a tick 2\nnot a tick 3\n' | kcat -P -b "$bootstrap" -t ticks -K: ||
	fail "kcat -P failed"
tui_wait 'undecodable 3 \(dlq 3\)' 10
tui_wait '(^ OK|\|) lag 0  behind 0 ' 10
tui_wait '^ Consumer .*fetch resting' 15

# the topic holds what the producer sent and kcat's three, by kcat's count
total=$(kcat -C -b "$bootstrap" -t ticks -e -q -f 'x\n' | wc -l)
((total == sent + 3)) || fail "kcat reads $total messages, expected $sent sent + 3"
((sent == $(tui_value 'Consumer '))) || fail "consumer read $(tui_value 'Consumer ') of $sent ticks"

tui_keys p
tui_wait 'RUNNING' 5
for ((i = 0; i < 30; i++)); do (($(tui_value 'Producer ') > sent + 100)) && break; sleep 0.3; done
(($(tui_value 'Producer ') > sent + 100)) || fail "the feed did not resume: $(tui_value 'Producer ') sent"
tui_screen | grep -E '^ Consumer .*fetch resting' && fail "still resting while the feed runs"
tui_keys Space
tui_wait 'PAUSED' 5
sleep 1
sent=$(tui_value 'Producer ')
tui_wait "^ Consumer $sent read" 10
echo "tui fetch-rest: ok"
