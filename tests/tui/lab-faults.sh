#!/bin/bash
# b takes a broker down on the embedded cluster: the header says so, kticker as controller
# moves the leadership of its partitions to live replicas, and the partitions panel shows no
# partition led by it; B brings it back. f makes the next produce requests fail.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start 120x45 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --log "$events"
tui_wait 'Partitions +6 assigned of 6' 20
tui_wait '^\* +5 +me +[0-9]+ ' 10
tui_wait 'Consumer [1-9][0-9]* read' 20

# partition rows: "*  P Owner Ldr LogStart ..."
leaders() { tui_screen | awk '$1 == "*" && $2 ~ /^[0-9]+$/ { print $2, $4 }'; }
leaders >"$WORK/before"
(($(wc -l <"$WORK/before") == 6)) || fail "expected 6 partition rows: $(tui_screen)"

tui_keys b
tui_wait '^:broker-down [0-9]+ ' 5
n=$(tui_screen | sed -nE 's/^:broker-down ([0-9]+) .*/\1/p' | head -n1)
victim=$n
# the mock places leaders at random: b must offer a broker that leads something
awk -v b="$n" '$2 == b { f = 1 } END { exit !f }' "$WORK/before" ||
	fail "b offered broker $n, which leads no partition: $(cat "$WORK/before")"
led=$(awk -v b="$victim" '$2 == b' "$WORK/before" | wc -l)
tui_keys Enter
tui_wait "DOWN: broker $victim" 5
tui_screen | head -n1 | grep -q "DOWN: broker $victim" || fail "DOWN is not on the header's first line: $(tui_screen | head -n2)"
wait_for_line "$events" "broker $victim is down" 5
wait_for_line "$events" "controller: moved the leadership of [0-9]+ partitions of ticks off broker $victim" 5
moved=$(sed -nE "s/.*controller: moved the leadership of ([0-9]+) partitions of ticks off broker $victim.*/\1/p" "$events" | head -n1)
((moved == led)) || fail "broker $victim led $led partitions, the controller moved $moved"
deadline=$((SECONDS + 5))
while leaders | awk -v b="$victim" '$2 == b { f = 1 } END { exit !f }'; do
	((SECONDS < deadline)) || fail "partitions still led by the downed broker $victim:
$(tui_screen)"
	sleep 0.3
done
(($(leaders | wc -l) == 6)) || fail "partition rows vanished: $(tui_screen)"
note "broker $victim down: leaders now $(leaders | awk '{ printf "%s:%s ", $1, $2 }')"

tui_keys B
tui_wait "^:broker-up $victim " 5
tui_keys Enter
wait_for_line "$events" "broker $victim is up again" 5
deadline=$((SECONDS + 5))
while tui_screen | head -n1 | grep -q 'DOWN:'; do
	((SECONDS < deadline)) || fail "the header still says DOWN: $(tui_screen | head -n1)"
	sleep 0.3
done

tui_keys f
tui_wait '^:fail-produce 100 NOT_ENOUGH_REPLICAS ' 5
tui_keys Enter
wait_for_line "$events" 'the next 100 produce requests will fail' 5
echo "tui lab-faults: ok"
