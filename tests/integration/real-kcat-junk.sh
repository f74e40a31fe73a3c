#!/bin/bash
# Messages that are not ticks, sent with kcat to a real broker: each is counted and reported
# with its partition and offset, lands unchanged in <topic>.dlq with headers saying why and
# where from, good ticks keep flowing, and the exit status says so.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-junk)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 3 \
	--replication-factor 1 >/dev/null 2>"$WORK/topics.err" || fail "create topic: $(cat "$WORK/topics.err")"
# one message per file: each kind of junk a consumer meets
printf 'hello' >"$WORK/1-not-json"
printf '{"v":1,"symbol":"AAPL"}' >"$WORK/2-missing-field"
printf '[1,2,3]' >"$WORK/3-array"
printf '{"v":1,"symbol":"AAPL","date":"2020-12-11","open":"x"}' >"$WORK/4-wrong-type"
head -c 1000000 /dev/zero | tr '\0' 'x' >"$WORK/5-one-megabyte"
printf '\x00\x01\xff\xfe' >"$WORK/6-binary"
(cd "$WORK" && kcat -P -b "$BROKER" -t "$topic" -k junk -X message.max.bytes=2000000 \
	1-not-json 2-missing-field 3-array 4-wrong-type 5-one-megabyte 6-binary) ||
	fail "kcat could not produce"
printf 'empty:\n' | kcat -P -b "$BROKER" -t "$topic" -K: || fail "kcat could not produce an empty message"
JUNK=7
rc=0
timeout 120 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$(unique_name g)" \
	--count 3000 --delay 0 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "exit $rc, expected 1 for undecodable messages"
grep -q "topic $topic exists with 3 partitions" "$WORK/err" || fail "existing topic not found"
expect_field own 3000 "$WORK/out"
expect_field undecodable "$JUNK" "$WORK/out"
expect_field failed 0 "$WORK/out"
grep -qE "undecodable message at partition [0-9]+ offset [0-9]+: (not JSON|missing field|not a JSON object|field)" "$WORK/err" ||
	fail "undecodable message not reported: $(grep undecodable "$WORK/err")"
expect_field dead_letters "$JUNK" "$WORK/out"
kcat -C -b "$BROKER" -t "$topic.dlq" -e -q -f '%S|%h\n' >"$WORK/dlq.txt" 2>"$WORK/dlq.err" ||
	fail "kcat could not read $topic.dlq: $(cat "$WORK/dlq.err")"
(($(wc -l <"$WORK/dlq.txt") == JUNK)) || fail "expected $JUNK dead letters: $(cut -c1-200 "$WORK/dlq.txt")"
# each, unchanged in size, with its reason
for expected in '5|kticker.reason=not JSON' '23|kticker.reason=missing field "date"' \
	'7|kticker.reason=not a JSON object' '54|kticker.reason=field "open" must be a number' \
	'1000000|kticker.reason=message too large' '4|kticker.reason=not JSON' '0|kticker.reason=empty message'; do
	grep -qF "$expected" "$WORK/dlq.txt" || fail "no dead letter '$expected': $(cut -c1-200 "$WORK/dlq.txt")"
done
grep -q "kticker.source.topic=$topic,kticker.source.partition=[0-9]*,kticker.source.offset=[0-9]*" "$WORK/dlq.txt" ||
	fail "no source headers: $(cat "$WORK/dlq.txt")"
echo "real-kcat-junk: ok"
