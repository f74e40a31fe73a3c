#!/bin/bash
# On a real broker, partitions added twice from outside kticker (kafka-topics --alter, 6 ->
# 9 -> 12) while its consumer reads: a producer sends a symbol's ticks to partition 0, then,
# once there are 9, to partition 6, then, with 12, to partition 0 again (as keys move when
# the count changes: here with kcat -p, at known moments). The ticks are one stream, seq 0 to
# 299, every one in the topic, as kcat reads back: no gap. kticker's consumer must count none
# (it counted the 100 ticks that went to partition 6 as lost from partition 0), and tells
# each count it learns in the event log.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
source_topic=$(unique_name real-outside-src)
topic=$(unique_name real-outside)
group=$(unique_name group)
# 300 ticks of one symbol by one producer: seq 0..299
mkdir "$WORK/one"
cp "$DATA_DIR/AAPL.csv" "$WORK/one/"
"$KTICKER" --headless --role producer --broker "$BROKER" --topic "$source_topic" --partitions 1 \
	--count 300 --delay 0 --data "$WORK/one" >"$WORK/source.out" 2>"$WORK/source.err" ||
	fail "kticker could not produce the ticks: $(tail -3 "$WORK/source.err")"
kcat -C -b "$BROKER" -t "$source_topic" -e -q -f '%k\t%s\n' >"$WORK/ticks" 2>"$WORK/kcat.err"
(($(wc -l <"$WORK/ticks") == 300)) || fail "kcat read $(wc -l <"$WORK/ticks") ticks of 300: $(cat "$WORK/kcat.err")"

kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 6 \
	--replication-factor 1 >"$WORK/create.out" 2>&1 || fail "could not create $topic: $(cat "$WORK/create.out")"
"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--duration 120 --log "$WORK/events.log" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/err" 'rebalance: assigned partitions \[0,1,2,3,4,5\]' 30

# send LINES PARTITION: those lines of the ticks to that partition of the topic
send() {
	sed -n "$1p" "$WORK/ticks" | kcat -P -b "$BROKER" -t "$topic" -p "$2" -K '\t' ||
		fail "kcat could not send lines $1 to partition $2"
}
# grow_to N: the topic gets N partitions from outside; waits until kticker has learnt it
grow_to() {
	kafka_tool topics --bootstrap-server "$BROKER" --alter --topic "$topic" --partitions "$1" \
		>"$WORK/alter.out" 2>&1 || fail "could not alter $topic: $(cat "$WORK/alter.out")"
	wait_for_line "$WORK/events.log" "topic $topic has $1 partitions now" 15
}
send 1,100 0
grow_to 9
send 101,200 6
grow_to 12
send 201,300 0

# every tick in the topic, once: the stream has no gap
kcat -C -b "$BROKER" -t "$topic" -e -q -f '%s\n' 2>/dev/null | sed -nE 's/.*"seq":([0-9]+).*/\1/p' |
	sort -n | uniq >"$WORK/seqs"
[[ "$(head -n1 "$WORK/seqs") $(tail -n1 "$WORK/seqs") $(wc -l <"$WORK/seqs")" == "0 299 300" ]] ||
	fail "kcat does not read seq 0..299 once each from $topic: $(head -n1 "$WORK/seqs")..$(tail -n1 "$WORK/seqs"), $(wc -l <"$WORK/seqs") distinct"
# read by kticker (its consumer line counts them), then stopped for its result line
deadline=$((SECONDS + 30))
until grep -qE 'consumed 300 ' "$WORK/out"; do
	((SECONDS < deadline)) || fail "kticker did not read the 300 ticks: $(tail -n2 "$WORK/out")"
	sleep 0.5
done
kill -INT "$pid"
wait "$pid"
expect_field gaps 0 "$WORK/out"
echo "real-partitions-outside: ok"
