#!/bin/bash
# A topic with more partitions than kticker follows (1024): its tables hold that many, and a
# tick on a partition beyond them was dropped and committed unread (a tester's run: 438 of
# 5000 ticks, the archive without them, kafka-consumer-groups showing lag 0). kticker refuses
# such a topic with a clear message, at start-up (exit 1) and at a switch to it (the run goes
# on with its topic), and commits nothing in the group for it.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
big=$(unique_name big)
group=$(unique_name group)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$big" --partitions 1025 \
	--replication-factor 1 >"$WORK/create" 2>&1 || fail "kafka-topics --create: $(cat "$WORK/create")"
on_exit "kafka_tool topics --bootstrap-server '$BROKER' --delete --topic '$big' >/dev/null 2>&1"
kcat -L -b "$BROKER" -t "$big" 2>/dev/null | grep -q "topic \"$big\" with 1025 partitions" ||
	fail "kcat -L does not see 1025 partitions: $(kcat -L -b "$BROKER" -t "$big" 2>&1 | head -3)"
said="topic $big has 1025 partitions: kticker follows at most 1024"

rc=0
timeout 60 "$KTICKER" --headless --broker "$BROKER" --topic "$big" --group "$group" --count 200 \
	--delay 0 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "exit $rc for a topic of 1025 partitions: $(tail -3 "$WORK/err")"
grep -qF "kticker: $said" "$WORK/err" || fail "no clear refusal: $(tail -3 "$WORK/err")"

# a switch to it: refused, and the run goes on with its own topic to the end
own=$(unique_name own)
printf '0 topic %s\n' "$big" >"$WORK/switch.scn"
timeout 90 "$KTICKER" --headless --broker "$BROKER" --topic "$own" --group "$group" --count 300 \
	--delay 500 --ticks-per-day 4 --scenario "$WORK/switch.scn" --data "$DATA_DIR" \
	>"$WORK/out2" 2>"$WORK/err2" || fail "exit $? after a refused switch: $(tail -3 "$WORK/err2")"
grep -qF "$said" "$WORK/err2" || fail "the switch was not refused: $(grep -i "$big" "$WORK/err2" | head -3)"
expect_exactly_once 300 "$WORK/out2"
check_topic "$BROKER" "$own" 300
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>&1 || true
! grep -qF " $big " "$WORK/groups" || fail "the group committed offsets of $big: $(grep -F " $big " "$WORK/groups" | head -3)"
echo "real-too-many-partitions: ok"
