#!/bin/bash
# A broker taken down while kticker shows one topic and brought back after a switch to
# another: the controller gives the first topic's partitions back to it, and the second
# topic's leaders stay what the cluster says (kcat -L, read apart from kticker, before and
# after). The event log tells no election on the second topic: none happened. At 48
# partitions the mock's random leaders make a partition of the first topic led by the downed
# broker, whose namesake in the second is led by another, all but certain (1 - (7/9)^48).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

# broker-down with no id takes a broker that leads partitions; broker-up brings it back
printf '3 broker-down\n5 topic other\n8 broker-up\n' >"$WORK/faults.txt"
"$KTICKER" --headless --duration 60 --partitions 48 --delay 500 --ticks-per-day 10 \
	--from 2017-05-01 --loop --data "$DATA_DIR" --scenario "$WORK/faults.txt" \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/out" '^bootstrap: ' 20
bootstrap=$(bootstrap_of "$WORK/out")
leaders() { kcat -L -b "$bootstrap" -t other 2>/dev/null | sed -n 's/^ *partition \([0-9]*\), leader \([0-9]*\),.*/\1 \2/p' | sort -n; }
wait_for_line "$WORK/err" 'switched to topic other' 20
deadline=$((SECONDS + 10)) # the topic is created with the switch: until then kcat -L has no rows
until leaders >"$WORK/before" && (($(wc -l <"$WORK/before") == 48)); do
	((SECONDS < deadline)) || fail "kcat -L: $(cat "$WORK/before")"
	sleep 0.2
done
wait_for_line "$WORK/err" 'is up again' 20
# two of the control worker's leader readings (one every 2 s) after the broker came back
sleep 5
leaders >"$WORK/after"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
((rc == 0)) || fail "kticker exited $rc after SIGINT: $(tail -5 "$WORK/err")"
grep -q 'controller: moved the leadership of [1-9]' "$WORK/err" || fail "no leader moved: $(grep broker "$WORK/err")"
cmp -s "$WORK/before" "$WORK/after" || fail "the cluster moved leaders of topic other: $(diff "$WORK/before" "$WORK/after")"
elections=$(sed -n '/switched to topic other/,$p' "$WORK/err" | grep -E 'partition [0-9]+: (leader|ISR)' || true)
[[ -z "$elections" ]] || fail "kcat -L saw no leader of topic other move, kticker told: $(head -5 <<<"$elections")"
echo "fault-topic-switch: ok"
