#!/bin/bash
# A consumer that crashes with --commit after reads again what it processed but had not
# committed (at-least-once): duplicates, counted as such. The quote table's tick counts, as
# --report writes them, count each tick once: per symbol, kcat's count of the messages keyed
# with it, read apart from kticker while it still runs.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

printf '%s\n' '+8 crash-consumer' '+22 pause' >"$WORK/crash.txt"
headless_start --duration 30 --delay 500 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --commit after --scenario "$WORK/crash.txt" --report "$WORK/report.csv"
keys_after_pause "$pid" 22
grep -q 'consumer crashed after processing [1-9][0-9]* messages it had not committed' "$WORK/err" ||
	fail "the crash left nothing to read again: $(grep 'crashed' "$WORK/err" || echo 'no crash')"

in_log=$(wc -l <"$WORK/keys")
duplicates=$(field duplicates "$WORK/out")
expect_field delivered "$in_log" "$WORK/out"
expect_field lag 0 "$WORK/out"
((duplicates > 0)) || fail "no duplicate counted after the crash ($(grep '^result:' "$WORK/out"))"
expect_field own $((in_log + duplicates)) "$WORK/out"
check_report_counts "$WORK/distinct-keys" "$WORK/report.csv"
echo "crash-distinct-ticks: ok ($in_log in the log, $duplicates read twice)"
