#!/bin/bash
# With the real broker killed, the status lines' lag is marked ~ (an old reading), and so are
# the --metrics rows (lag_stale 1, where they had 0 while the broker answered). SIGTERM then:
# kticker is gone within its 5 s shutdown bound (before
# the fix it took 61 s), exits 1, counts every tick as delivered or failed, and marks the
# result line's lag and committed_lag ~ as the status lines do; the broker
# restarted, kcat finds in the topic every tick kticker counted as delivered, and no more than
# those plus the failed ones (a request in flight when the broker died may have been written
# with no answer to say so: Kafka's own "unknown" outcome).
# A broker of its own, since it is killed.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
state="$WORK/broker"
own_broker "$state"
topic=$(unique_name real-down)
"$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$(unique_name g)" \
	--duration 120 --delay 20 --from 2017-05-01 --data "$DATA_DIR" --metrics "$WORK/m.csv" \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill -KILL $pid 2>/dev/null"
wait_for_line "$WORK/out" 'consumed [1-9][0-9]* ' 60
bash "$TESTS_DIR/kafka/broker.sh" kill "$state"
# the lag on the status lines is then an old reading, and says so as the screen does (~)
wait_for_line "$WORK/out" ' lag ~[0-9]+ ' 10
# lag_stale, column 22, of the rows with a lag: 0s while the broker answered, then 1s
sleep 1.5 # a row a second
stale_marks=$(awk -F, 'NR > 1 && $5 != "" { print $22 }' "$WORK/m.csv" | uniq | tr '\n' ' ')
[[ "$stale_marks" =~ ^0\ (.*\ )?1\ $ ]] ||
	fail "the --metrics rows' lag_stale went '$stale_marks', expected 0 while the broker answered, then 1"
signal_and_wait "$pid"
note "SIGTERM with the broker killed: exit $EXIT_RC after $EXIT_MS ms"
((EXIT_RC == 1)) || fail "exit $EXIT_RC, expected 1: $(tail -3 "$WORK/err")"
((EXIT_MS <= 7000)) || fail "shutdown took $EXIT_MS ms (bound 5 s)"
expect_accounted "$WORK/out"
# the result line's lag figures are old readings too: the cluster gave none at exit (before
# the fix committed_lag read 83, as if the cluster had said so); lag is that of the partitions
# held at the end, 0 when the dead coordinator's group had taken them all
grep -qE '^result:.* lag=(~[0-9]+|0) committed_lag=(~[0-9]+|-) ' "$WORK/out" ||
	fail "the result line's lag is not marked as an old reading: $(grep '^result:' "$WORK/out")"
delivered=$(field delivered "$WORK/out")
failed=$(field failed "$WORK/out")
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" >/dev/null
in_topic=$(kcat_count "$BROKER" "$topic")
((in_topic >= delivered && in_topic <= delivered + failed)) ||
	fail "the topic holds $in_topic ticks, kticker says $delivered delivered and $failed failed"
echo "real-shutdown-broker-down: ok ($delivered delivered <= $in_topic in the topic <= delivered + $failed failed, $EXIT_MS ms)"
