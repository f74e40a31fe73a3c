#!/bin/bash
# A real three-broker cluster whose topic lives on one broker alone (replication factor 1):
# that broker killed, kcat -L names no leader for the topic's partitions (kafka-topics
# --describe: "Leader: none", an empty ISR); restarted, it leads them again. The event log
# tells each partition going offline and each coming back, as it tells every election and ISR
# change: "partition 0: leader 2 -> none (offline, ...)", then "partition 0: leader none -> 2
# (election, ...)". It told neither: only a change to a leader was told, and only from a
# non-empty ISR, which an offline partition's is not (the event log said nothing of the
# partitions while the health line said "ERR p0: no leader").
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

own_cluster_named offline-told
victim=2
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" --create \
	--topic "$topic" --replica-assignment "$victim,$victim,$victim" >"$WORK/create.out" 2>&1 ||
	fail "could not create $topic: $(cat "$WORK/create.out")"

events="$WORK/events.log"
tui_start 160x50 --role consumer --broker "$brokers" --topic "$topic" --group "$group" --log "$events"
wait_for_line "$events" 'rebalance: assigned partitions \[0,1,2\]' 60
# the rows' Ldr column: the control worker, which tells the changes, has read the leaders
deadline=$((SECONDS + 20))
until (($(tui_partition_rows | sed 's/^\*/ /' | awk -v v="$victim" '$3 == v' | wc -l) == 3)); do
	((SECONDS < deadline)) || fail "the rows do not show broker $victim leading: $(tui_partition_rows)"
	sleep 0.3
done

# leaders_are WHAT: kcat -L names WHAT (a broker id, or -1: none) as every partition's leader
leaders_are() {
	(($(kcat -L -b "$brokers" -t "$topic" -m 3 2>/dev/null | grep -cE "partition [0-2], leader $1,") == 3))
}
# wait_leaders WHAT WHEN: waits up to 30 s for leaders_are WHAT
wait_leaders() {
	local deadline=$((SECONDS + 30))
	until leaders_are "$1"; do
		((SECONDS < deadline)) || fail "$2, kcat -L does not name leader $1 for the 3 partitions:
$(kcat -L -b "$brokers" -t "$topic" -m 3 2>&1 | grep partition)"
		sleep 0.5
	done
}

killed=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
wait_leaders -1 "broker $victim killed"
note "kafka-topics: $(bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" \
	--describe --topic "$topic" 2>/dev/null | grep -oE 'Partition: 0.*Isr:[^	]*' | tr '\t' ' ')"
for p in 0 1 2; do
	told=$(wait_for_event "$events" "partition $p: leader $victim -> none \\(offline" "$killed" 10)
	note "p$p offline told $((told - killed)) ms after the kill"
done

restarted=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" "$victim" >/dev/null
wait_leaders "$victim" "broker $victim restarted"
for p in 0 1 2; do
	told=$(wait_for_event "$events" "partition $p: leader none -> $victim \\(election" "$restarted" 10)
	note "p$p back told $((told - restarted)) ms after the restart began"
done
tui_keys q
tui_wait '^EXIT=' 30
echo "tui real-cluster-offline-told: ok"
