#!/bin/bash
# With acks=0 the producer never hears that produce requests failed: the ticks in them are
# lost, and the consumer's sequence check must count exactly the ticks missing from the topic,
# as kcat reads it, between a stream's first and last. The same faults with acks=all and
# idempotence lose nothing, and every retry is reported.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

# one second into the feed, whenever the group join let it start; the feed pauses at +10 so
# kcat can read the topic while the embedded cluster lives
printf '%s\n' '+1 fail-produce 40 NOT_ENOUGH_REPLICAS' '+10 pause' >"$WORK/lossy.txt"
headless_start --duration 30 --acks 0 --ticks-per-day 20 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/lossy.txt"
grep_fault() { grep -q "the next 40 produce requests will fail" "$1" || fail "$2: no fault injected"; }
wait_paused_delivered 10
grep_fault "$WORK/err" lossy
kcat -C -b "$bootstrap" -t ticks -e -q -f '%s\n' 2>"$WORK/kcat.err" | tick_ids >"$WORK/log.ids" ||
	fail "kcat could not read ticks: $(cat "$WORK/kcat.err")"
wait "$pid" || true # a run that lost ticks exits 1: its counts are checked below

# a tick lost between two of its stream's in the topic is a gap the consumer can see; one lost
# before a stream's first or after its last leaves no trace in what is read, and is not a gap
interior=$(awk '{ n[$1]++; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
	END { for (s in n) g += hi[s] - lo[s] + 1 - n[s]; print g + 0 }' "$WORK/log.ids")
in_log=$(wc -l <"$WORK/log.ids")
produced=$(field produced "$WORK/out")
((produced > in_log)) || fail "acks=0 with failing requests lost nothing (produced $produced, $in_log in the topic)"
((interior > 0)) || fail "no tick was lost between two of its stream's: the fault did not fall inside the feed"
expect_field own "$in_log" "$WORK/out"
expect_field gaps "$interior" "$WORK/out"
expect_field duplicates 0 "$WORK/out"
expect_field retries 0 "$WORK/out" # with acks=0 no failure is ever heard of

printf '+1 fail-produce 40 NOT_ENOUGH_REPLICAS\n' >"$WORK/safe.txt"
timeout 90 "$KTICKER" --headless --count 3000 --ticks-per-day 20 --from 2017-05-01 --idempotence \
	--data "$DATA_DIR" --scenario "$WORK/safe.txt" >"$WORK/safe.out" 2>"$WORK/safe.err" ||
	fail "the idempotent run failed: $(tail -3 "$WORK/safe.err")"
grep_fault "$WORK/safe.err" safe
expect_field own 3000 "$WORK/safe.out"
expect_field gaps 0 "$WORK/safe.out"
expect_field duplicates 0 "$WORK/safe.out"
# each of the 40 failed requests held at least one partition's message set, each sent again
retries=$(field retries "$WORK/safe.out")
((retries >= 40)) || fail "40 produce requests failed, but retries=$retries"
grep -q 'retried after NOT_ENOUGH_REPLICAS; the idempotent producer keeps their order' "$WORK/safe.err" ||
	fail "no retry in the event log: $(grep -i retr "$WORK/safe.err")"
echo "embedded-acks0-loss: ok ($((produced - in_log)) of $produced lost with acks=0, $interior of them between two of their stream's, all counted)"
