#!/bin/bash
# 100 000 ticks through repeated broker down/up cycles, with acks=all and idempotence: the
# consumer's sequence check finds every tick (no gap), kticker, acting as controller, moved
# the leaders each time, and kcat, reading the topic apart from kticker, finds each tick in
# it once, but for the ones kticker counted as duplicates, which it finds there twice: the
# embedded cluster (librdkafka's mock) does not deduplicate an idempotent producer's retried
# request when a broker went down after writing it, so their number differs from run to run.
. "$TESTS_DIR/lib.sh"

# no ids: each time a broker that leads partitions (the mock places leaders at random). The
# steps count from the feed's start, which waits for the consumer's first assignment: at
# second 3 of the run the first broker went down as the embedded cluster ended the group's
# first join (it elects after 3 s), in 6 of 10 runs before it, with no tick produced yet.
cat >"$WORK/cycles.txt" <<'SCENARIO'
+1  broker-down
+4  broker-up
+7  broker-down
+10 broker-up
+13 broker-down
+16 broker-up
+19 broker-down
+22 broker-up
SCENARIO
# --duration keeps the embedded cluster up after the --count is read, for kcat
headless_start --idempotence --count 100000 --duration 170 --delay 250 \
	--ticks-per-day 100 --from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/cycles.txt"
wait_for_line "$WORK/err" 'topic ticks: 6 partitions' 20
# kcat reads along from the start (unbuffered: -u): the embedded cluster keeps only ~5 MB a partition, and
# deletes the oldest ticks of the 20 MB long before the end
need_tool kcat kcat
kcat -C -b "$bootstrap" -t ticks -o beginning -q -u -f '%k\t%s\n' \
	>"$WORK/topic.tsv" 2>"$WORK/kcat.err" &
kcat_pid=$!
on_exit "kill $kcat_pid 2>/dev/null"
# everything delivered and read: the consumed count is the log's
line='delivered 100000 failed 0 \| consumed [0-9]+ \([0-9]+/s\) lag 0 '
wait_for_line "$WORK/out" "$line" 150
in_log=$(grep -E -m1 "$line" "$WORK/out" | sed -E 's/.* consumed ([0-9]+) .*/\1/')
deadline=$((SECONDS + 60))
until (($(wc -l <"$WORK/topic.tsv") >= in_log)); do
	((SECONDS < deadline)) || fail "kcat read $(wc -l <"$WORK/topic.tsv") of $in_log ticks in 60 s: $(tail -3 "$WORK/kcat.err")"
	sleep 0.2
done
kill "$kcat_pid"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT: $(tail -5 "$WORK/err")"

downs=$(grep -c 'controller: moved the leadership of [1-9]' "$WORK/err" || true)
((downs == 4)) || fail "expected 4 leader moves, saw $downs"
((downs == $(grep -c 'is up again' "$WORK/err"))) || fail "not every broker came back"
expect_field produced 100000 "$WORK/out"
expect_field failed 0 "$WORK/out"
expect_field gaps 0 "$WORK/out"
duplicates=$(field duplicates "$WORK/out")
expect_field own $((100000 + duplicates)) "$WORK/out"
expect_field consumed "$in_log" "$WORK/out"
check_dump 100000 "$duplicates"
if ((duplicates > 0)); then
	grep -q 'duplicate: .* the embedded cluster writes a retried request again' "$WORK/err" ||
		fail "$duplicates duplicates, and the event log does not say where they came from"
fi
echo "embedded-faults: ok (ticks the embedded cluster wrote twice, as kcat found too: $duplicates)"
