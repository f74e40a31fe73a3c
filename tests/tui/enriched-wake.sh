#!/bin/bash
# The enriched view's figures are the transform stage's, published by its own thread: a screen
# asleep on an unchanged frame (screenwake.h) must be woken by them. With --role transform
# nothing else in that kticker changes them, so after each batch the transform writes (the
# CreateTime of its enriched messages, read back with kcat) the screen must draw a frame within
# 300 ms (it takes ~10 ms; asleep it waited for the clock's next second or the offset watcher's
# next round). The frames' times are those of KTICKER_FRAME_LOG's lines, one a drawn frame, as
# they come through a pipe; a day every 1.3 s puts the batches at ten phases of the second.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

topic=$(unique_name enriched-wake)
# the cluster and the feed: a kticker of their own, one tick per symbol every 1.3 s
headless_start --duration 60 --topic "$topic" --data "$DATA_DIR" --from 2017-05-01 --delay 1300 \
	--log "$WORK/cluster.events"

frame_times_start "$WORK/frame-times"
tui_start 100x30 --role transform --broker "$bootstrap" --topic "$topic" --data "$DATA_DIR" \
	--log "$WORK/events" -X fetch.wait.max.ms=10
tui_keys e
# the enriched figures shown (a transform reads no quote here: Change and %Chg of a Last of 0 are "-")
tui_wait '^ AAPL +[~0-9.]+ +(-|[-+][0-9.]+) +(-|[-+][0-9.]+%) +[0-9.]+ ' 30
sleep 1
start=$(date +%s%3N)
sleep 13
kcat -C -b "$bootstrap" -t "$topic.enriched" -e -q -f '%T\n' >"$WORK/enriched" 2>"$WORK/kcat.err" ||
	fail "kcat: $(cat "$WORK/kcat.err")"
# each batch the transform wrote while watched (messages less than 50 ms apart are one): the
# first frame drawn after its last message
sort -n "$WORK/enriched" | awk -v from="$start" -v to=$((start + 12000)) '
	$1 >= from && $1 <= to { if (n && $1 - last > 50) print last; last = $1; n++ } END { if (n) print last }' >"$WORK/batches"
awk 'NR == FNR { t[++n] = $1; next } { for (i = 1; i <= n; i++) if (t[i] >= $1) { print $1, t[i] - $1; break } }' \
	"$WORK/frame-times" "$WORK/batches" >"$WORK/delays"
(($(wc -l <"$WORK/delays") >= 8)) || fail "only $(wc -l <"$WORK/delays") batches enriched while watched: $(cat "$WORK/enriched")"
note "frame after each enriched batch (ms): $(awk '{ printf "%d(at .%03d) ", $2, $1 % 1000 }' "$WORK/delays")"
worst=$(sort -k2 -n "$WORK/delays" | tail -n1 | cut -d' ' -f2)
((worst <= 300)) || fail "a batch of enriched figures waited $worst ms for a frame"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui enriched-wake: ok"
