#!/bin/bash
# Lesson 5 (Lag) as its text says, on the embedded cluster: throttled to 1000/s with the day
# cut to a sixteenth, the consumer falls behind and the health line turns to WARN naming its
# rule; throttle off and producer paused, lag drains and the line says OK again.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start 120x40 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --log "$events"
tui_wait '^ OK ' 30
tui_keys T
wait_for_line "$events" 'throttle' 5
for _ in 1 2 3 4; do tui_keys +; done
tui_wait '^ WARN p[0-9]+: lag grew for [0-9]+ s without falling: [0-9]+ -> [0-9]+' 60
for _ in 1 2 3; do tui_keys T; done
tui_keys ' '
wait_for_line "$events" 'producer paused' 5
tui_wait '^ OK lag 0 ' 60
echo "tui lesson-lag: ok"
