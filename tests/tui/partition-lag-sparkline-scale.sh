#!/bin/bash
# The partitions' lag sparklines share one scale from 0, as the map's shapes do, and their
# title says it ("Lag 0-115, last 21s"): a row whose lag is a small part of another's does not
# end in a full block. Each sparkline was scaled to its own series' min and max: a lag rising
# from 0 to 23 ended at a full block beside one rising to 115 (both rising under a throttle).
# The Lag column, the cluster's committed offsets against its high watermark, is the figure
# each row's last cell must agree with.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

printf '+0 throttle 20\n' >"$WORK/throttle.txt"
tui_start 132x45 --partitions 4 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 4 \
	--scenario "$WORK/throttle.txt"
tui_wait 'Partitions +4 assigned of 4' 30
tui_wait 'Lag 0-[0-9]+, last [0-9]+s' 30

# rows_and_levels FILE: "LAG LEVEL" for each partition row, LEVEL 0-7 its last sparkline block
rows_and_levels() {
	partition_sparks "$1" | awk '{ lag = $2; sub(/^~/, "", lag); cells = $3; gsub(/[^0-7]/, "", cells)
		if (lag ~ /^[0-9]+$/ && cells != "") print lag, substr(cells, length(cells), 1) }'
}

# once the lags have grown apart: the largest over 40 and some row under a third of it (the
# keys' spread over the partitions gives about a fifth)
deadline=$((SECONDS + 40))
while :; do
	tui_frozen_screen "$WORK/screen"
	rows_and_levels "$WORK/screen" >"$WORK/levels"
	read -r max min < <(awk 'NR == 1 || $1 > max { max = $1 } NR == 1 || $1 < min { min = $1 }
		END { print max + 0, min + 0 }' "$WORK/levels")
	((max > 40 && min * 3 < max)) && break
	((SECONDS < deadline)) || fail "the partitions' lags did not grow apart in 40 s: $(cat "$WORK/levels")"
	sleep 1
done
title=$(grep -oE 'Lag 0-[0-9]+, last [0-9]+s' "$WORK/screen")
# the largest lag's row ends near the top (level 5 or above); a row with under a third of it, at
# level 4 or below (its own series' scale put its last cell at 7)
awk -v max="$max" -v title="$title" '
	$1 == max && $2 < 5 { print "the largest lag, " $1 ", ends at level " $2 " of 7 (" title ")"; bad = 1 }
	$1 * 3 < max && $2 > 4 { print "a lag of " $1 ", under a third of " max ", ends at level " $2 " of 7 (" title ")"; bad = 1 }
	END { exit bad }' "$WORK/levels" >"$WORK/wrong" ||
	fail "the sparklines do not compare: $(cat "$WORK/wrong")
$(sed -nE '/^ *P +Owner/,/^ OK|^ WARN/p' "$WORK/screen")"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui partition-lag-sparkline-scale: ok ($(tr '\n' ' ' <"$WORK/levels"); $title)"
