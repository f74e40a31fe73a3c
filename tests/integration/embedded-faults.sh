#!/bin/bash
# 100 000 ticks through repeated broker down/up cycles, with acks=all and idempotence: the
# consumer's sequence check finds every tick exactly once (no gap, no duplicate), and
# kticker, acting as controller, moved the leaders each time.
. "$TESTS_DIR/lib.sh"

# no ids: each time a broker that leads partitions (the mock places leaders at random)
cat >"$WORK/cycles.txt" <<'SCENARIO'
3  broker-down
6  broker-up
9  broker-down
12 broker-up
15 broker-down
18 broker-up
21 broker-down
24 broker-up
SCENARIO
timeout 150 "$KTICKER" --headless --idempotence --count 100000 --delay 250 --ticks-per-day 100 \
	--from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/cycles.txt" \
	>"$WORK/out" 2>"$WORK/err" || fail "kticker exited $?: $(tail -5 "$WORK/err")"
downs=$(grep -c 'controller: moved the leadership of [1-9]' "$WORK/err" || true)
((downs == 4)) || fail "expected 4 leader moves, saw $downs"
((downs == $(grep -c 'is up again' "$WORK/err"))) || fail "not every broker came back"
expect_field produced 100000 "$WORK/out"
expect_field own 100000 "$WORK/out"
expect_field failed 0 "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
echo "embedded-faults: ok"
