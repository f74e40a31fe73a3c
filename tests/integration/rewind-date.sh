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
	cluster=(--broker "$BROKER" --topic "$(unique_name rewind)")
	;;
second)
	group_cluster embedded ticks host
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
echo "rewind-date: ok ($moved ticks from 2017-05-10 on read again)"
