#!/bin/bash
# Yahoo's data gives an Open of 0 on days it has no open price for: JPM's from 1980-03-17 to
# 1983-12-29 in the bundled data (its Low and High around 5). Replayed from the first of
# them, the first day has no previous close and no open to count a change from: the quote
# table shows its Change and %Chg as unknown ("-"), and --report leaves JPM's return_pct
# empty. (On 8f923e8 the row said "+5.04 +0.00%": the close less an open of 0, and a
# percentage of 0 where there is none; the report said a return of 0.0000 %.)
. "$TESTS_DIR/lib.sh"

first=$(awk -F, 'NR > 1 && $1 >= "1980-03-17" { print $1, $2; exit }' "$DATA_DIR/JPM.csv")
[[ "$first" == "1980-03-17 0.000000" ]] || fail "JPM.csv's first row from 1980-03-17 is not an Open of 0: $first"
report="$WORK/report.csv"
# a day of 10 minutes: the first day's tick stays the one shown
tui_start 100x30 --data "$DATA_DIR/JPM.csv" --from 1980-03-17 --delay 600000 --report "$report"
tui_wait '^ JPM ' 30
row=$(tui_screen | grep -E '^ JPM ')
read -r _ last change pct _ <<<"$row"
note "the first day's row: $row"
[[ "$change $pct" == "- -" ]] || fail "no base for a change on JPM's first day (Open 0 in JPM.csv, no previous close), the row says Change '$change' %Chg '$pct': $row"
tui_keys q
tui_wait '^EXIT=0' 30
got=$(awk -F, '$1 == "JPM" { print $9 }' "$report")
[[ -z "$got" ]] || fail "the report gives JPM a return of '$got' % from an Open of 0: $(grep '^JPM,' "$report")"
echo "tui quotes-no-open: ok ($row)"
