#!/bin/bash
# A throttle set while the consumer works through a backlog applies to the batches taken after
# it. A batch of 1024 taken unthrottled was charged at the new rate: 102 s asleep at 10 ticks/s,
# reading nothing, even after the throttle was lifted. The throttle goes on and off four times
# while a one-partition backlog is read at full speed (each time the change can fall while a
# batch is in hand); once it is off the consumer reads every second.
. "$TESTS_DIR/lib.sh"
printf '%s\n' '+4 throttle 10' '+4.5 throttle 0' '+5 throttle 10' '+5.5 throttle 0' \
	'+6 throttle 10' '+6.5 throttle 0' '+7 throttle 10' '+7.5 throttle 0' >"$WORK/toggle.txt"
rc=0
timeout 60 "$KTICKER" --headless --duration 16 --partitions 1 --loop --delay 0 --ticks-per-day 8 \
	--data "$DATA_DIR" --scenario "$WORK/toggle.txt" --metrics "$WORK/m.csv" \
	>"$WORK/out" 2>"$WORK/err" || rc=$?
grep -q '^result:' "$WORK/out" || fail "no summary (exit $rc): $(tail -3 "$WORK/err")"
grep -q 'scenario feed +7.5s: throttle 0' "$WORK/err" || fail "the last step did not run: $(grep scenario "$WORK/err")"
# the feed starts with the first row that produced; the throttle is off from its +7.5 s
rows=$(awk -F, 'NR > 1 && !start && $2 > 0 { start = $1 } start && $1 >= start + 8.5 && $1 < start + 12 { print $1 ":" $4 }' "$WORK/m.csv")
[[ -n "$rows" ]] || fail "no metrics rows after the throttle was lifted: $(cut -d, -f1,2,4 "$WORK/m.csv" | tr '\n' ' ')"
for row in $rows; do
	((${row#*:} > 0)) || fail "the throttle was off, the consumer read nothing at second ${row%:*}: $(cut -d, -f1,4 "$WORK/m.csv" | tr '\n' ' ')"
done
echo "throttle-change: ok (read per second after the throttle: $rows)"
