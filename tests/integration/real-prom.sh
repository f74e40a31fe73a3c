#!/bin/bash
# --prom on a real broker: after a consumer committed and a producer-only kticker added more,
# every lag line of the file equals Kafka's own kafka-consumer-groups --describe, a partition
# with nothing committed has no lag line, and every latest/earliest offset equals kcat's.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

topic=$(unique_name real-prom)
group=$topic
run() { # ARGS...: one headless kticker on the topic and group
	timeout 120 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
		--partitions 6 --delay 0 --data "$DATA_DIR" "$@" >"$WORK/out" 2>"$WORK/err" ||
		fail "kticker $*: exit $?: $(tail -5 "$WORK/err")"
}
run --count 1200
# the producer alone: the group's committed offsets stay, its lag grows by what it adds
run --role producer --count 300 --prom "$WORK/kticker.prom"
[[ -s "$WORK/kticker.prom" ]] || fail "no --prom file"
[[ ! -e "$WORK/kticker.prom.tmp" ]] || fail "the temporary file was left behind"

# value NAME LABELS: the sample's value, nothing when the file has no such line
value() { awk -v key="$1{$2}" '$1 == key { print $2 }' "$WORK/kticker.prom"; }

kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>"$WORK/groups.err" || fail "kafka-consumer-groups: $(cat "$WORK/groups.err")"
# columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
checked=0 sum=0 max=0 omitted=0 listed=" "
while read -r _ t partition current _ lag _; do
	[[ "$t" == "$topic" ]] || continue
	labels="group=\"$group\",topic=\"$topic\",partition=\"$partition\""
	got=$(value kafka_consumergroup_group_lag "$labels")
	if [[ "$current" == "-" ]]; then
		[[ -z "$got" ]] || fail "partition $partition has no committed offset, yet lag $got"
		omitted=$((omitted + 1))
		continue
	fi
	[[ "$got" == "$lag" ]] || fail "partition $partition: lag $got in the file, $lag by kafka-consumer-groups"
	if ((lag > 0)); then
		seconds=$(value kafka_consumergroup_group_lag_seconds "$labels")
		[[ -n "$seconds" ]] && awk -v s="$seconds" 'BEGIN { exit !(s > 0 && s < 300) }' ||
			fail "partition $partition: lag_seconds '$seconds' for a lag of $lag"
	fi
	listed+=" $partition "
	checked=$((checked + 1)) sum=$((sum + lag))
	((lag > max)) && max=$lag
done <"$WORK/groups"
((checked > 0 && sum > 0)) || fail "nothing to compare: $checked partitions, lag $sum: $(cat "$WORK/groups")"
[[ "$(value kafka_consumergroup_group_sum_lag "group=\"$group\"")" == "$sum" ]] || fail "sum_lag is not $sum"
[[ "$(value kafka_consumergroup_group_max_lag "group=\"$group\"")" == "$max" ]] || fail "max_lag is not $max"

for p in 0 1 2 3 4 5; do
	labels="topic=\"$topic\",partition=\"$p\""
	if [[ "$listed" != *" $p "* ]]; then # nothing committed: Kafka lists no offset, nor may kticker
		[[ -z "$(value kafka_consumergroup_group_lag "group=\"$group\",$labels")" ]] ||
			fail "partition $p has no committed offset, yet a lag line"
		omitted=$((omitted + 1))
	fi
	kcat -Q -b "$BROKER" -t "$topic:$p:-1" >"$WORK/q" 2>&1 || fail "kcat -Q: $(cat "$WORK/q")"
	latest=$(awk '{ print $4 }' "$WORK/q")
	kcat -Q -b "$BROKER" -t "$topic:$p:-2" >"$WORK/q" 2>&1 || fail "kcat -Q: $(cat "$WORK/q")"
	earliest=$(awk '{ print $4 }' "$WORK/q")
	[[ "$(value kafka_partition_latest_offset "$labels")" == "$latest" ]] ||
		fail "partition $p: latest offset $(value kafka_partition_latest_offset "$labels"), kcat says $latest"
	[[ "$(value kafka_partition_earliest_offset "$labels")" == "$earliest" ]] ||
		fail "partition $p: earliest offset $(value kafka_partition_earliest_offset "$labels"), kcat says $earliest"
done
note "$checked partitions' lag agree with kafka-consumer-groups (sum $sum, max $max), $omitted without a commit have none"
grep -qx "kticker_delivered_total 300" "$WORK/kticker.prom" || fail "kticker_delivered_total is not 300"
grep -qx 'kticker_health_status{group="'"$group"'"} 7' "$WORK/kticker.prom" ||
	fail "health is not NO CONSUMER (7) for a producer alone: $(grep health_status "$WORK/kticker.prom")"
echo "real-prom: ok"
