#!/bin/bash
# On a cluster that creates no topic by itself (auto-create off for kticker's clients), a
# dead letter still lands: kticker creates <topic>.dlq with the source topic's partition count.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

topic=$(unique_name real-side)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 3 \
	--replication-factor 1 >/dev/null 2>"$WORK/topics.err" || fail "create topic: $(cat "$WORK/topics.err")"
printf 'junk\n' | kcat -P -b "$BROKER" -t "$topic" || fail "kcat could not produce"
rc=0
timeout 60 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" \
	--group "$(unique_name g)" --duration 6 --data "$DATA_DIR" \
	-X allow.auto.create.topics=false >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "exit $rc, expected 1 for an undecodable message: $(tail -5 "$WORK/err")"
grep -q "created topic $topic.dlq: 3 partitions" "$WORK/err" || fail "no .dlq created: $(grep -i dlq "$WORK/err")"
kcat -L -b "$BROKER" -t "$topic.dlq" >"$WORK/meta" 2>&1 || fail "kcat -L: $(cat "$WORK/meta")"
grep -q "topic \"$topic.dlq\" with 3 partitions" "$WORK/meta" || fail "the .dlq is not like its source: $(cat "$WORK/meta")"
kcat -C -b "$BROKER" -t "$topic.dlq" -e -q -f '%s\n' >"$WORK/dlq.txt" 2>"$WORK/dlq.err" ||
	fail "kcat could not read $topic.dlq: $(cat "$WORK/dlq.err")"
[[ "$(cat "$WORK/dlq.txt")" == junk ]] || fail "the .dlq holds '$(cat "$WORK/dlq.txt")', not the junk"
expect_field dead_letters 1 "$WORK/out"
echo "real-side-topics: ok"
