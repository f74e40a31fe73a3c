#!/bin/bash
# kcat joins the embedded cluster at the printed address and reads valid JSON ticks.
. "$TESTS_DIR/lib.sh"

headless_start --duration 90 --delay 0 --brokers 2 --partitions 4 \
	--data "$DATA_DIR/IBM.csv" --data "$DATA_DIR/BTC-USD.csv"
# their rows, less BTC-USD's second 2018-03-25 (a symbol has one row a day)
wait_for_line "$WORK/err" 'producer stopped: end of the data after 15204 ticks' 60
wait_for_line "$WORK/out" 'consumed 15204 ' 60

kcat -L -b "$bootstrap" -t ticks >"$WORK/meta" || fail "kcat -L failed"
grep -q "2 brokers" "$WORK/meta" || fail "kcat does not see 2 brokers: $(cat "$WORK/meta")"
grep -q "with 4 partitions" "$WORK/meta" || fail "kcat does not see 4 partitions"
check_topic "$bootstrap" ticks 15204

kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT"
expect_field delivered 15204 "$WORK/out"
expect_field own 15204 "$WORK/out"
echo "embedded-kcat: ok"
