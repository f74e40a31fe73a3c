#!/bin/bash
# Messages that are not ticks, sent with kcat to a real broker: each is counted and reported
# with its partition and offset, lands unchanged in <topic>.dlq with headers saying why and
# where from, good ticks keep flowing, and the exit status says so.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-junk)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 3 \
	--replication-factor 1 >/dev/null 2>"$WORK/topics.err" || fail "create topic: $(cat "$WORK/topics.err")"
{
	echo 'hello'
	echo '{"v":1,"symbol":"AAPL"}'
	echo '[1,2,3]'
	echo '{"v":1,"symbol":"AAPL","date":"2020-12-11","open":"x"}'
} | kcat -P -b "$BROKER" -t "$topic" -k junk || fail "kcat could not produce"

rc=0
timeout 120 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$(unique_name g)" \
	--count 3000 --delay 0 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "exit $rc, expected 1 for undecodable messages"
grep -q "topic $topic exists with 3 partitions" "$WORK/err" || fail "existing topic not found"
expect_field own 3000 "$WORK/out"
expect_field undecodable 4 "$WORK/out"
expect_field failed 0 "$WORK/out"
grep -qE "undecodable message at partition [0-9]+ offset [0-9]+: (not JSON|missing field|not a JSON object|field)" "$WORK/err" ||
	fail "undecodable message not reported: $(grep undecodable "$WORK/err")"
expect_field dead_letters 4 "$WORK/out"
kcat -C -b "$BROKER" -t "$topic.dlq" -e -q -f '%s|%h\n' >"$WORK/dlq.txt" 2>"$WORK/dlq.err" ||
	fail "kcat could not read $topic.dlq: $(cat "$WORK/dlq.err")"
(($(wc -l <"$WORK/dlq.txt") == 4)) || fail "expected 4 dead letters: $(cat "$WORK/dlq.txt")"
grep -q "^hello|kticker.reason=not JSON" "$WORK/dlq.txt" || fail "'hello' not in the DLQ with its reason: $(cat "$WORK/dlq.txt")"
grep -qF '[1,2,3]|kticker.reason=not a JSON object' "$WORK/dlq.txt" || fail "array not in the DLQ"
grep -qF '"open":"x"}|kticker.reason=field "open" must be a number' "$WORK/dlq.txt" ||
	fail "wrong-type message not in the DLQ"
grep -q "kticker.source.topic=$topic,kticker.source.partition=[0-9]*,kticker.source.offset=[0-9]*" "$WORK/dlq.txt" ||
	fail "no source headers: $(cat "$WORK/dlq.txt")"
echo "real-kcat-junk: ok"
