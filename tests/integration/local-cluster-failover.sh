#!/bin/bash
# Failover on real processes (--cluster local --brokers 3), checked apart from kticker:
# 1. a kticker (the cluster's owner) kills the leader of some partitions mid-run (broker-down,
#    SIGKILL) and restarts it, while a second kticker produces and consumes 100 000 ticks with
#    acks=all and idempotence: 0 gaps, 0 duplicates, and kcat reads every tick once; the event
#    log tells the election, the ISR shrinking, then growing back when the broker rejoins.
# 2. on a topic with min.insync.replicas=3, a broker hangs (SIGSTOP, sent here): producing
#    with acks=all gets NOT_ENOUGH_REPLICAS (retried, told in the event log); after SIGCONT the
#    ISR is whole again and every tick is delivered, none twice, none lost (kcat again).
# One cluster for the whole file: it takes ~10 s and ~1 GB to start.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_kafka_jars
export TMPDIR="$WORK"
started=$SECONDS
from=2015-01-02 # all 12 bundled symbols trade

# ---- the owner: starts the cluster, reads the topic in a group of its own, runs the faults.
# broker-down without an id picks a broker that leads partitions of the topic ----
topic=$(unique_name failover)
printf '15 broker-down\n30 broker-up\n' >"$WORK/scenario"
"$KTICKER" --cluster local --brokers 3 --headless --role consumer --duration 900 \
	--topic "$topic" --group "$topic-owner" --scenario "$WORK/scenario" --log "$WORK/owner.events" \
	--data "$DATA_DIR" >"$WORK/owner.out" 2>"$WORK/owner.err" &
owner=$!
on_exit "kill -9 $owner 2>/dev/null"
wait_for_line "$WORK/owner.err" 'all 3 brokers answer|exited during|did not answer|needs' 200
grep -q 'all 3 brokers answer' "$WORK/owner.err" || fail "no cluster: $(tail -5 "$WORK/owner.err")"
state=$(sed -n 's/.*cluster of 3 brokers in \(.*\) (each JVM.*/\1/p' "$WORK/owner.err")
wait_for_line "$WORK/owner.out" '^bootstrap: ' 30
bootstrap=$(bootstrap_of "$WORK/owner.out")
wait_for_line "$WORK/owner.events" 'scenario .*: [0-9]+ steps' 60
note "cluster up after $((SECONDS - started)) s"
# the class settings keep 4 MiB a partition: this test checks every tick, so it keeps them all
kafka_tool configs --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$topic" \
	--add-config retention.bytes=-1,retention.ms=-1 >"$WORK/configs" 2>&1 ||
	fail "kafka-configs: $(cat "$WORK/configs")"

# ---- 1. 100 000 ticks at ~1500/s (12 symbols x 50 a day, a day every 400 ms) across the kill ----
timeout 600 "$KTICKER" --broker "$bootstrap" --headless --count 100000 --topic "$topic" \
	--group "$topic-worker" --from "$from" --ticks-per-day 50 --delay 400 --acks all --idempotence \
	--log "$WORK/worker.events" --data "$DATA_DIR" >"$WORK/worker.out" 2>"$WORK/worker.err" ||
	fail "worker exit $?: $(tail -5 "$WORK/worker.err")"
expect_field delivered 100000 "$WORK/worker.out"
expect_field consumed 100000 "$WORK/worker.out"
expect_field failed 0 "$WORK/worker.out"
expect_field gaps 0 "$WORK/worker.out"
expect_field duplicates 0 "$WORK/worker.out"
grep -q 'scenario 15.0s: broker-down' "$WORK/owner.events" ||
	fail "the broker was not killed while the worker produced: $(grep scenario "$WORK/owner.events")"
check_topic "$bootstrap" "$topic" 100000
victim=$(sed -nE 's/.*broker ([0-9]+) killed \(SIGKILL.*/\1/p' "$WORK/owner.events" | head -n1)
[[ -n "$victim" ]] || fail "no kill in the owner's events: $(grep -i broker "$WORK/owner.events")"
# the ISR without the victim, then with it again; and at least one partition elected anew
wait_for_line "$WORK/owner.events" "partition [0-9]+: .*(ISR shrank|\(shrank\))" 120
wait_for_line "$WORK/owner.events" "partition [0-9]+: leader $victim -> [0-9]+ \(election, epoch [0-9]+ -> [0-9]+\)" 5
# each election's leader epoch, as kticker read it from metadata, went up, and is the newest
# epoch in the new leader's log (Kafka's DumpLogSegments): it writes every batch since under it,
# and the worker went on producing after the election (a partition's last election is checked)
sed -nE 's/.*partition ([0-9]+): leader [0-9]+ -> ([0-9]+) \(election, epoch ([0-9]+) -> ([0-9]+)\).*/\1 \2 \3 \4/p' \
	"$WORK/owner.events" | awk '{ last[$1] = $0 } END { for (p in last) print last[p] }' >"$WORK/epochs"
while read -r p leader was epoch; do
	((epoch > was)) || fail "partition $p: an election told with leader epoch $was -> $epoch"
	segments=$(printf '%s,' "$state/node-$leader/data/$topic-$p/"*.log)
	bash "$TESTS_DIR/kafka/broker.sh" tool "$state" dump-log --files "${segments%,}" >"$WORK/dump" 2>&1
	newest=$(sed -nE 's/.*partitionLeaderEpoch: ([0-9]+) .*/\1/p' "$WORK/dump" | sort -n | tail -n1)
	[[ "$newest" == "$epoch" ]] ||
		fail "partition $p: kticker told leader epoch $epoch; broker $leader's newest batches have ${newest:-none}"
