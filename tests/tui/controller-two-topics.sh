#!/bin/bash
# kticker, as the embedded cluster's controller, keeps track of every topic it moved leaders
# of, not only the one on screen. Topic other is made while every broker is up; broker X
# (the leader of ticks' partition 0) goes down on ticks; back on other, X's partitions there
# get a live leader, and broker Y goes down too. kcat -L, read apart from kticker, must show
# then every partition of both topics led by the last live broker Z, and, once X and Y are
# back, each topic's partitions led again as before the faults: X's first, as soon as X
# returns, even though the last fault was on another topic.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x45 --delay 200

problems=()
# expect WHAT EXPECTED_FILE TOPIC: kcat -L's leaders of TOPIC are those of the file
expect() {
	kcat_leaders "$bootstrap" "$3" >"$WORK/now"
	cmp -s "$WORK/now" "$2" ||
		problems+=("$1: kcat -L says the leaders of $3 are $(tr '\n' ' ' <"$WORK/now"), expected $(tr '\n' ' ' <"$2")")
}

kcat_leaders "$bootstrap" ticks >"$WORK/ticks-before"
(($(wc -l <"$WORK/ticks-before") == 6)) || fail "kcat -L: $(cat "$WORK/ticks-before")"
x=$(awk 'NR == 1 { print $2 }' "$WORK/ticks-before")
y=$((x % 3 + 1))
z=$((6 - x - y))
note "ticks: $(tr '\n' ' ' <"$WORK/ticks-before"); X=$x Y=$y Z=$z"

# other's leaders as the cluster placed them, every broker up (the mock places them at random)
tui_command "$events" "topic other" "switched to topic other"
wait_for_kcat_leaders "$bootstrap" other 6 "$WORK/other-before"
tui_command "$events" "topic ticks" "switched to topic ticks"
tui_command "$events" "broker-down $x" "controller: moved the leadership of [1-9][0-9]* partitions of ticks off broker $x"
tui_keys : "topic other" Enter
deadline=$((SECONDS + 5))
until (($(grep -c 'switched to topic other' "$events") == 2)); do
	((SECONDS < deadline)) || fail "no second switch to topic other"
	sleep 0.2
done
# back on other, X's partitions get a live leader once kticker reads other's leaders: none is
# led by X, or offline, and the others are where they were
deadline=$((SECONDS + 6))
until tui_screen_leaders | sort -n | awk -v x="$x" 'NR == FNR { was[$1] = $2; next }
	{ n++; if ($2 == "-" || $2 == x || (was[$1] != x && $2 != was[$1])) bad = 1 }
	END { exit bad || n != 6 }' "$WORK/other-before" -; do
	((SECONDS < deadline)) || fail "back on other with broker $x down, the Ldr column is:
$(tui_partition_rows)
kcat -L: $(kcat_leaders "$bootstrap" other | tr '\n' ' ')"
	sleep 0.3
done

tui_command "$events" "broker-down $y" "controller: moved the leadership of [0-9]+ partitions of other off broker $y"
for topic in ticks other; do
	awk -v z="$z" '{ print $1, z }' "$WORK/$topic-before" >"$WORK/$topic-on-z"
	expect "X and Y down" "$WORK/$topic-on-z" "$topic"
done

tui_command "$events" "broker-up $x" "broker $x is up again"
for topic in ticks other; do
	awk -v x="$x" -v z="$z" '{ print $1, $2 == x ? x : z }' "$WORK/$topic-before" >"$WORK/$topic-x-back"
	expect "X back, Y down" "$WORK/$topic-x-back" "$topic"
done

tui_command "$events" "broker-up $y" "broker $y is up again"
expect "X and Y back" "$WORK/ticks-before" ticks
expect "X and Y back" "$WORK/other-before" other
((${#problems[@]} == 0)) || fail "$(printf '%s\n' "${problems[@]}")"
tui_wait_for_leaders "$WORK/other-before"
echo "tui controller-two-topics: ok"
