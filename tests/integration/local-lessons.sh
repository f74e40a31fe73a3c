#!/bin/bash
# The lessons taught on a local cluster (kticker --lesson N names it), their headline numbers
# checked on one three-broker --cluster local (started once: ~10 s, ~1 GB):
# - lesson 2, acks: delivery p50 with acks=0 < acks=1 <= acks=all (acks=all waits for the
#   followers too), each over 2000 ticks of its own run;
# - lesson 3, groups: a second member joins and Kafka's kafka-consumer-groups shows the six
#   partitions split 3 and 3; it leaves (LeaveGroup) and the first owns all six again.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool java openjdk-17-jdk-headless
rc=0
bash "$TESTS_DIR/kafka/broker.sh" fetch || rc=$?
if ((rc != 0)); then
	[[ "${CI:-}" == "true" ]] && fail "could not fetch the Apache Kafka jars (exit $rc); CI needs them"
	((rc == 77)) && skip "no Apache Kafka jars: needs Java 17 and Maven (scripts/install-deps.sh --kafka)"
	fail "could not fetch the Apache Kafka jars (exit $rc)"
fi
export TMPDIR="$WORK"
started=$SECONDS
topic=$(unique_name lessons)

# the cluster's owner: lesson 3's first member (reads $topic in group $topic-g)
"$KTICKER" --cluster local --brokers 3 --headless --role consumer --duration 900 \
	--topic "$topic" --group "$topic-g" --log "$WORK/owner.events" \
	--data "$DATA_DIR" >"$WORK/owner.out" 2>"$WORK/owner.err" &
owner=$!
on_exit "kill -9 $owner 2>/dev/null"
wait_for_line "$WORK/owner.err" 'all 3 brokers answer|exited during|did not answer|needs' 200
grep -q 'all 3 brokers answer' "$WORK/owner.err" || fail "no cluster: $(tail -5 "$WORK/owner.err")"
wait_for_line "$WORK/owner.out" '^bootstrap: ' 30
bootstrap=$(bootstrap_of "$WORK/owner.out")
note "cluster up after $((SECONDS - started)) s"

# ---- lesson 2: acks. A first run warms the cluster up (topic creation, the JVMs' first
# requests); then acks=0 alone, and acks=1 and acks=all side by side, so that both meet the
# same load on this shared machine ----
# acks_run ACKS NAME COUNT: a producing and consuming kticker on topic $topic-NAME
acks_run() {
	timeout 300 "$KTICKER" --broker "$bootstrap" --headless --count "$3" --acks "$1" \
		--topic "$topic-$2" --group "$topic-$2" --from 2017-05-01 --ticks-per-day 8 \
		--delay 100 --data "$DATA_DIR" >"$WORK/$2.out" 2>"$WORK/$2.err" ||
		fail "acks=$1: exit $?: $(tail -3 "$WORK/$2.err")"
	expect_field delivered "$3" "$WORK/$2.out"
}
p50_of() { sed -nE 's/^summary: delivery latency p50 ([0-9.]+) ms.*/\1/p' "$WORK/$1.out"; }
acks_run all warmup 500
acks_run 0 acks0 2000
acks_run 1 acks1 2000 &
one=$!
acks_run all acksall 2000 &
all=$!
wait "$one" || exit 1
wait "$all" || exit 1
a=$(p50_of acks0) b=$(p50_of acks1) c=$(p50_of acksall)
[[ -n "$a" && -n "$b" && -n "$c" ]] || fail "a delivery p50 is missing: '$a' '$b' '$c'"
note "lesson 2: delivery p50 acks=0 $a ms, acks=1 $b ms, acks=all $c ms"
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { exit !(a < b && b <= c) }' ||
	fail "expected p50 acks=0 < acks=1 <= acks=all"

# ---- lesson 3: a second member joins, then leaves ----
# owned SPEC: kafka-consumer-groups' count of partitions per member of the group, sorted
owned() {
	kafka_tool consumer-groups --bootstrap-server "$bootstrap" --describe --group "$topic-g" \
		2>/dev/null | awk -v t="$topic" '$2 == t && $7 != "-" { n[$7]++ } END { for (m in n) print n[m] }' |
		sort -n | paste -sd' '
}
wait_owned() {
	local deadline=$((SECONDS + $2)) now
	until now=$(owned) && [[ "$now" == "$1" ]]; do
		((SECONDS < deadline)) || fail "the group's split is '$now', expected '$1'"
		sleep 1
	done
}
wait_owned 6 60
"$KTICKER" --broker "$bootstrap" --headless --role consumer --duration 600 --topic "$topic" \
	--group "$topic-g" --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
second=$!
on_exit "kill -9 $second 2>/dev/null"
joined=$SECONDS
wait_owned "3 3" 60
note "lesson 3: the second member has 3 of 6 partitions $((SECONDS - joined)) s after it started"
kill -TERM "$second"
wait "$second" || fail "second member exit $?: $(tail -3 "$WORK/second.err")"
left=$SECONDS
wait_owned 6 60
note "lesson 3: the first member owns all 6 again $((SECONDS - left)) s after the second quit"

kill -TERM "$owner"
wait "$owner" || fail "owner exit $?: $(tail -5 "$WORK/owner.err")"
note "local-lessons took $((SECONDS - started)) s"
echo "local-lessons: ok"