done <"$WORK/epochs"
note "leader epochs told for $(wc -l <"$WORK/epochs") partitions' elections, each the newest in the new leader's log"
wait_for_line "$WORK/owner.events" "partition [0-9]+: .*(ISR grew|\(grew\))" 180
python3 - "$WORK/owner.events" "$victim" <<'EOF' || fail "the ISRs did not shrink then grow back"
import re, sys
# per partition: the last ISR seen must hold the victim again, after one without it
victim = sys.argv[2]
isr = {}
shrank = set()
for line in open(sys.argv[1]):
    m = re.search(r"partition (\d+): .*ISR (?:[a-z]+ )?([\d,-]+) -> ([\d,-]+)", line)
    if not m:
        continue
    p, before, after = m.group(1), m.group(2).split(","), m.group(3).split(",")
    if victim in before and victim not in after:
        shrank.add(p)
    isr[p] = after
back = [p for p in shrank if victim in isr[p]]
print(f"# ISR shrank on partitions {sorted(shrank)}, holds broker {victim} again on {sorted(back)}",
      file=sys.stderr)
sys.exit(0 if shrank else 1)
EOF
# every partition whole again, by the owner's reading (bounded: the broker catches up)
deadline=$((SECONDS + 180))
until python3 - "$WORK/owner.events" "$victim" <<'EOF'; do
import re, sys
isr = {}
for line in open(sys.argv[1]):
    m = re.search(r"partition (\d+): .*ISR (?:[a-z]+ )?([\d,-]+) -> ([\d,-]+)", line)
    if m:
        isr[m.group(1)] = m.group(3).split(",")
sys.exit(0 if all(sys.argv[2] in v for v in isr.values()) else 1)
EOF
	((SECONDS < deadline)) || fail "broker $victim is not back in every ISR: $(grep ISR "$WORK/owner.events")"
	sleep 1
done
note "leader kill over 100000 ticks: 0 gaps, 0 duplicates; ISR shrink and growth seen ($((SECONDS - started)) s so far)"

# ---- 2. min.insync.replicas=3 and a hung broker: NOT_ENOUGH_REPLICAS, then recovery ----
strict="$topic-strict"
kafka_tool topics --bootstrap-server "$bootstrap" --create --topic "$strict" --partitions 6 \
	--replication-factor 3 --config min.insync.replicas=3 --config retention.bytes=-1 >"$WORK/create" 2>&1 ||
	fail "kafka-topics --create: $(cat "$WORK/create")"
"$KTICKER" --broker "$bootstrap" --headless --duration 600 --topic "$strict" \
	--group "$strict-worker" --from "$from" --ticks-per-day 10 --delay 400 --acks all --idempotence \
	--log "$WORK/strict.events" --data "$DATA_DIR" >"$WORK/strict.out" 2>"$WORK/strict.err" &
worker=$!
on_exit "kill -9 $worker 2>/dev/null"
wait_for_line "$WORK/strict.out" ' delivered [1-9]' 60
hung=$(pgrep -f "java .*$state/node-3/" | head -n1)
[[ -n "$hung" ]] || fail "no process of broker 3"
kill -STOP "$hung"
on_exit "kill -CONT $hung 2>/dev/null"
wait_for_line "$WORK/strict.events" 'retried after NOT_ENOUGH_REPLICAS' 120
kill -CONT "$hung"
before=$(grep -c ' delivered ' "$WORK/strict.out")
# recovery: the ISR is whole again (Kafka's view) and deliveries go on
deadline=$((SECONDS + 180))
until kcat -L -b "$bootstrap" -t "$strict" 2>/dev/null | grep -c 'isrs: [123],[123],[123]$' | grep -qx 6; do
	((SECONDS < deadline)) || fail "the ISRs of $strict are not whole again: $(kcat -L -b "$bootstrap" -t "$strict")"
	sleep 1
done
delivered_now() { sed -nE 's/.* delivered ([0-9]+) .*/\1/p' "$WORK/strict.out" | tail -n1; }
at_cont=$(delivered_now)
deadline=$((SECONDS + 60))
until (($(delivered_now) > at_cont + 100)); do
	((SECONDS < deadline)) || fail "no deliveries after the ISR was whole: $(tail -3 "$WORK/strict.out")"
	sleep 0.5
done
kill -TERM "$worker"
wait "$worker" || fail "strict worker exit $?: $(tail -5 "$WORK/strict.err")"
((before > 0)) || fail "no status lines"
delivered=$(field delivered "$WORK/strict.out")
# Kafka's log first (kcat): every tick, in order, none lost; a tick written twice only as
# often as kticker's consumer counted duplicates (librdkafka 2.0.2's idempotent producer can
# resend a request that timed out while leaders moved, under a new epoch the broker does not
# match: seen once in CI, 1 of 8500, and the screen said duplicates 1)
check_topic "$bootstrap" "$strict" "$delivered" "$(field duplicates "$WORK/strict.out")"
expect_field produced "$delivered" "$WORK/strict.out"
expect_field failed 0 "$WORK/strict.out"
expect_field gaps 0 "$WORK/strict.out"
note "duplicates around the hang, in the log and counted by kticker: $(field duplicates "$WORK/strict.out")"
note "NOT_ENOUGH_REPLICAS under min.insync.replicas=3 with broker 3 hung, then $delivered ticks delivered once each"

kill -TERM "$owner"
wait "$owner" || fail "owner exit $?: $(tail -5 "$WORK/owner.err")"
note "local-cluster-failover took $((SECONDS - started)) s"
echo "local-cluster-failover: ok"
