#!/bin/bash
# On a real broker whose retention (3 s) deletes what a throttled consumer (10 ticks/s, its
# fetches kept small so that it does not hold the log in memory ahead of it) has not read: the
# offsets of what is left look caught up, and the health line must not say OK. Within 3 s of
# the first "deleted before they were read" event it says ERR: "retention deleted N ticks in the
# last S s before this member read them", and no OK follows while the deletions go on. That
# ticks were deleted unread is Kafka's word, not kticker's: once the ERR is shown, kcat's log
# start of a partition is past the group's committed offset there, as kafka-consumer-groups
# reads it. (Before the fix the line said OK throughout while deleted unread grew to 1026 of
# 1351 ticks.)
. "$TESTS_DIR/lib.sh"
need_retention_broker
need_tool kcat kcat

topic=$(unique_name real-health-retention)
group=$(unique_name group)
events="$WORK/events.log"
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 2 \
	--replication-factor 1 --config retention.ms=3000 --config segment.ms=1000 \
	--config file.delete.delay.ms=0 >"$WORK/create" 2>&1 || fail "kafka-topics --create: $(cat "$WORK/create")"
echo '0 throttle 10' >"$WORK/scenario"
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --delay 100 --ticks-per-day 4 \
	--from 2017-05-01 --data "$DATA_DIR" --log "$events" --scenario "$WORK/scenario" \
	-X queued.max.messages.kbytes=1 -X queued.min.messages=1 -X max.partition.fetch.bytes=1024
tui_wait 'Partitions +2 assigned of 2' 30

deleted=$(wait_for_event "$events" 'deleted before they were read' 0 60)
err=$(wait_for_event "$events" 'health: ERR: retention deleted [0-9]+ ticks in the last [0-9]+ s before this member read them' \
	$((deleted - 2000)) 10)
note "ERR $((err - deleted)) ms after the first ticks deleted unread"
((err - deleted <= 3000)) || fail "health: ERR came $((err - deleted)) ms after the first ticks deleted unread"
tui_wait '^ ERR: retention deleted' 5

# Kafka's own word: the log starts past what the group has committed
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" >"$WORK/describe" 2>&1 ||
	fail "kafka-consumer-groups: $(cat "$WORK/describe")"
kcat -Q -b "$BROKER" -t "$topic:0:-2" -t "$topic:1:-2" 2>/dev/null |
	awk '{ gsub(/[][]/, "", $2); print $2, $4 }' >"$WORK/log-start" || fail "kcat -Q failed"
awk -v t="$topic" 'NR == FNR { start[$1] = $2; next }
	$2 == t && $4 ~ /^[0-9]+$/ && start[$3] > $4 { print "partition " $3 ": log start " start[$3] ", committed " $4 }' \
	"$WORK/log-start" "$WORK/describe" >"$WORK/passed"
[[ -s "$WORK/passed" ]] || fail "no partition's log start is past the group's committed offset: kcat $(tr '\n' ' ' <"$WORK/log-start"), kafka-consumer-groups:
$(cat "$WORK/describe")"
note "Kafka: $(tr '\n' ';' <"$WORK/passed")"

sleep 5 # the deletions go on: no OK meanwhile
ok=$(event_ms "$events" 'health: OK' "$err")
[[ -z "$ok" ]] || fail "health: OK $((ok - err)) ms after the ERR, while retention deleted unread ticks: $(grep -c 'deleted before they were read' "$events") deletions logged"
tui_keys q
tui_wait '^EXIT=[0-9]' 30
echo "tui real-health-retention: ok"
