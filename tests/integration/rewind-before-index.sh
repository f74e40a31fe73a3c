#!/bin/bash
# rewind to a date before the consumer's date index: the index starts over when the consumer
# joins a topic again (a switch away and back), so it has not seen the topic's first dates. The
# rewind must not land on the index's first date, later than the one asked: it goes back to the
# log start and says so. kcat reads the message the consumer was sent back to; its date must
# be the first the CSV has from --from on, the date asked.
# Each step is typed at the : prompt once the one before has taken effect, as the --log file
# tells: at fixed run seconds, the rewind once came while the group's join back on ticks was
# still going on (CI run 12: no partition held at second 34, "no owned partition has an offset
# for it"), and it tested nothing.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

from=2017-05-01
events=$WORK/events
# from 2017-05-01 and 4 ticks a day, as tui_start_embedded starts it; it waits for ticks read
tui_start_embedded "$events" 120x40 --partitions 1 --delay 300
sleep 2 # more of the topic's first dates, read before the consumer leaves it
tui_command "$events" "partitions 3" 'switched to topic ticks.p3'
wait_for_line "$events" 'rebalance: assigned partitions \[0,1,2\]' 30
sleep 2
tui_command "$events" "topic ticks" 'switched to topic ticks:'
back=$(event_ms "$events" 'switched to topic ticks:')
wait_for_event "$events" 'rebalance: assigned partitions \[0\]' "$back" 60 >/dev/null
sleep 2 # the index starts again from what the consumer reads now, later dates
tui_command "$events" pause 'producer paused'
tui_command "$events" "rewind $from" "rewind to $from: 1 partition moved back by [0-9]+ offsets?"
high=$(kcat -C -b "$bootstrap" -t ticks -p 0 -e -q -f '%o\n' | tail -n1)
moved=$(sed -nE "s/.*rewind to $from: 1 partition moved back by ([0-9]+) offsets?.*/\1/p" "$events")
landed=$((high + 1 - moved))
first=$(kcat -C -b "$bootstrap" -t ticks -p 0 -o "$landed" -c 1 -e -q -f '%s\n' |
	sed -nE 's/.*"date":"([0-9-]{10})".*/\1/p')
expected=$(awk -F, -v from="$from" '$1 ~ /^[0-9]/ && $1 >= from && (min == "" || $1 < min) { min = $1 }
	END { print min }' "$DATA_DIR"/*.csv)
[[ "$first" == "$expected" ]] ||
	fail "rewound to offset $landed of $((high + 1)), dated ${first:-?}: the data's first date from $from is $expected ($(grep -i rewind "$events" | tr '\n' ' '))"
grep -q "rewind to $from: no date index that far back on 1 partition .*rewound it to the beginning" "$events" ||
	fail "the rewind to the beginning went unsaid: $(grep -i rewind "$events")"
tui_keys q
tui_wait '^EXIT=0' 30
echo "rewind-before-index: ok (back to offset $landed, dated $first)"
