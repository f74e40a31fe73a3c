#!/bin/bash
# The Delivery line's gaps and its "(N deleted unread by retention)" count the same thing over
# the same scope: every topic this kticker read. Retention overtakes a throttled consumer on
# the embedded cluster (as in embedded-retention.sh); then the producer pauses, the throttle
# lifts and the consumer reads past the last skip, so each deleted offset is one gap; then the
# consumer switches to another topic (partitions 3: ticks.p3), where nothing is produced.
# Before the fix the Delivery line then showed "gaps 763947" with no deleted-unread count
# (it summed the new topic's partition rows), and the result line said deleted_unread=0.
# Both must still show the loss, equal to the gaps, and to the gaps in the ticks kticker
# archived (counted apart from its counters). Paused at 20 s, the counts stay below a million,
# where the screen shows them exact.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

mkdir -p "$WORK/data"
cp "$DATA_DIR/AAPL.csv" "$DATA_DIR/IBM.csv" "$DATA_DIR/MSFT.csv" "$WORK/data/"
cat >"$WORK/scenario" <<'S'
0   throttle 200
20  pause
20  throttle 0
24  partitions 3
S
events="$WORK/events.log"
tui_start 160x40 --partitions 2 --delay 1 --ticks-per-day 10 --from 2017-05-01 --loop \
	--data "$WORK/data" --scenario "$WORK/scenario" --log "$events" --archive "$WORK/archive" \
	-X queued.min.messages=100 -X batch.num.messages=1000
wait_for_line "$events" 'switched to topic ticks.p3' 60
grep -q 'were deleted before they were read' "$events" ||
	fail "retention never passed the throttled consumer within 20 s"
# the new topic's partitions on screen, and the counts settled (nothing more is read)
tui_wait 'ticks\.p3' 15
sleep 3
line=$(tui_screen | grep '^ Delivery ')
note "after the switch: $line"
gaps=$(sed -nE 's/^ Delivery gaps ([0-9]+).*/\1/p' <<<"$line")
deleted=$(sed -nE 's/^ Delivery gaps [0-9]+ \(([0-9]+) deleted unread.*/\1/p' <<<"$line")
[[ -n "$deleted" ]] || fail "the Delivery line lost its deleted-unread count after the switch: $line"
((gaps > 0 && gaps == deleted)) || fail "gaps $gaps but $deleted deleted unread: $line"
archived=$(python3 - "$WORK/archive" <<'PY'
import glob, json, sys
seqs = {}
for f in glob.glob(sys.argv[1] + "/symbol=*/*.ndjson"):
    for line in open(f):
        t = json.loads(line)
        seqs.setdefault(t["symbol"], []).append(t["seq"])
print(sum(max(v) - min(v) + 1 - len(set(v)) for v in seqs.values()))
PY
)
((archived == gaps)) || fail "the archive misses $archived ticks, the Delivery line says $gaps gaps"
tui_keys q
tui_wait '^result: ' 30
result=$(tui_screen | tr -d '\n' | grep -oE 'result: .*' | head -n1)
rgaps=$(grep -oE ' gaps=[0-9]+' <<<"$result" | grep -oE '[0-9]+')
rdeleted=$(grep -oE ' deleted_unread=[0-9]+' <<<"$result" | grep -oE '[0-9]+')
note "result: gaps=$rgaps deleted_unread=$rdeleted"
[[ -n "$rgaps" && "$rgaps" == "$rdeleted" ]] || fail "result line: gaps=$rgaps deleted_unread=$rdeleted"
((rgaps == gaps)) || fail "result line gaps=$rgaps, the screen said $gaps"
echo "tui delivery-retention-switch: ok ($gaps gaps, $deleted deleted unread, $archived missing from the archive)"
