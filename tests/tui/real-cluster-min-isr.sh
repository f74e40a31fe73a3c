#!/bin/bash
# A real three-broker cluster, a topic with replication factor 2 and min.insync.replicas=2,
# and the follower of two of its partitions SIGKILLed: the controller shrinks their ISR to
# the leader alone (kafka-topics --describe: "Isr: 1"), and the leader refuses every acks=all
# write to them with NOT_ENOUGH_REPLICAS, which librdkafka retries without a word. The health
# line says so, naming the partitions and the rule: "ERR: partitions 0, 3: ISR 1 <
# min.insync.replicas 2: acks=all writes to them are refused". It said only "WARN: acks
# overdue: ... ticks waiting ... s", never ERR, and nothing of why. Restarted, the follower
# catches up, the ISR grows back to 2 and the verdict returns to OK: no stale ERR.
. "$TESTS_DIR/lib.sh"

own_cluster_named min-isr
victim=2
# partition: replicas (the leader first); broker 2 follows partitions 0 and 3
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" --create \
	--topic "$topic" --replica-assignment "1:2,1:3,3:1,3:2" --config min.insync.replicas=2 \
	>"$WORK/create.out" 2>&1 || fail "could not create $topic: $(cat "$WORK/create.out")"

events="$WORK/events.log"
tui_start 160x50 --broker "$brokers" --topic "$topic" --group "$group" --delay 200 \
	--ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --log "$events"
tui_wait '^ OK ' 60

# isr_sizes: each partition's ISR size as kafka-topics --describe says, "p:size" one a line
isr_sizes() {
	bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" \
		--describe --topic "$topic" 2>/dev/null |
		sed -nE 's/.*Partition: ([0-9]+).*Isr: ([0-9,]*).*/\1 \2/p' |
		awk '{ print $1 ":" split($2, ids, ",") }' | tr '\n' ' '
}
# wait_isr SIZES WHEN: waits up to 40 s for isr_sizes to be SIZES; prints the time it was (ms)
wait_isr() {
	local deadline=$((SECONDS + 40)) now
	until now=$(isr_sizes) && [[ "$now" == "$1" ]]; do
		((SECONDS < deadline)) || fail "$2, kafka-topics --describe does not say ISR sizes '$1': '$now'"
		sleep 0.5
	done
	date +%s%3N
}
wait_isr "0:2 1:2 2:2 3:2 " "before the kill" >/dev/null

killed=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
shrunk=$(wait_isr "0:1 1:2 2:2 3:1 " "broker $victim killed")
note "kafka-topics: ISR of partitions 0 and 3 down to 1, $((shrunk - killed)) ms after the kill"
told=$(wait_for_event "$events" \
	'health: ERR: partitions 0, 3: ISR 1 < min\.insync\.replicas 2: acks=all writes' "$killed" 10)
# kafka-topics, a JVM started for each look, answers seconds after the controller decided
note "told $((told - killed)) ms after the kill ($((told - shrunk)) ms after kafka-topics showed it)"
tui_wait '^ ERR: (p0,3: ISR 1 < min\.insync 2|partitions 0, 3: ISR 1 < min\.insync\.replicas 2)' 5
note "screen: $(tui_screen | grep -m1 '^ ERR')"

restarted=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" "$victim" >/dev/null
grown=$(wait_isr "0:2 1:2 2:2 3:2 " "broker $victim restarted")
note "kafka-topics: ISR back to 2, $((grown - restarted)) ms after the restart began"
ok=$(wait_for_event "$events" 'health: OK' "$restarted" 30)
note "OK $((ok - restarted)) ms after the restart began ($((ok - grown)) ms after kafka-topics showed the ISR grown)"
tui_wait '^ OK ' 5
tui_keys q
tui_wait '^EXIT=' 30
echo "tui real-cluster-min-isr: ok"
