#!/bin/bash
# r rewinds the group to the beginning: the consumer reads every tick produced so far again.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --log "$events"
tui_wait 'Consumer [1-9][0-9]* read' 20
sleep 8
# hold the producer so the counts stand still: everything read and committed
tui_keys Space
tui_wait 'PAUSED' 5
tui_wait '(^ OK|\|) lag 0  behind 0 ' 20
sleep 2
sent=$(tui_value 'Producer ')
read0=$(tui_value 'Consumer ')
((sent > 0 && read0 == sent)) || fail "before the rewind: $sent sent, $read0 read"

tui_keys r
tui_wait '^:rewind beginning ' 5
tui_keys Enter
wait_for_line "$events" 'rewind to the beginning' 5
moved=$(sed -nE 's/.*rewind to the beginning: .* moved back by ([0-9]+) offsets.*/\1/p' "$events" | head -n1)
[[ -n "$moved" ]] || fail "the rewind does not say how far it moved: $(grep 'rewind' "$events")"
((moved > 0)) || fail "the rewind moved back by $moved offsets"
((moved == sent)) || fail "moved back by $moved offsets, but $sent ticks were produced and committed"
# the consumer reads everything again
deadline=$((SECONDS + 20))
until (($(tui_value 'Consumer ') >= read0 + sent)); do
	((SECONDS < deadline)) || fail "after the rewind the consumer read $(($(tui_value 'Consumer ') - read0)) of $sent ticks again:
$(tui_screen)"
	sleep 0.5
done
tui_wait '(^ OK|\|) lag 0  behind 0 ' 20
sleep 1
(($(tui_value 'Consumer ') == read0 + sent)) || fail "read $read0, then $(tui_value 'Consumer ') after the rewind; expected $((read0 + sent))"
note "$(tui_screen | grep '^ Delivery')"
note "$(grep -o 'rewind to the beginning.*' "$events"); read $read0 -> $(tui_value 'Consumer ')"
echo "tui lab-rewind: ok"
