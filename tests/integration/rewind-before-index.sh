#!/bin/bash
# rewind to a date before the consumer's date index: the index starts over when the consumer
# joins a topic again (a switch away and back), so it has not seen the topic's first dates. The
# rewind must not land on the index's first date, later than the one asked: it goes back to the
# log start and says so. kcat reads the message the consumer was sent back to; its date must
# be the first the CSV has from --from on, the date asked.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

from=2017-05-01
printf '%s\n' '5 partitions 3' '15 topic ticks' '30 pause' "34 rewind $from" >"$WORK/scenario.txt"
headless_start --duration 38 --partitions 1 --delay 300 --ticks-per-day 4 --from "$from" \
	--data "$DATA_DIR" --scenario "$WORK/scenario.txt"
wait_for_line "$WORK/err" "rewind to $from: 1 partitions moved back by [0-9]+ offsets" 60
high=$(kcat -C -b "$bootstrap" -t ticks -p 0 -e -q -f '%o\n' | tail -n1)
moved=$(sed -nE "s/.*rewind to $from: 1 partitions moved back by ([0-9]+) offsets.*/\1/p" "$WORK/err")
landed=$((high + 1 - moved))
first=$(kcat -C -b "$bootstrap" -t ticks -p 0 -o "$landed" -c 1 -e -q -f '%s\n' |
	sed -nE 's/.*"date":"([0-9-]{10})".*/\1/p')
expected=$(awk -F, -v from="$from" '$1 ~ /^[0-9]/ && $1 >= from && (min == "" || $1 < min) { min = $1 }
	END { print min }' "$DATA_DIR"/*.csv)
[[ "$first" == "$expected" ]] ||
	fail "rewound to offset $landed of $((high + 1)), dated ${first:-?}: the data's first date from $from is $expected ($(grep -i rewind "$WORK/err" | tr '\n' ' '))"
grep -q "rewind to $from: no date index that far back on 1 partitions.*rewound them to the beginning" "$WORK/err" ||
	fail "the rewind to the beginning went unsaid: $(grep -i rewind "$WORK/err")"
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
echo "rewind-before-index: ok (back to offset $landed, dated $first)"
