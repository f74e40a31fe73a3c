#!/bin/bash
# --cluster local: kticker starts three real Apache Kafka brokers, 3000 ticks go through them
# (checked apart from kticker with kcat), Kafka's kafka-topics sees replication factor 3 and
# min.insync.replicas 2, and no broker process outlives kticker: not after a clean exit, and
# not after kticker is SIGKILLed (the brokers are found by their state directory).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_kafka_jars

# brokers STATEDIR: pids of java processes run from that state directory
brokers() { pgrep -f "java .*$1/node-" || true; }

# gone STATEDIR SECONDS: waits until no broker of STATEDIR is left
gone() {
	local deadline=$((SECONDS + $2))
	while [[ -n "$(brokers "$1")" ]]; do
		((SECONDS < deadline)) || fail "brokers of $1 still running $2 s after kticker: $(brokers "$1")"
		sleep 0.2
	done
}

# the temporary state of a kticker that was SIGKILLed (its pid is gone): the next one removes it
export TMPDIR="$WORK"
orphan="$WORK/kticker-cluster-orphan"
mkdir -p "$orphan/node-1"
sh -c 'echo $$' >"$orphan/kticker.pid"

# ---- a run: 3000 ticks through a three-broker cluster, then a clean exit ----
topic=$(unique_name local)
"$KTICKER" --cluster local --brokers 3 --headless --count 3000 --delay 0 --duration 600 \
	--topic "$topic" --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill -9 $pid 2>/dev/null"
wait_for_line "$WORK/err" 'all 3 brokers answer|exited during|did not answer|formatting the|needs' 200
grep -q 'all 3 brokers answer' "$WORK/err" || fail "no cluster: $(tail -5 "$WORK/err")"
state=$(sed -n 's/.*cluster of 3 brokers in \(.*\) (each JVM.*/\1/p' "$WORK/err")
[[ -d "$state" ]] || fail "no state directory named in: $(head -3 "$WORK/err")"
[[ ! -e "$orphan" ]] || fail "the orphaned temporary state $orphan is still there"
for b in 1 2 3; do grep -q "local cluster: broker $b answers at 127.0.0.1:" "$WORK/err" ||
	fail "no progress line for broker $b"; done
wait_for_line "$WORK/out" '^bootstrap: 127\.0\.0\.1:[0-9]+,127\.0\.0\.1:[0-9]+,127\.0\.0\.1:[0-9]+$' 30
bootstrap=$(bootstrap_of "$WORK/out")
[[ $(brokers "$state" | wc -l) == 3 ]] || fail "expected 3 broker processes: $(brokers "$state")"
wait_for_line "$WORK/out" ' consumed 3000 ' 120

check_topic "$bootstrap" "$topic" 3000
kafka_tool topics --bootstrap-server "$bootstrap" --describe --topic "$topic" \
	>"$WORK/describe" 2>"$WORK/describe.err" || fail "kafka-topics: $(cat "$WORK/describe.err")"
grep -q "ReplicationFactor: 3" "$WORK/describe" || fail "replication factor: $(head -1 "$WORK/describe")"
grep -q "min.insync.replicas=2" "$WORK/describe" || fail "min.insync.replicas: $(head -1 "$WORK/describe")"

kill -TERM "$pid"
wait "$pid" || fail "exit $?: $(tail -5 "$WORK/err")"
expect_field delivered 3000 "$WORK/out"
expect_field consumed 3000 "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
[[ -z "$(brokers "$state")" ]] || fail "brokers left after a clean exit: $(brokers "$state")"
[[ ! -e "$state" ]] || fail "the temporary state $state is left"

# ---- broker-down and broker-up (b and B) crash and restart a process, broker-hang freezes
# one, broker-down ID clean shuts one down; then kticker is SIGKILLed mid-run and its brokers
# follow it, the restarted ones too ----
state2="$WORK/kept"
printf '2 broker-down 2\n4 broker-up 2\n6 broker-hang 3\n8 broker-up 3\n10 broker-down 1 clean\n14 broker-up 1\n' \
	>"$WORK/scenario"
