#!/bin/bash
# A topic first shown while a broker is down: the embedded cluster gives the downed broker
# some of its partitions, as it places a new topic's leaders at random. Kafka never elects a
# dead broker, and kticker, playing its controller, must not leave them there: once the
# control worker knows the new topic's leaders, every partition is led by a live broker
# (kcat -L, read apart from kticker) and the event log says how many were elected. At 48
# partitions some land on the downed broker all but certainly (1 - (2/3)^48).
# The steps count from the feed's start, which waits for the consumer's first assignment: at
# second 3 of the run, broker 1 (the group's coordinator) went down while the embedded
# cluster still held the first JoinGroup (it elects after 3 s), and the member it kept from
# that join, dead, then led the group and never synced: the cluster held the other members'
# SyncGroup and the LeaveGroup behind it for seconds, and a close in that window was slow.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

printf '+1 broker-down 1\n+3 topic other\n' >"$WORK/faults.txt"
headless_start --duration 60 --partitions 48 --delay 500 --ticks-per-day 10 \
	--from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/faults.txt"
wait_for_line "$WORK/err" 'switched to topic other' 20
# the control worker reads leaders every 2 s: the controller acts on its first reading
deadline=$((SECONDS + 10))
until kcat_leaders "$bootstrap" other >"$WORK/leaders" && (($(wc -l <"$WORK/leaders") == 48)) &&
	! awk '$2 == 1 { found = 1 } END { exit !found }' "$WORK/leaders"; do
	((SECONDS < deadline)) || fail "broker 1 is down and still leads $(awk '$2 == 1' "$WORK/leaders" | wc -l) of the $(wc -l <"$WORK/leaders") partitions of topic other (kcat -L)"
	sleep 0.2
done
wait_for_line "$WORK/err" 'controller: other: [0-9]+ offline partitions elected a live replica leader' 5
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT: $(tail -5 "$WORK/err")"
echo "fault-new-topic: ok ($(sed -n 's/.*controller: other: \([0-9]*\) offline.*/\1/p' "$WORK/err") partitions elected)"
