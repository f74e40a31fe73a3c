#!/bin/bash
# A real three-broker cluster whose topic lives on one broker alone (replication factor 1),
# and that broker killed and kept down, while the other two, the group's coordinator among
# them, answer: kcat -L lists the topic's partitions without a leader. The health line says
# so and never NO BROKER; the rows show no leader and their offsets as old readings (~); the
# committed offsets, which the coordinator answers for, stay current.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

own_cluster_named no-leader

# the group exists (a consumer joined it, on another topic) before its coordinator is asked
"$KTICKER" --headless --broker "$brokers" --topic "$topic-first" --group "$group" --duration 8 \
	--data "$DATA_DIR" >"$WORK/first.out" 2>"$WORK/first.err" || fail "the first kticker: $(tail -3 "$WORK/first.err")"
coordinator=$(group_coordinator "$state" "$group")
[[ "$coordinator" =~ ^[1-3]$ ]] || fail "kafka-consumer-groups names no coordinator of $group"
victim=$((coordinator % 3 + 1))
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" --create \
	--topic "$topic" --replica-assignment "$victim,$victim,$victim" >"$WORK/create.out" 2>&1 ||
	fail "could not create $topic: $(cat "$WORK/create.out")"

events="$WORK/events.log"
tui_start 160x50 --broker "$brokers" --topic "$topic" --group "$group" --delay 200 \
	--ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --log "$events"
tui_wait '^ OK ' 60
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20

killed_at=$(wc -l <"$events")
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
note "killed broker $victim, the topic's only one; the coordinator is $coordinator"

# kcat -L: the live brokers answer, and name no leader for the topic's partitions
deadline=$((SECONDS + 30))
until kcat -L -b "$brokers" -t "$topic" -m 3 2>/dev/null | grep -qE 'partition 0, leader -1'; do
	((SECONDS < deadline)) || fail "kcat -L still names a leader of $topic: $(kcat -L -b "$brokers" -t "$topic" -m 3 2>&1 | tail -4)"
	sleep 0.5
done
# the verdict names the leaderless partitions, once the old readings are old
tui_wait '^ ERR.*no leader' 20
# rows: "partition leader log-start high-watermark committed" of each row on the screen
rows() { tui_partition_rows | sed 's/^\*/ /' | awk '{ print $1, $3, $4, $5, $6 }'; }
# every row shows no leader (the Ldr column is read every 2 s), its log's offsets as old
# readings (~), and a current committed offset (no ~): the coordinator answers for it
rows_say_no_leader() { ! awk '$2 != "-" || $4 !~ /^~/ || $5 ~ /~/ { bad = 1 } END { exit !bad }' "$WORK/rows"; }
deadline=$((SECONDS + 6))
until rows >"$WORK/rows" && [[ -s "$WORK/rows" ]] && rows_say_no_leader; do
	((SECONDS < deadline)) || fail "the rows do not show the leaderless partitions as kcat -L does (Ldr -, ~HighWM, current Committed):
$(cat "$WORK/rows")
$(tui_screen | grep -E '^ (OK|WARN|ERR|NO )')"
	sleep 0.3
done
tail -n +$((killed_at + 1)) "$events" | grep 'health: NO BROKER' | head -1 >"$WORK/no-broker" || true
[[ ! -s "$WORK/no-broker" ]] || fail "health said NO BROKER while two brokers answered: $(cat "$WORK/no-broker")"
tui_keys q
tui_wait '^EXIT=' 30
echo "tui real-cluster-no-leader: ok"
