#!/bin/bash
# Retention deletes what a throttled consumer has fetched and not yet read, on a real broker,
# and the run ends then: what it held in memory is gone with it. The producer pauses 12 s
# before the end, so retention (3 s, checked every second) has nothing left to move when
# kticker exits and kcat reads the log after it. The result line's lag counts
# only what is still in the log (kcat: high watermark minus log start), and deleted_unread at
# least the offsets between the group's committed offsets (kafka-consumer-groups) and the
# log start. (A tester's run before the fix: lag=34708 beside a log holding far fewer, and
# deleted_unread=0.)
. "$TESTS_DIR/lib.sh"
need_retention_broker
need_tool kcat kcat
topic=$(unique_name real-retention-exit)
group=$(unique_name group)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 2 \
	--replication-factor 1 --config retention.ms=3000 --config segment.ms=1000 \
	>"$WORK/create" 2>&1 || fail "kafka-topics --create: $(cat "$WORK/create")"
printf '0 throttle 10\n10 pause\n' >"$WORK/scenario"
timeout 90 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
	--delay 20 --ticks-per-day 4 --from 2017-05-01 --duration 22 --scenario "$WORK/scenario" \
	--data "$DATA_DIR" --log "$WORK/events.log" >"$WORK/out" 2>"$WORK/err" ||
	fail "exit $?: $(tail -3 "$WORK/err")"
lag=$(field lag "$WORK/out")
deleted=$(field deleted_unread "$WORK/out")
in_log=0
for p in 0 1; do
	lo=$(kcat -Q -b "$BROKER" -t "$topic:$p:-2" 2>&1 | sed -n 's/.* offset \([0-9]*\)$/\1/p')
	hi=$(kcat -Q -b "$BROKER" -t "$topic:$p:-1" 2>&1 | sed -n 's/.* offset \([0-9]*\)$/\1/p')
	[[ -n "$lo" && -n "$hi" ]] || fail "kcat -Q for partition $p: '$lo' '$hi'"
	starts[$p]=$lo
	in_log=$((in_log + hi - lo))
done
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" >"$WORK/groups" 2>&1 ||
	fail "kafka-consumer-groups: $(cat "$WORK/groups")"
passed=0
while read -r p committed; do
	[[ "$committed" =~ ^[0-9]+$ ]] || continue
	((starts[p] > committed)) && passed=$((passed + starts[p] - committed))
done < <(awk -v t="$topic" '$2 == t { print $3, $4 }' "$WORK/groups")
note "lag=$lag deleted_unread=$deleted; kcat: $in_log in the log, log starts ${starts[*]}; the log start passed the committed offsets by $passed"
((passed > 0)) || fail "retention never passed the committed offsets: nothing was tested ($(cat "$WORK/groups"))"
((lag <= in_log)) || fail "lag=$lag at exit, but the log holds $in_log (kcat): deleted offsets counted as still to read"
((deleted >= passed)) || fail "deleted_unread=$deleted, but the log start passed the group's committed offsets by $passed"
echo "real-retention-exit: ok"
