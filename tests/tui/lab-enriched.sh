#!/bin/bash
# With --transform, e switches the quote table to the enriched view (SMA5, SMA20, VWAP,
# return from the transform stage) and back.
. "$TESTS_DIR/lib.sh"
tui_start 100x30 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --transform
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_screen | grep -q 'SMA5' && fail "the enriched columns show before e"
tui_keys e
tui_wait 'Quotes \(enriched\)' 5
tui_wait 'SMA5 +SMA20 +VWAP +Ret' 5
# a row with figures: symbol, last, change, %chg, then four numbers
tui_wait '^ AAPL +[0-9.]+ +[-+][0-9.]+ +[-+][0-9.]+% +[0-9.]+ +[0-9.]+ +[0-9.]+ +[-+][0-9.]+%' 20
# paused, the transform catches up with the last tick: each row's Ret is then its %Chg (both
# from the previous day's close, computed apart: the transform's and the quote table's), and a
# blank column always parts Ret from the sparkline
tui_keys Space
tui_wait 'PAUSED' 5
sleep 3
tui_screen >"$WORK/enriched.txt"
rows=$(awk '/^ [A-Z][A-Z.-]+ +[0-9]/ { n++ } END { print n + 0 }' "$WORK/enriched.txt")
((rows >= 5)) || fail "only $rows quote rows: $(cat "$WORK/enriched.txt")"
while IFS= read -r line; do
	pct=$(awk '{ print $4 }' <<<"$line")
	ret=$(cut -c68-75 <<<"$line" | tr -d ' ')
	[[ "${line:75:1}" == " " ]] || fail "Ret touches the sparkline: '$line'"
	[[ "$ret" == *"'" || "$ret" == "-" ]] && continue # an earlier tick, or no previous close yet
	[[ "$ret" == "$pct" ]] || fail "Ret $ret differs from %Chg $pct on the same tick: '$line'"
done < <(grep -E '^ [A-Z][A-Z.-]+ +[0-9]' "$WORK/enriched.txt")
tui_keys e
tui_wait 'Symbol +Last +Change +%Chg +High +Low' 5
echo "tui lab-enriched: ok"
