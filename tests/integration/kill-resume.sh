#!/bin/bash
# A consumer killed with SIGKILL (no chance to commit or leave) and started again resumes
# from the group's committed offsets: it reads exactly the ticks from there to the end.
# On the embedded cluster of a watching kticker, or the real broker (KILL_RESUME_ON=real).
. "$TESTS_DIR/lib.sh"

TICKS=4000
group=$(unique_name resume)
topic=$(unique_name resume)
group_cluster "${KILL_RESUME_ON:-embedded}" "$topic" "$group"
kill_mid_run "$TICKS" 250 12 6
group_consumer resumed 40
wait "$producer" || fail "producer failed: $(tail -3 "$WORK/producer.err")"
expect_field delivered "$TICKS" "$WORK/producer.out"
wait $! || true
resume=$(grep -m1 'resuming at the group' "$WORK/resumed.err" | sed 's/.*)://') ||
	fail "the restarted consumer did not resume from committed offsets: $(grep rebalance "$WORK/resumed.err")"
committed=0
for entry in $resume; do committed=$((committed + ${entry#*@})); done
((committed > 0)) || fail "nothing was committed before the kill"
((committed < TICKS)) || fail "the kill came after everything was read ($committed)"
expect_field consumed $((TICKS - committed)) "$WORK/resumed.out"
expect_field gaps 0 "$WORK/resumed.out"
expect_field duplicates 0 "$WORK/resumed.out"
echo "kill-resume: ok (resumed at$resume: $committed ticks before, $((TICKS - committed)) after)"
