#!/bin/bash
# rewind to a simulated date: the consumer seeks each partition to where that date starts
# (Kafka's offsets-for-times on the real broker, REWIND_ON=real; its own index on the
# embedded cluster, which answers no timestamp lookups, also when it is another kticker's,
# REWIND_ON=second) and reads exactly those ticks again.
. "$TESTS_DIR/lib.sh"

cluster=()
case "${REWIND_ON:-embedded}" in
real)
	need_broker
	topic=$(unique_name rewind)
	cluster=(--broker "$BROKER" --topic "$topic")
	;;
second)
	group_cluster embedded ticks host
	topic=ticks
	;;
esac
printf '10 pause\n13 rewind 2017-05-10\n' >"$WORK/scenario.txt"
timeout 90 "$KTICKER" --headless "${cluster[@]}" --group "$(unique_name rewind)" --duration 20 \
	--delay 300 --ticks-per-day 4 --from 2017-05-01 --data "$DATA_DIR" --scenario "$WORK/scenario.txt" \
	>"$WORK/out" 2>"$WORK/err" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
line=$(grep -m1 'rewind to 2017-05-10' "$WORK/err") || fail "no rewind reported: $(grep -i rewind "$WORK/err")"
moved=$(sed -nE 's/.*moved back by ([0-9]+) offsets.*/\1/p' <<<"$line")
[[ -n "$moved" ]] && ((moved > 0)) || fail "the rewind moved nothing back: $line"
produced=$(field produced "$WORK/out")
consumed=$(field consumed "$WORK/out")
((consumed == produced + moved)) ||
	fail "read $consumed ticks: expected the $produced produced plus the $moved rewound"
# where the cluster outlives the run, apart from kticker: the topic holds exactly as many
# ticks dated 2017-05-10 or later as the rewind moved back
if ((${#cluster[@]})); then
	need_tool kcat kcat
	from_date=$(kcat -C -b "${cluster[1]}" -t "$topic" -e -q -f '%s\n' |
		grep -oE '"date":"[0-9-]+"' | awk -F'"' '$4 >= "2017-05-10"' | wc -l)
	((from_date == moved)) || fail "the rewind moved back $moved offsets; kcat finds $from_date ticks from 2017-05-10 on"
fi
echo "rewind-date: ok ($moved ticks from 2017-05-10 on read again)"
