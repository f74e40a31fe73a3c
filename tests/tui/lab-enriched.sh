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
tui_keys e
tui_wait 'Symbol +Last +Change +%Chg +High +Low' 5
echo "tui lab-enriched: ok"
