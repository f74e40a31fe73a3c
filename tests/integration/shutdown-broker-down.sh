#!/bin/bash
# SIGTERM while every broker is down: kticker is gone within its 5 s shutdown bound (a
# container stop allows 10 s), says what it could not deliver, counts every tick it produced
# as delivered or failed, and exits 1. A second signal ends it at once.
. "$TESTS_DIR/lib.sh"
printf '+1 broker-down 1\n+1 broker-down 2\n+1 broker-down 3\n' >"$WORK/down.txt"

# start NAME: a run whose cluster goes down one second into the feed (which waits for the
# group's first assignment: ticks were produced before); returns once it is down and ticks
# queue up
start() {
	"$KTICKER" --headless --duration 120 --delay 20 --from 2017-05-01 --data "$DATA_DIR" \
		--scenario "$WORK/down.txt" --log "$WORK/$1.log" >"$WORK/$1.out" 2>"$WORK/$1.err" &
	pid=$!
	on_exit "kill -KILL $pid 2>/dev/null"
	wait_for_line "$WORK/$1.log" 'broker 3 is down' 20
	sleep 2 # ticks produced meanwhile wait in the producer's queue
}

start term
signal_and_wait "$pid"
note "SIGTERM with every broker down: exit $EXIT_RC after $EXIT_MS ms"
((EXIT_RC == 1)) || fail "exit $EXIT_RC, expected 1: $(tail -3 "$WORK/term.err")"
((EXIT_MS <= 7000)) || fail "shutdown took $EXIT_MS ms (bound 5 s)"
grep -qE 'still undelivered .*: purged' "$WORK/term.err" || fail "no word of the purge: $(tail -5 "$WORK/term.err")"
grep -q '^result:' "$WORK/term.out" || fail "no result line"
expect_accounted "$WORK/term.out"

start twice
kill -TERM "$pid"
sleep 1
signal_and_wait "$pid"
note "second SIGTERM: exit $EXIT_RC after $EXIT_MS ms"
((EXIT_RC == 1)) || fail "exit $EXIT_RC after a second signal, expected 1"
((EXIT_MS <= 1000)) || fail "a second signal took $EXIT_MS ms to end kticker"
grep -q 'second signal' "$WORK/twice.err" || fail "no word of the second signal: $(tail -3 "$WORK/twice.err")"
echo "shutdown-broker-down: ok"
