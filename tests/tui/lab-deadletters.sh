#!/bin/bash
# Junk sent with kcat to the embedded cluster: the consumer line counts it as undecodable and
# sent to the dead-letter topic, d shows it with its partition, offset and reason, ticks keep
# flowing, and kcat finds it unchanged in ticks.dlq.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8
tui_wait 'Consumer [1-9][0-9]* read' 30
bootstrap=$(tui_screen | sed -nE 's/.* brokers ([0-9.:,]+).*/\1/p' | head -n1)
[[ -n "$bootstrap" ]] || fail "no bootstrap address on the screen"
echo 'not a tick' | kcat -P -b "$bootstrap" -t ticks -k junk || fail "kcat could not produce"
tui_wait 'undecodable 1 \(dlq 1\)' 20
tui_keys d
tui_wait 'Dead letters: 1 sent to ticks.dlq' 5
tui_wait 'partition [0-9]+ offset [0-9]+, 10 bytes: not JSON' 5
tui_screen | grep -qF 'not a tick' || fail "the viewer does not show the message: $(tui_screen)"
tui_keys x
sleep 0.5
tui_screen | grep -q 'Dead letters:' && fail "the viewer did not close"
before=$(tui_value 'Consumer ')
sleep 3
(($(tui_value 'Consumer ') > before)) || fail "ticks stopped flowing after the junk"
kcat -C -b "$bootstrap" -t ticks.dlq -e -q -f '%s %h\n' >"$WORK/dlq.txt" 2>/dev/null || fail "kcat: no ticks.dlq"
grep -q '^not a tick kticker.reason=not JSON' "$WORK/dlq.txt" || fail "ticks.dlq holds: $(cat "$WORK/dlq.txt")"
echo "tui lab-deadletters: ok"
