#!/bin/bash
# --log has each event once, those told before the screen opened too: the CSV files' own
# repeated dates (a symbol's second row for a day it has, skipped with a warning while the
# data loads, before the screen) are each one line in the --log file, as many as the files
# repeat dates from --from on.
. "$TESTS_DIR/lib.sh"
from=2017-05-01
# expected: "SYMBOL: a second row dated DATE (row skipped)" for each repeated date in the CSV
# files (each named after its symbol), counted with awk apart from kticker
for csv in "$DATA_DIR"/*.csv; do
	awk -F, -v from="$from" -v sym="$(basename "$csv" .csv)" \
		'$1 >= from && seen[$1]++ { print sym ": a second row dated " $1 " (row skipped)" }' "$csv"
done | sort >"$WORK/expected"
[[ -s "$WORK/expected" ]] || fail "the test data repeats no date from $from: nothing to check"

events="$WORK/events.log"
tui_start_embedded "$events" 120x40
tui_keys q
tui_expect_clean_exit
grep -oE '[^ ]+: a second row dated .*' "$events" | sort >"$WORK/logged"
note "repeated dates in the CSV files: $(wc -l <"$WORK/expected"); lines in --log: $(wc -l <"$WORK/logged")"
cmp -s "$WORK/expected" "$WORK/logged" || fail "the --log file does not have each repeated date once:
expected (from the CSV files):
$(cat "$WORK/expected")
logged:
$(cat "$WORK/logged")"
