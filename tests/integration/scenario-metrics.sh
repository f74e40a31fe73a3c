#!/bin/bash
# --scenario runs timed commands (a bad file is refused before anything starts, naming the
# line) and --metrics writes one CSV row per second whose counts match the final summary.
. "$TESTS_DIR/lib.sh"

printf '1 acks 1\n2 nonsense 3\n' >"$WORK/bad.txt"
rc=0
"$KTICKER" --headless --data "$DATA_DIR" --scenario "$WORK/bad.txt" >"$WORK/bad.out" 2>"$WORK/bad.err" || rc=$?
((rc == 2)) || fail "a bad scenario gave exit $rc, expected 2"
grep -q "bad.txt: line 2: unknown command 'nonsense'" "$WORK/bad.err" || fail "no line number: $(cat "$WORK/bad.err")"
grep -q '^bootstrap:' "$WORK/bad.out" && fail "kticker started despite the bad scenario"

printf '# comment\n2 acks 1\n3.5 linger 20   # trailing comment\n4 pause\n' >"$WORK/good.txt"
timeout 60 "$KTICKER" --headless --duration 7 --ticks-per-day 10 --from 2017-05-01 --data "$DATA_DIR" \
	--scenario "$WORK/good.txt" --metrics "$WORK/m.csv" >"$WORK/out" 2>"$WORK/err" ||
	fail "kticker exited $?: $(tail -3 "$WORK/err")"
grep -q 'scenario 2.0s: acks 1' "$WORK/err" || fail "step at 2 s did not run"
grep -q 'producer .*acks=1' "$WORK/err" || fail "acks 1 did not rebuild the producer"
grep -q 'linger.ms=20' "$WORK/err" || fail "linger 20 did not run"
grep -q 'producer paused' "$WORK/err" || fail "pause did not run"
head -n1 "$WORK/m.csv" | grep -q '^seconds,produced_per_s,' || fail "no CSV header: $(head -n1 "$WORK/m.csv")"
rows=$(($(wc -l <"$WORK/m.csv") - 1))
((rows >= 5)) || fail "only $rows metric rows in 7 s"
awk -F, 'NR > 1 && NF != 24 { bad = 1 } END { exit bad }' "$WORK/m.csv" || fail "rows without 24 columns"
# the settings columns follow the scenario: acks=all with idempotence and linger 0 at first,
# acks=1 (idempotence off, as it needs all) and linger 20 at the end
first=$(sed -n 2p "$WORK/m.csv" | cut -d, -f19-21) last=$(tail -n1 "$WORK/m.csv" | cut -d, -f19-21)
[[ "$first" == "all,1,0" && "$last" == "1,0,20" ]] || fail "settings columns: first row '$first', last '$last'"
# the counts in the last row never exceed the summary's, and the producer had sent ticks
last_produced=$(tail -n1 "$WORK/m.csv" | cut -d, -f11)
produced=$(field produced "$WORK/out")
((last_produced > 0 && last_produced <= produced)) || fail "last row says produced $last_produced, summary $produced"
echo "scenario-metrics: ok ($rows rows, $produced ticks)"
