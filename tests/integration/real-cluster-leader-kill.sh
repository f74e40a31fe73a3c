#!/bin/bash
# Failover on a real three-broker Apache Kafka cluster (tests/kafka/broker.sh start-cluster):
# a topic with replication factor 3 and min.insync.replicas=2; while kticker produces 100 000
# ticks with acks=all and idempotence, the leader of the busiest partition is killed with
# SIGKILL. The leaders move to the live brokers (kcat -L), and kcat reads back every tick
# exactly once (tests/check_ticks.py), apart from kticker's own counts, which must agree.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool jq jq

own_cluster_named cluster-kill
cluster_topic "$state" "$topic"

# leaders TOPIC: "partition leader" lines from the cluster's metadata, as kcat sees it
leaders() {
	kcat -L -b "$brokers" -t "$1" -J -m 5 2>/dev/null |
		jq -r --arg t "$1" '.topics[] | select(.topic == $t) | .partitions[] | "\(.partition) \(.leader)"'
}
# watermarks: "partition high-watermark" lines, as kcat -Q sees them
watermarks() {
	local args=() p
	for p in 0 1 2 3 4 5; do args+=(-t "$topic:$p:-1"); done
	kcat -Q -b "$brokers" "${args[@]}" 2>/dev/null | sed -n 's/.*\[\([0-9]*\)\] offset \([0-9]*\)$/\1 \2/p'
}
produced() { watermarks | awk '{ n += $2 } END { print n + 0 }'; }

# 12 symbols from 2017 on, 40 ticks each per simulated day of 100 ms: about 20 s of producing
"$KTICKER" --headless --broker "$brokers" --topic "$topic" --group "$group" --count 100000 \
	--from 2017-05-01 --ticks-per-day 40 --delay 100 --acks all --idempotence --data "$DATA_DIR" \
	>"$WORK/out" 2>"$WORK/err" &
kticker=$!
on_exit "kill $kticker 2>/dev/null"

deadline=$((SECONDS + 60))
until (($(produced) >= 20000)); do
	((SECONDS < deadline)) || fail "fewer than 20000 ticks in $topic after 60 s: $(tail -5 "$WORK/err")"
	sleep 0.5
done
busiest=$(watermarks | sort -k2,2nr | awk 'NR == 1 { print $1 }')
victim=$(leaders "$topic" | awk -v p="$busiest" '$1 == p { print $2 }')
[[ "$victim" =~ ^[1-3]$ ]] || fail "no leader for partition $busiest: $(leaders "$topic")"
before=$(produced)
kill -0 "$kticker" 2>/dev/null || fail "kticker had already finished before the kill"
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
note "killed broker $victim, the leader of partition $busiest, at $before of 100000 ticks"
((before < 100000)) || fail "the kill came after the last tick ($before)"

# every partition gets a live leader (the controller moves leadership off the dead node)
deadline=$((SECONDS + 60))
until leaders "$topic" >"$WORK/leaders" && (($(wc -l <"$WORK/leaders") == 6)) &&
	! awk -v dead="$victim" '$2 == dead || $2 < 0 { bad = 1 } END { exit !bad }' "$WORK/leaders"; do
	((SECONDS < deadline)) || fail "leaders did not move off broker $victim: $(tr '\n' ' ' <"$WORK/leaders")"
	sleep 0.5
done
note "leaders after the kill (partition leader): $(tr '\n' ' ' <"$WORK/leaders")"

wait "$kticker" || fail "kticker exited $?: $(tail -5 "$WORK/err")"
expect_field produced 100000 "$WORK/out"
expect_field delivered 100000 "$WORK/out"
expect_field failed 0 "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
check_topic "$brokers" "$topic" 100000
echo "real-cluster-leader-kill: ok"
