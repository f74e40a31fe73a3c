#!/bin/bash
# At 1000 partitions on a 200x60 screen, the quote table keeps a row for every symbol the data
# has on the replayed dates (found from the CSV files, not from kticker), and the partitions
# panel shows the worst rows first, a map of all 1000 and a summary; the Producer line shows
# payload bytes/s and the payload-to-wire ratio.
. "$TESTS_DIR/lib.sh"
from=2017-05-01
tui_start 200x60 --partitions 1000 --from "$from" --delay 200 --data "$DATA_DIR"
tui_wait 'Partitions +1000 assigned of 1000' 60
tui_wait '^ map p0 .* p999$' 10
tui_wait 'Partitions .* [0-9]+ lagging, [0-9]+ stale: worst first' 5
# the symbols trading after --from, from the files themselves
symbols=()
for f in "$DATA_DIR"/*.csv; do
	last=$(tail -n1 "$f" | cut -d, -f1)
	[[ "$last" > "$from" ]] && symbols+=("$(basename "$f" .csv)")
done
((${#symbols[@]} >= 5)) || fail "the data has only ${#symbols[@]} symbols after $from"
tui_wait "Quotes +${#symbols[@]} of ${#symbols[@]} symbols" 30
tui_screen >"$WORK/screen.txt"
for s in "${symbols[@]}"; do
	grep -qE "^ $s +[0-9]" "$WORK/screen.txt" || fail "no quote row for $s at 1000 partitions: $(cat "$WORK/screen.txt")"
done
rows=$(grep -cE '^[ *] *[0-9]+ +[^ ]+ +[0-9-]+ +[0-9~-]+ +[0-9~-]+ ' "$WORK/screen.txt")
((rows >= 5)) || fail "the partitions panel shows $rows rows"
# worst first: the Lag column of the rows shown never rises going down
# (the partition a health verdict other than OK names comes first; stale rows, marked ~, next)
ok=$(grep -cE '^ OK ' "$WORK/screen.txt")
awk -v ok="$ok" '$1 ~ /^\*?[0-9]+$/ || $1 == "*" { lag = ($1 == "*") ? $9 : $8; if (!ok && !skipped++) next; if (lag ~ /~/) next;
	if (lag ~ /^[0-9]+$/) { if (seen && lag + 0 > prev + 0) bad = 1; prev = lag + 0; seen = 1 } }
	END { exit bad }' "$WORK/screen.txt" || fail "partition rows are not by lag, most first: $(cat "$WORK/screen.txt")"
tui_wait '^ Producer .* [0-9.]+[kMG]?B/s none [0-9.]+x' 20
note "${#symbols[@]} symbols all have rows beside $rows partition rows of 1000"
tui_keys q
tui_wait '^EXIT=0' 60
echo "tui scale: ok"
