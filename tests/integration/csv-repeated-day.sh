#!/bin/bash
# Yahoo's BTC-USD.csv (the bundled one) has two rows dated 2018-03-25. kticker holds one bar
# a symbol a day (the replay's walk, the quote's day, the transform's candle), so the second
# is a bad row: reported and skipped, the first kept. kcat reads the topic: one tick dated
# 2018-03-25, the CSV's first row of that date. (On 8f923e8 both were replayed as one day:
# two ticks dated 2018-03-25 at 1 tick a day, and with more, two walks interleaved, the row's
# High below prices shown that day and the candle mixing the two rows.)
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

csv="$DATA_DIR/BTC-USD.csv"
rows=$(grep -c '^2018-03-25,' "$csv")
((rows == 2)) || fail "BTC-USD.csv has $rows rows dated 2018-03-25, not the 2 this test is about"
first_close=$(awk -F, '$1 == "2018-03-25" { print $5; exit }' "$csv")
echo '+2 pause' >"$WORK/scenario"
headless_start --data "$csv" --from 2018-03-24 --delay 250 --scenario "$WORK/scenario" --duration 10
keys_after_pause "$pid" 2
cut -f2 "$WORK/messages" | grep '"date":"2018-03-25"' >"$WORK/day" || true
(($(wc -l <"$WORK/day") == 1)) || fail "kcat reads $(wc -l <"$WORK/day") ticks dated 2018-03-25, not 1: $(cut -c1-120 "$WORK/day" | tr '\n' ' ')"
close=$(sed -E 's/.*"close":([0-9.]+).*/\1/' "$WORK/day")
awk -v a="$close" -v b="$first_close" 'BEGIN { exit !(a + 0 == b + 0) }' ||
	fail "the 2018-03-25 tick closes at $close, the CSV's first row of that date at $first_close"
grep -q 'BTC-USD: a second row dated 2018-03-25 (row skipped)' "$WORK/err" ||
	fail "no bad row reported for the second 2018-03-25: $(grep 'data:' "$WORK/err")"
echo "csv-repeated-day: ok (one tick dated 2018-03-25, close $close)"
