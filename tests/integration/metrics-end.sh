#!/bin/bash
# --metrics covers the whole run: rows go on while the consumer drains, the last row is written
# at exit with the result line's counts, rows come at most once a second even after the
# process stalled (no burst of catch-up rows with spiking rates), and each rate is the change
# of its count over the row's own interval.
. "$TESTS_DIR/lib.sh"

# rates_honest FILE: seconds strictly increasing, rows at least 0.5 s apart (but the last),
# and produced/delivered/consumed per second = the counts' change over the interval
rates_honest() {
	awk -F, 'NR > 2 {
		dt = $1 - t; last = (NR == rows)
		if (dt <= 0) { print "row " NR ": seconds " $1 " after " t; bad = 1 }
		if (!last && dt < 0.5) { print "row " NR ": only " dt " s after the previous row"; bad = 1 }
		split("2 3 4", rate, " "); split("11 12 13", count, " ")
		for (i = 1; i <= 3; i++) {
			want = ($count[i] - c[i]) / dt; got = $rate[i]
			if (dt > 0 && (got - want > 1 + 0.002 * want || want - got > 1 + 0.002 * want)) {
				print "row " NR ": column " rate[i] " says " got "/s, the counts moved " want "/s"; bad = 1
			}
		}
	}
	NR > 1 { t = $1; c[1] = $11; c[2] = $12; c[3] = $13 }
	END { exit bad }' rows="$(wc -l <"$1")" "$1"
}

# 1. a --count run: the last row is the result line
timeout 120 "$KTICKER" --headless --count 20000 --delay 0 --data "$DATA_DIR" \
	--metrics "$WORK/count.csv" >"$WORK/count.out" 2>"$WORK/count.err" ||
	fail "kticker exited $?: $(tail -3 "$WORK/count.err")"
last=$(tail -n1 "$WORK/count.csv")
for col in produced:11 delivered:12 consumed:13 delivery_failed:14; do
	name=${col%:*}
	got=$(cut -d, -f"${col#*:}" <<<"$last")
	want=$(field "${name/delivery_failed/failed}" "$WORK/count.out")
	[[ "$got" == "$want" ]] || fail "the last metrics row says $name=$got, the result $want: $last"
done
rates_honest "$WORK/count.csv" || fail "rates in count.csv"
note "count run: $(($(wc -l <"$WORK/count.csv") - 1)) rows, last: $last"

# 2. the process stopped for 3 s mid-run: one row on waking, not three at once
"$KTICKER" --headless --duration 8 --delay 20 --from 2017-05-01 --data "$DATA_DIR" \
	--metrics "$WORK/stall.csv" >"$WORK/stall.out" 2>"$WORK/stall.err" &
pid=$!
on_exit "kill -CONT $pid 2>/dev/null; kill $pid 2>/dev/null"
wait_for_line "$WORK/stall.csv" '^[2-9]\.' 10
kill -STOP "$pid"
sleep 3
kill -CONT "$pid"
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/stall.err")"
rates_honest "$WORK/stall.csv" || fail "rates in stall.csv: $(cat "$WORK/stall.csv")"
last=$(tail -n1 "$WORK/stall.csv")
[[ "$(cut -d, -f13 <<<"$last")" == "$(field consumed "$WORK/stall.out")" ]] ||
	fail "the last row is not the result: $last / $(grep '^result:' "$WORK/stall.out")"
echo "metrics-end: ok"
