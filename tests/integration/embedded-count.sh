#!/bin/bash
# Headless on the embedded cluster: every tick produced is consumed exactly once, in order.
. "$TESTS_DIR/lib.sh"

timeout 120 "$KTICKER" --headless --count 20000 --delay 0 --ticks-per-day 3 --idempotence \
	--data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || fail "exit $?: $(tail -5 "$WORK/err")"
grep -qE '^bootstrap: 127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+){2}$' "$WORK/out" ||
	fail "no bootstrap line for 3 brokers"
grep -qE '^\[ *[0-9.]+s\] .* produced [0-9]+' "$WORK/out" || fail "no status line"
expect_exactly_once 20000 "$WORK/out"
grep -q "rebalance: assigned partitions \[0,1,2,3,4,5\]" "$WORK/err" || fail "no assignment of 6 partitions"
grep -q "AAPL.csv:167: null value in Open" "$WORK/err" || fail "the bad row is not reported"
# the fixed cost, apart: the mock cluster holds a new group's first assignment for 3 s
startup=$(grep '^summary: start-up: ' "$WORK/out") || fail "no start-up line"
[[ "$startup" =~ ^summary:\ start-up:\ data\ loaded\ in\ [0-9.]+(us|ms|s),\ cluster\ and\ topic\ in\ [0-9.]+(us|ms|s),\ first\ partition\ assignment\ ([0-9.]+)s\ after\ the\ consumer\ started$ ]] ||
	fail "start-up line: $startup"
awk -v s="${BASH_REMATCH[3]}" 'BEGIN { exit !(s >= 2.5) }' ||
	fail "first assignment after ${BASH_REMATCH[3]} s, the embedded cluster's join takes 3 s"
echo "embedded-count: ok"
