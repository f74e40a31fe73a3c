#!/bin/bash
# SIGTERM while every broker is down: kticker is gone within its 5 s shutdown bound (a
# container stop allows 10 s), says what it could not deliver, counts every tick it produced
# as delivered or failed, and exits 1. A second signal ends it at once.
. "$TESTS_DIR/lib.sh"
printf '6 broker-down 1\n6 broker-down 2\n6 broker-down 3\n' >"$WORK/down.txt"

# start NAME: a run whose cluster goes down at 6 s (after the group's first assignment, which
# the producer waits for); returns once it is down and ticks queue up
start() {
	"$KTICKER" --headless --duration 120 --delay 20 --from 2017-05-01 --data "$DATA_DIR" \
		--scenario "$WORK/down.txt" --log "$WORK/$1.log" >"$WORK/$1.out" 2>"$WORK/$1.err" &
	pid=$!
	on_exit "kill -KILL $pid 2>/dev/null"
	wait_for_line "$WORK/$1.log" 'broker 3 is down' 20
	sleep 2 # ticks produced meanwhile wait in the producer's queue
}

# honest NAME: every tick produced was delivered or failed, and the run did not exit 0
honest() {
	local produced delivered failed
	produced=$(field produced "$WORK/$1.out")
	delivered=$(field delivered "$WORK/$1.out")
	failed=$(field failed "$WORK/$1.out")
	((failed > 0 && produced == delivered + failed)) ||
		fail "$1: produced $produced, delivered $delivered, failed $failed"
}

start term
t0=$(date +%s%3N)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
took=$(($(date +%s%3N) - t0))
note "SIGTERM with every broker down: exit $rc after $took ms"
((rc == 1)) || fail "exit $rc, expected 1: $(tail -3 "$WORK/term.err")"
((took <= 7000)) || fail "shutdown took $took ms (bound 5 s)"
grep -qE 'still undelivered .*: purged' "$WORK/term.err" || fail "no word of the purge: $(tail -5 "$WORK/term.err")"
grep -q '^result:' "$WORK/term.out" || fail "no result line"
honest term

start twice
kill -TERM "$pid"
sleep 1
t0=$(date +%s%3N)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
took=$(($(date +%s%3N) - t0))
note "second SIGTERM: exit $rc after $took ms"
((rc == 1)) || fail "exit $rc after a second signal, expected 1"
((took <= 1000)) || fail "a second signal took $took ms to end kticker"
grep -q 'second signal' "$WORK/twice.err" || fail "no word of the second signal: $(tail -3 "$WORK/twice.err")"
echo "shutdown-broker-down: ok"
