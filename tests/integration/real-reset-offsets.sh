#!/bin/bash
# On a real broker, the group's offsets reset from outside (kafka-consumer-groups
# --reset-offsets --to-earliest) while kticker's member is away (stopped past its session, so
# the group is empty, as the reset needs): back, it resumes at offset 0 and reads the topic
# again, and must commit what it read again. librdkafka 2.0.2 does not commit an offset it
# committed before, whatever the group holds since: kafka-consumer-groups showed the offsets
# left at 0, the whole topic as lag, for as long as no new tick came. The producer is paused
# throughout, so nothing new comes. The re-read is counted once, as a rewind's: --report's
# per-symbol ticks are kcat's count of the messages keyed with the symbol.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-reset)
group=$(unique_name group)
printf '%s\n' '+3 pause' >"$WORK/pause.txt"
"$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" --partitions 3 \
	--delay 20 --data "$DATA_DIR" --commit after -X session.timeout.ms=6000 \
	--scenario "$WORK/pause.txt" --duration 120 --log "$WORK/events.log" \
	--report "$WORK/report.csv" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill -CONT $pid 2>/dev/null; kill $pid 2>/dev/null"

# offsets: "PARTITION COMMITTED LOG-END" of the group, as kafka-consumer-groups describes it
offsets() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
		awk -v t="$topic" '$2 == t { print $3, $4, $5 }' | sort -n
}
# wait_committed_to_end SECONDS: until every partition with ticks has its log end committed
wait_committed_to_end() {
	local deadline=$((SECONDS + $1))
	until offsets >"$WORK/offsets" && [[ -s "$WORK/offsets" ]] &&
		awk '$3 > 0 && $2 != $3 { bad = 1 } $3 > 0 { some = 1 } END { exit bad || !some }' "$WORK/offsets"; do
		((SECONDS < deadline)) || fail "the group's committed offsets are not at the log's end (partition committed log-end):
$(cat "$WORK/offsets")"
		sleep 1
	done
}
wait_paused_delivered 3
wait_committed_to_end 20
note "before: $(tr '\n' ';' <"$WORK/offsets")"

kill -STOP "$pid"
deadline=$((SECONDS + 30))
until kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>&1 |
	grep -q 'has no active members'; do
	((SECONDS < deadline)) || fail "the stopped member did not leave the group in 30 s"
	sleep 1
done
kafka_tool consumer-groups --bootstrap-server "$BROKER" --reset-offsets --to-earliest --execute \
	--group "$group" --topic "$topic" >"$WORK/reset.out" 2>&1 || fail "the reset failed: $(cat "$WORK/reset.out")"
offsets >"$WORK/reset"
awk '$3 > 0 && $2 != 0 { bad = 1 } END { exit bad }' "$WORK/reset" || fail "the reset did not take: $(cat "$WORK/reset")"
kill -CONT "$pid"
wait_for_line "$WORK/err" "resuming at the group's committed offsets \\(partition@offset\\):( [0-2]@0){3}\$" 30
wait_committed_to_end 20
note "after: $(tr '\n' ';' <"$WORK/offsets")"
kcat -C -b "$BROKER" -t "$topic" -e -q -f '%k\n' >"$WORK/keys" 2>"$WORK/kcat.err" ||
	fail "kcat could not read $topic: $(cat "$WORK/kcat.err")"
signal_and_wait "$pid"
((EXIT_RC == 0)) || fail "kticker exited $EXIT_RC: $(tail -3 "$WORK/err")"
check_report_counts "$WORK/keys" "$WORK/report.csv"
echo "real-reset-offsets: ok"