"$KTICKER" --cluster local --brokers 3 --headless --duration 600 --state "$state2" \
	--scenario "$WORK/scenario" --topic "$topic-2" --data "$DATA_DIR" >"$WORK/out2" 2>"$WORK/err2" &
pid=$!
on_exit "kill -9 $pid 2>/dev/null"
wait_for_line "$WORK/out2" '^bootstrap: ' 200
wait_for_line "$WORK/out2" ' consumed [1-9]' 60
wait_for_line "$WORK/err2" 'broker 2 restarted \(process [0-9]+\)' 30
killed=$(sed -n 's/.*broker 2 killed (SIGKILL of process \([0-9]*\)).*/\1/p' "$WORK/err2")
[[ -n "$killed" ]] || fail "no broker-down event: $(grep -i broker "$WORK/err2")"
kill -0 "$killed" 2>/dev/null && fail "broker 2's process $killed still runs after broker-down"
restarted=$(sed -n 's/.*broker 2 restarted (process \([0-9]*\)).*/\1/p' "$WORK/err2")
grep -q "$state2/node-2/" "/proc/$restarted/cmdline" || fail "process $restarted is not broker 2"
# Kafka's own view: broker 2 is in the cluster's metadata again
deadline=$((SECONDS + 180))
until kcat -L -b "$(bootstrap_of "$WORK/out2")" -m 2 2>/dev/null | grep -q 'broker 2 at 127.0.0.1'; do
	((SECONDS < deadline)) || fail "broker 2 did not rejoin within 180 s"
	sleep 0.5
done
# a hung broker (SIGSTOP) goes on (SIGCONT) as the same process; a controlled shutdown
# (SIGTERM) and a restart make a new one
wait_for_line "$WORK/err2" 'broker 1 restarted \(process [0-9]+\)' 60
hung=$(sed -n 's/.*broker 3 hung (SIGSTOP of process \([0-9]*\)).*/\1/p' "$WORK/err2")
went_on=$(sed -n 's/.*broker 3 goes on (SIGCONT of process \([0-9]*\)).*/\1/p' "$WORK/err2")
[[ -n "$hung" && "$hung" == "$went_on" ]] || fail "broker-hang/up: $(grep 'broker 3' "$WORK/err2")"
grep -q "$state2/node-3/" "/proc/$hung/cmdline" || fail "broker 3's process $hung is gone after SIGCONT"
clean=$(sed -n 's/.*broker 1: controlled shutdown (SIGTERM of process \([0-9]*\)).*/\1/p' "$WORK/err2")
[[ -n "$clean" ]] || fail "no controlled shutdown: $(grep 'broker 1' "$WORK/err2")"
kill -0 "$clean" 2>/dev/null && fail "broker 1's process $clean still runs after broker-down clean and up"
[[ $(brokers "$state2" | wc -l) == 3 ]] || fail "expected 3 broker processes: $(brokers "$state2")"
kill -KILL "$pid"
gone "$state2" 10
[[ -f "$state2/node-1/data/meta.properties" ]] || fail "--state $state2 was not kept"

# ---- the kept --state again: the same address, the topic still there; a clean stop ----
timeout 300 "$KTICKER" --cluster local --brokers 3 --headless --count 10 --delay 0 \
	--state "$state2" --topic "$topic-2" --data "$DATA_DIR" >"$WORK/out3" 2>"$WORK/err3" ||
	fail "exit $? on the kept state: $(tail -5 "$WORK/err3")"
# (a port another program took meanwhile is replaced, and kticker says so)
[[ "$(bootstrap_of "$WORK/out3")" == "$(bootstrap_of "$WORK/out2")" ]] ||
	grep -q "port [0-9]* is not free" "$WORK/err3" ||
	fail "the kept state moved from $(bootstrap_of "$WORK/out2") to $(bootstrap_of "$WORK/out3")"
note "$(grep 'all 3 brokers answer' "$WORK/err") (first run), $(grep 'all 3 brokers answer' "$WORK/err3") (kept state)"
grep -q "topic $topic-2 exists" "$WORK/err3" || fail "topic $topic-2 is not in the kept state"
expect_field own 10 "$WORK/out3"
[[ -z "$(brokers "$state2")" ]] || fail "brokers left after a clean exit: $(brokers "$state2")"
echo "local-cluster: ok"
