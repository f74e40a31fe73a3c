#!/bin/bash
# On a real broker, partitions added while kticker runs (P, here a scenario's "partitions 9"):
# the topic is the same, and so are its quotes. The quote table and the --report written at
# exit count every tick of the topic, as kcat reads it back, before the change and after: on
# ea54e10 the change started the table afresh, as a topic switch does, and the report began
# at it (its first date, open and return all wrong).
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-grow)
printf '%s\n' '+4 partitions 9' '+8 pause' >"$WORK/grow.txt"
"$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$topic" --partitions 6 \
	--delay 100 --ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --scenario "$WORK/grow.txt" \
	--report "$WORK/report.csv" --duration 14 >"$WORK/out" 2>"$WORK/err" ||
	fail "kticker exited $?: $(tail -3 "$WORK/err")"
grep -q "topic $topic: 6 -> 9 partitions" "$WORK/err" || fail "the partitions were not added: $(grep -i partition "$WORK/err" | tail -3)"
kcat -C -b "$BROKER" -t "$topic" -e -q -f '%k\t%s\n' 2>"$WORK/kcat.err" | sort -u | cut -f1 >"$WORK/keys"
[[ -s "$WORK/keys" ]] || fail "kcat read nothing: $(cat "$WORK/kcat.err")"
check_report_counts "$WORK/keys" "$WORK/report.csv"
echo "real-partitions-report: ok ($(wc -l <"$WORK/keys") ticks, each in the report)"
