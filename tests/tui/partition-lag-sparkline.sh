#!/bin/bash
# A partition row's lag sparkline (one cell a second, from column 87) follows the lag watch's
# samples: a row is drawn again for it when it comes out different (ui_partitions.c), so a
# sparkline that stopped growing while samples came in would be a row kept too long. With the
# consumer throttled below the produce rate from the feed's start, partition 0's lag rises:
# its sparkline gains a cell a second until it fills its 13 columns (a 100-column screen), and
# ends above its floor, as the Lag column (on the same row) says.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

printf '+0 throttle 20\n' >"$WORK/throttle.txt"
tui_start 100x40 --partitions 2 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 4 \
	--scenario "$WORK/throttle.txt"
row0() { tui_partition_rows | grep -E '^\*  0 me ' | head -n1; }
spark_of() { cut -c87- <<<"$1" | sed 's/ *$//'; }
# python counts characters, not bytes, whatever the locale of the test's shell
cells() { python3 -c 'import sys; print(len(sys.argv[1]))' "$1"; }

deadline=$((SECONDS + 30))
until first=$(row0) && (($(cells "$(spark_of "$first")") >= 3)); do
	((SECONDS < deadline)) || fail "no sparkline of 3 cells on partition 0's row in 30 s: $(tui_screen)"
	sleep 0.2
done
(($(cells "$(spark_of "$first")") <= 8)) || fail "partition 0's sparkline was already long: '$first'"
sleep 3
then=$(row0)
before=$(cells "$(spark_of "$first")") after=$(cells "$(spark_of "$then")")
((after >= before + 2)) || fail "partition 0's sparkline went from $before to $after cells in 3 s:
$first
$then"
last=$(spark_of "$then" | python3 -c 'import sys; print(sys.stdin.read().rstrip()[-1])')
lag=$(awk '{ print $9 }' <<<"$then" | tr -d '~')
[[ "$last" != "▁" ]] || fail "partition 0's lag is $lag and its sparkline ends at its floor: '$then'"
((lag > 0)) || fail "partition 0 has no lag under the throttle: '$then'"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui partition-lag-sparkline: ok ($before then $after cells, lag $lag)"
