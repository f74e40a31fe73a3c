#!/bin/bash
# A stop while the producer thread has no client: it rebuilds it after a change (a new topic,
# acks, linger...), and between the old one's destroy and the new one's creation it holds
# none. producer_stop looked at the client, not at the thread: seeing none, it returned at once
# without stopping or joining the thread, and run() went on while the thread kept producing
# into its struct on run()'s stack (a SIGINT 0.2 s after a topic switch ended in SIGSEGV;
# under ASan: use-after-free in tick_encode_with, UBSan 'load of value 244 ... _Bool').
# The window is milliseconds long in a topic switch; a rebuild that cannot succeed holds it
# open: linger 900000 is past librdkafka's message.timeout.ms (300 s), so rd_kafka_new refuses
# every new client. The stop must end the thread's retries, say so, and exit 0 promptly.
. "$TESTS_DIR/lib.sh"

printf '+1 linger 900000\n' >"$WORK/scenario.txt"
headless_start --duration 60 --partitions 4 --delay 500 --ticks-per-day 10 \
	--from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/scenario.txt"
wait_for_line "$WORK/err" 'producer: `message.timeout.ms` must be greater than `linger.ms`' 30
signal_and_wait "$pid" INT
((EXIT_RC == 0)) || fail "kticker exited $EXIT_RC after SIGINT: $(tail -5 "$WORK/err")"
((EXIT_MS < 5000)) || fail "the shutdown took ${EXIT_MS} ms"
grep -q 'producer: stopped before its client could be rebuilt' "$WORK/err" ||
	fail "the stop did not end the producer thread's rebuild (it was never stopped nor joined): $(grep 'producer' "$WORK/err" | tail -3)"
grep -q '^result: ' "$WORK/out" || fail "no result line: $(tail -3 "$WORK/out")"
echo "stop-while-producer-rebuilds: ok (shutdown ${EXIT_MS} ms)"
