#!/bin/bash
# A producer-only kticker on a real broker, its group one no consumer ever joined: Kafka's
# kafka-consumer-groups says the group does not exist, and the health verdict is NO CONSUMER
# (the group has no member), not STOP for commits that no one was there to make.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-group-none)
group=$topic-g
timeout 60 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" --role producer \
	--partitions 3 --delay 50 --ticks-per-day 2 --data "$DATA_DIR" --duration 14 --prom "$WORK/kticker.prom" \
	>"$WORK/out" 2>"$WORK/err" || fail "kticker exited $?: $(tail -5 "$WORK/err")"
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" >"$WORK/groups" 2>&1 || true
grep -q 'GroupIdNotFoundException' "$WORK/groups" || fail "kafka-consumer-groups knows the group: $(cat "$WORK/groups")"
# the --prom file's verdict after 14 s, when STOP's "no commit for 10 s" would have come
status=$(awk '$1 ~ /^kticker_health_status[{]/ { print $2 }' "$WORK/kticker.prom")
[[ "$status" == 7 ]] || fail "health status '$status' at the end (4 is STOP), expected 7 (NO CONSUMER)"
echo "real-group-none: ok"
