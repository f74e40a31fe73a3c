#!/bin/bash
# At full speed on the embedded cluster (about 5 MB kept per partition), the producer waits
# for the consumer's first assignment and does not run further ahead of it than retention
# keeps: every tick is read, none deleted unread. The tick count comes from the CSV files
# (valid rows x ticks per day, about 300 000), apart from kticker. NO_BACKLOG_ON=second: the
# same by a kticker given --broker to another's embedded cluster.
. "$TESTS_DIR/lib.sh"

cluster=()
if [[ "${NO_BACKLOG_ON:-embedded}" == second ]]; then
	group_cluster embedded ticks host
fi

# one row a symbol a day: a file's second row of a date is skipped (BTC-USD's 2018-03-25)
rows=$(awk -F, 'FNR > 1 && NF && !/null/ && !seen[FILENAME FS $1]++' "$DATA_DIR"/*.csv | wc -l)
ticks=$((rows * 4))
timeout 300 "$KTICKER" --headless "${cluster[@]}" --count "$ticks" --delay 0 --ticks-per-day 4 --data "$DATA_DIR" \
	>"$WORK/out" 2>"$WORK/err" || fail "exit $?: $(tail -3 "$WORK/err")"
grep -q "producer waits for the consumer's first partition assignment" "$WORK/err" ||
	fail "the wait for the first assignment is not in the event log"
if grep -qE "were deleted before they were read|retention deleted the start of the log" "$WORK/err"; then
	fail "retention deleted ticks unread: $(grep -m1 'deleted' "$WORK/err")"
fi
expect_field produced "$ticks" "$WORK/out"
expect_field delivered "$ticks" "$WORK/out"
expect_field consumed "$ticks" "$WORK/out"
expect_field own "$ticks" "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
echo "embedded-no-backlog: ok ($ticks ticks, none deleted unread)"
