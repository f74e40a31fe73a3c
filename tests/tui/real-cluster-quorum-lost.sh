#!/bin/bash
# A real three-broker cluster loses two of its three nodes, the two that hold the topic and
# the group's coordinator: with its controllers' quorum gone, the broker left (kcat -L gets
# its answer) still names the dead ones as the partitions' leaders, and nothing answers the
# offset questions. The health line must not say OK, nor NO BROKER ("no broker answered",
# which the live broker belies), but ERR: "brokers answer who leads what, but no leader they
# name has answered". NO BROKER at most at the kill itself, when librdkafka may report every
# connection of its own lost, until the next round of questions (a second) finds broker 3
# answering. (Before the fix: "NO BROKER: no broker answered for 26.5s: no broker answered
# for the offsets".)
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool python3 python3

own_cluster_named quorum-lost
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" --create \
	--topic "$topic" --replica-assignment 1:2,2:1 >"$WORK/create.out" 2>&1 ||
	fail "could not create $topic: $(cat "$WORK/create.out")"
survivor=$(cut -d, -f3 <<<"$brokers")
# a group whose coordinator is broker 1 or 2, to be killed too: the partition of
# __consumer_offsets a group id hashes to (Java's String.hashCode, as Kafka takes it) and
# that partition's leader, as kcat -L names it (a first group makes the topic)
kcat -C -b "$brokers" -G "$(unique_name warm)" -e -q "$topic" >/dev/null 2>&1 || fail "kcat could not join a group"
kcat -L -b "$brokers" -t __consumer_offsets >"$WORK/offsets-L" 2>&1 || fail "kcat -L __consumer_offsets: $(cat "$WORK/offsets-L")"
group=$(python3 - "$WORK/offsets-L" "$group" <<'PY'
import re, sys
leaders = {int(p): int(l) for p, l in re.findall(r'partition (\d+), leader (-?\d+)', open(sys.argv[1]).read())}
def java_hash(s):
    h = 0
    for c in s.encode('utf-16-be').decode('utf-16-be'):
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h
for i in range(100):
    g = f"{sys.argv[2]}-{i}"
    h = java_hash(g)
    if leaders and leaders.get((0 if h == -2**31 else abs(h)) % len(leaders)) in (1, 2):
        print(g)
        break
PY
)
[[ -n "$group" ]] || fail "no group name found whose coordinator is broker 1 or 2: $(grep -c partition "$WORK/offsets-L") partitions of __consumer_offsets"

events="$WORK/events.log"
tui_start 160x50 --broker "$brokers" --topic "$topic" --group "$group" --delay 200 \
	--ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --log "$events"
tui_wait '^ OK ' 60
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20

killed=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" 1
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" 2
note "killed brokers 1 and 2; broker 3 at $survivor is left"
tui_wait '^ ERR: brokers answer who leads what, but no leader they name has answered' 20
sleep 5 # a NO BROKER verdict would have come by now (1.5 s of silence)
kcat -L -b "$survivor" -t "$topic" -m 3 >"$WORK/kcat-L" 2>&1 || fail "kcat -L got no answer from $survivor: $(cat "$WORK/kcat-L")"
grep -q 'from broker 3' "$WORK/kcat-L" || fail "kcat -L: $(cat "$WORK/kcat-L")"
note "kcat -L: $(grep -E 'from broker|partition' "$WORK/kcat-L" | tr -s ' ' | tr '\n' ';')"
note "$(awk -v t="$killed" '$1 >= t && / health: / { $2 = ""; print $1 - t " ms:" $0 }' "$events" | cut -d' ' -f1,4- | tr '\n' ';')"
# librdkafka may say at the kill that every broker is down (its connection to broker 3 was
# idle, closed): no broker has answered since, which the next round (a second) corrects
no_broker=$(event_ms "$events" 'health: NO BROKER' $((killed + 3000)))
[[ -z "$no_broker" ]] || fail "NO BROKER $((no_broker - killed)) ms after the kill, while broker 3 answers: $(grep 'health: NO BROKER' "$events" | tail -1)"
tui_screen | grep -qE '^ NO BROKER' && fail "the screen says NO BROKER while broker 3 answers: $(tui_screen | grep -E '^ NO BROKER')"
ok=$(event_ms "$events" 'health: OK' "$killed")
[[ -z "$ok" ]] || fail "health: OK $((ok - killed)) ms after the kill"
echo "tui real-cluster-quorum-lost: ok"
