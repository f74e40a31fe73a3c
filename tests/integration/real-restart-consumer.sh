#!/bin/bash
# A consumer killed with SIGKILL leaves no LeaveGroup: its partitions stay its own for its
# session timeout (45 s by default). A member restarted within it
#   - without --instance-id is never assigned a partition: it must not exit 0 having read
#     nothing, but say why (exit 1);
#   - with the same --instance-id (static membership, group.instance.id) takes the dead
#     member's partitions back at once and reads what was produced meanwhile;
#   - two live members with one --instance-id: the first is fenced, says so, exits 1.
# Kafka's own kafka-consumer-groups checks the commits.
. "$TESTS_DIR/lib.sh"
need_broker
topic=$(unique_name real-restart)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 3 \
	--replication-factor 1 >/dev/null 2>"$WORK/topics.err" || fail "create topic: $(cat "$WORK/topics.err")"

produce() { # COUNT
	timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
		--count "$1" --delay 0 --data "$DATA_DIR" >"$WORK/producer.out" 2>"$WORK/producer.err" ||
		fail "producer failed: $(tail -3 "$WORK/producer.err")"
}

# killed NAME GROUP [OPTION...]: a consumer that reads all there is, then dies by SIGKILL
killed() {
	local name=$1 group=$2
	shift 2
	"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
		--duration 120 --data "$DATA_DIR" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	local pid=$!
	on_exit "kill -KILL $pid 2>/dev/null"
	wait_for_line "$WORK/$name.out" "consumed $TICKS " 60
	sleep 2 # its offsets committed (every second)
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
}

# committed GROUP: the sum of the group's committed offsets of the topic, as Kafka tells it
committed() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$1" \
		>"$WORK/describe" 2>"$WORK/describe.err" || fail "kafka-consumer-groups: $(cat "$WORK/describe.err")"
	awk -v t="$topic" '$2 == t && $4 ~ /^[0-9]+$/ { sum += $4 } END { print sum + 0 }' "$WORK/describe"
}

TICKS=1000
produce $TICKS

# 1. dynamic member: the restarted one waits out the dead one's session, and says so
group=$(unique_name g)
killed dead "$group"
rc=0
timeout 60 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--duration 12 --data "$DATA_DIR" >"$WORK/again.out" 2>"$WORK/again.err" || rc=$?
expect_field consumed 0 "$WORK/again.out"
((rc == 1)) || fail "a restarted consumer that read nothing exited $rc, expected 1: $(tail -3 "$WORK/again.err")"
grep -q 'never assigned' "$WORK/again.err" || fail "no word of why nothing was read: $(tail -3 "$WORK/again.err")"
grep -qE 'session timeout \(45 s\)' "$WORK/again.err" || fail "the session timeout is not stated: $(grep -i session "$WORK/again.err")"

# 2. static member: the same --instance-id takes the partitions back at once
group=$(unique_name g)
killed static "$group" --instance-id "kt-$$"
produce 500
started=$SECONDS
timeout 60 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--instance-id "kt-$$" --count 500 --data "$DATA_DIR" >"$WORK/back.out" 2>"$WORK/back.err" ||
	fail "the restarted static member exited $?: $(tail -3 "$WORK/back.err")"
note "the restarted static member read 500 ticks in $((SECONDS - started)) s"
expect_field consumed 500 "$WORK/back.out"
((SECONDS - started < 25)) || fail "the static member took $((SECONDS - started)) s: it waited for the session"
n=$(committed "$group")
((n == TICKS + 500)) || fail "the group committed $n offsets, expected $((TICKS + 500)): $(cat "$WORK/describe")"
# 3. two live members with one --instance-id: the second fences the first, which says so and
#    exits 1 (each member needs its own id)
group=$(unique_name g)
"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--instance-id "kt-$$-twin" --duration 15 --data "$DATA_DIR" >"$WORK/first.out" 2>"$WORK/first.err" &
first=$!
on_exit "kill $first 2>/dev/null"
wait_for_line "$WORK/first.err" 'rebalance: assigned' 30
timeout 60 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--instance-id "kt-$$-twin" --duration 4 --data "$DATA_DIR" >"$WORK/twin.out" 2>"$WORK/twin.err" || true
rc=0
wait "$first" || rc=$?
((rc == 1)) || fail "the fenced member exited $rc, expected 1: $(tail -3 "$WORK/first.err")"
grep -q "is in use by another member of group $group" "$WORK/first.err" ||
	fail "the fenced member does not say why: $(grep -i fenc "$WORK/first.err")"
echo "real-restart-consumer: ok"
