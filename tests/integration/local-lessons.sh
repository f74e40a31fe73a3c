#!/bin/bash
# The lessons taught on a local cluster (kticker --lesson N names it), their headline numbers
# checked on one three-broker --cluster local (started once: ~10 s, ~1 GB):
# - lesson 2, acks: delivery p50 acks=0 far below acks=1, and acks=1 at most acks=all (the
#   medians of per-second p50s while one producer turns the setting round six times);
# - lesson 3, groups: a second member joins and Kafka's kafka-consumer-groups shows the six
#   partitions split 3 and 3; it leaves (LeaveGroup) and the first owns all six again;
# - lesson 8, retention: retention.ms set with Kafka's kafka-configs moves the log start;
# - lesson 10, rewind: the group's committed offsets move back, so its lag (Kafka's
#   kafka-consumer-groups) jumps to most of the topic.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_kafka_jars
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

# ---- lesson 2: acks. One producer turns acks round 0, 1, all every 5 s, six times, so that
# the three settings meet the same load on this shared machine in turn (separate runs, even
# side by side, met loads that differed by 100s of ms). --metrics says each second's setting;
# a row counts when the row before had the same (its window, the second before it, then began
# after the producer was rebuilt for the setting): 2 to 3 rows a turn ----
printf '%s\n' "$(for t in 5 20 35 50 65 80; do
	printf '%d acks 0\n%d acks 1\n%d acks all\n' "$t" $((t + 5)) $((t + 10))
done)" >"$WORK/acks.scenario"
# ~240 ticks/s (12 symbols x 8 a day, a day every 400 ms): three brokers on a loaded 2-core
# machine keep up with acks=all at that rate (at ~1300/s they fell behind by seconds, and the
# flush at each change of acks ate the next setting's turn)
# (acks=0 loses ticks silently, e.g. some sent while leaders move: then the run ends with
# status 1 as the consumer counts gaps, which is the lesson's point, not a failure)
rc=0
timeout 300 "$KTICKER" --broker "$bootstrap" --headless --duration 95 --acks all --no-idempotence \
	--loop --topic "$topic-acks" --group "$topic-acks" --from 2017-05-01 --ticks-per-day 8 \
	--delay 400 --scenario "$WORK/acks.scenario" --metrics "$WORK/acks.csv" --data "$DATA_DIR" \
	>"$WORK/acks.out" 2>"$WORK/acks.err" || rc=$?
((rc <= 1)) && grep -q '^result:' "$WORK/acks.out" || fail "acks run: exit $rc: $(tail -3 "$WORK/acks.err")"
# p50_of ACKS: the median of the settled seconds' delivery p50s with that setting
p50_of() {
	awk -F, -v acks="$1" 'NR > 1 { if ($1 >= 6 && $19 == acks && p1 == acks && $3 > 0) print $7
		p1 = $19 }' "$WORK/acks.csv" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR >= 6) print v[int((NR + 1) / 2)] }'
}
a=$(p50_of 0) b=$(p50_of 1) c=$(p50_of all)
[[ -n "$a" && -n "$b" && -n "$c" ]] || fail "fewer than 6 settled seconds of a setting: '$a' '$b' '$c'"
note "lesson 2: delivery p50 acks=0 $a ms, acks=1 $b ms, acks=all $c ms"
# acks=0 waits for nobody; acks=1 for the leader's write; acks=all also for the followers'
# fetch of it (seen at load 15-17 on 2 cores: 0.2, 1.5-1.9, 3.6-5.1 ms)
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { exit !(a * 3 < b && b <= c) }' ||
	fail "expected p50 acks=0 far below acks=1, and acks=1 at most acks=all"

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

# ---- lesson 10: a rewind moves the group's committed offset back, so the Lag column
# (high watermark - committed, as kafka-consumer-groups counts it) jumps. The producer is
# paused and the consumer caught up first; a throttle keeps the re-read slow enough to see ----
rewind="$topic-rewind"
printf '6 pause\n9 throttle 10\n10 rewind beginning\n' >"$WORK/rewind.scenario"
"$KTICKER" --broker "$bootstrap" --headless --duration 600 --topic "$rewind" --group "$rewind" \
	--from 2017-05-01 --ticks-per-day 8 --delay 100 --scenario "$WORK/rewind.scenario" \
	--log "$WORK/rewind.events" --data "$DATA_DIR" >"$WORK/rewind.out" 2>"$WORK/rewind.err" &
rewinder=$!
on_exit "kill -9 $rewinder 2>/dev/null"
# group_lag: the group's total lag and the topic's total high watermark, from Kafka's tool
group_lag() {
	kafka_tool consumer-groups --bootstrap-server "$bootstrap" --describe --group "$rewind" \
		2>/dev/null | awk -v t="$rewind" '$2 == t && $6 ~ /^[0-9]+$/ { lag += $6; end += $5 } END { print lag + 0, end + 0 }'
}
wait_for_line "$WORK/rewind.events" 'scenario 6.0s: pause' 60
wait_for_line "$WORK/rewind.events" 'rewind to the beginning: [0-9]+ partitions moved back' 60
read -r lag end < <(group_lag)
deadline=$((SECONDS + 60))
until ((end > 0 && lag * 2 > end)); do
	((SECONDS < deadline)) || fail "the group's lag is $lag of $end after the rewind: committed did not move back"
	sleep 1
	read -r lag end < <(group_lag)
done
note "lesson 10: after rewind beginning, kafka-consumer-groups shows lag $lag of $end offsets"
kill -TERM "$rewinder"
wait "$rewinder" || fail "rewind run exit $?: $(tail -3 "$WORK/rewind.err")"

# ---- lesson 8: retention is a topic setting: with retention.ms lowered by Kafka's
# kafka-configs, the closed segments go and the log start (kcat's first offset) leaves 0 ----
kept="$topic-retention"
timeout 300 "$KTICKER" --broker "$bootstrap" --headless --count 12000 --partitions 1 --topic "$kept" \
	--group "$kept" --from 2017-05-01 --ticks-per-day 10 --delay 0 --data "$DATA_DIR" \
	>"$WORK/kept.out" 2>"$WORK/kept.err" || fail "retention run exit $?: $(tail -3 "$WORK/kept.err")"
# first_offset: the log start, as kcat finds it: the first offset it reads, or where it
# found the end when retention deleted everything (the open segment too: nothing new came)
first_offset() {
	kcat -C -b "$bootstrap" -t "$kept" -p 0 -o beginning -c 1 -e -f '%o\n' 2>&1 |
		sed -nE 's/^([0-9]+)$/\1/p; s/.*Reached end of topic .* at offset ([0-9]+).*/\1/p' | head -n1
}
[[ "$(first_offset)" == 0 ]] || fail "the log of $kept starts at $(first_offset) before retention.ms"
kafka_tool configs --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$kept" \
	--add-config retention.ms=1000 >"$WORK/configs" 2>&1 || fail "kafka-configs: $(cat "$WORK/configs")"
changed=$SECONDS
deadline=$((SECONDS + 90))
until start=$(first_offset) && ((${start:-0} > 0)); do
	((SECONDS < deadline)) || fail "the log start of $kept is still $(first_offset) 90 s after retention.ms=1000"
	sleep 1
done
note "lesson 8: retention.ms=1000: the log starts at offset $(first_offset) of 12000, $((SECONDS - changed)) s later"

kill -TERM "$owner"
wait "$owner" || fail "owner exit $?: $(tail -5 "$WORK/owner.err")"
note "local-lessons took $((SECONDS - started)) s"
echo "local-lessons: ok"
