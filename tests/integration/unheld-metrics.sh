#!/bin/bash
# Headless, while this member holds no partition (crash-consumer; the new member waits for
# the group): the status line says "lag -", not 0, and kcat shows messages it has not read
# meanwhile. In the --metrics rows of that time lag and time_lag_ms are empty, and so are
# the end-to-end p50/p99 of a second that read nothing (no sample), not 0.0.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
printf '+3 crash-consumer\n' >"$WORK/scenario.txt"
timeout 90 "$KTICKER" --headless --duration 30 --data "$DATA_DIR" --from 2017-05-01 --delay 200 \
	--ticks-per-day 4 --scenario "$WORK/scenario.txt" --metrics "$WORK/m.csv" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/out" '^bootstrap: ' 30
bootstrap=$(bootstrap_of "$WORK/out")
wait_for_line "$WORK/err" 'consumer crashed after processing' 30
after=$(wc -l <"$WORK/out") # status lines before the crash (and before the first join) are not of it
deadline=$((SECONDS + 10))
until line=$(tail -n +"$((after + 1))" "$WORK/out" | grep -m1 ' consumed ') && grep -q ' lag - ' <<<"$line"; do
	[[ -z "$line" ]] || fail "a status line while nothing is held says: $line"
	((SECONDS < deadline)) || fail "no status line after the crash"
	sleep 0.2
done
consumed=$(sed -nE 's/.* consumed ([0-9]+) .*/\1/p' <<<"$line")
in_topic=$(kcat -C -b "$bootstrap" -t ticks -e -q -f '%p %o\n' 2>/dev/null | wc -l)
note "status: $line; kcat: $in_topic messages in the topic"
((in_topic > consumed)) || fail "kcat has $in_topic messages, the member read $consumed: nothing unread"
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
# two rows in a row that hold nothing: a second without consuming
unheld=$(awk -F, 'NR > 2 && prev == "" && $5 == "" { n++ } { prev = $5 } END { print n + 0 }' "$WORK/m.csv")
((unheld > 0)) || fail "no two metric rows in a row hold nothing: $(cat "$WORK/m.csv")"
awk -F, 'NR > 1 && $5 == "" && $6 != "" { exit 1 }' "$WORK/m.csv" ||
	fail "a time lag where lag is unknown: $(grep -E '^[^,]*,[^,]*,[^,]*,[^,]*,,' "$WORK/m.csv")"
bad=$(awk -F, 'NR > 2 && prev == "" && $5 == "" && ($9 != "" || $10 != "") { print } { prev = $5 }' "$WORK/m.csv")
[[ -z "$bad" ]] || fail "end-to-end quantiles for seconds that read nothing: $bad"
echo "unheld-metrics: ok ($unheld rows while nothing was held)"
