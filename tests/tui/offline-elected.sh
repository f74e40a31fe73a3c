#!/bin/bash
# All three brokers of the embedded cluster down, then one back that led neither partition 0
# nor, at the end, anything (3 went down last: every partition was on it): as in Kafka, an
# offline partition gets a leader as soon as one of its replicas is alive, so kcat -L, read
# apart from kticker, shows that broker leading every partition, the Ldr column too, and the
# event log counts the partitions moved back to it and those it was elected for. With the
# other two back, every partition is led as before the faults.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x45 --delay 200


kcat_leaders "$bootstrap" ticks >"$WORK/before"
(($(wc -l <"$WORK/before") == 6)) || fail "kcat -L: $(cat "$WORK/before")"
first=$(awk 'NR == 1 { print $2 }' "$WORK/before")
back=$((first == 1 ? 2 : 1))
home=$(awk -v b="$back" '$2 == b' "$WORK/before" | wc -l)
note "leaders before: $(tr '\n' ' ' <"$WORK/before"); broker $back comes back first"

tui_command "$events" "broker-down 1" "broker 1 is down"
tui_command "$events" "broker-down 2" "broker 2 is down"
tui_command "$events" "broker-down 3" "off broker 3; .*no live replica and are offline"
awk '{ print $1, "-" }' "$WORK/before" >"$WORK/offline"
tui_wait_for_leaders "$WORK/offline"

tui_command "$events" "broker-up $back" "broker $back is up again"
awk -v b="$back" '{ print $1, b }' "$WORK/before" >"$WORK/all-on-back"
kcat_leaders "$bootstrap" ticks >"$WORK/now"
cmp -s "$WORK/now" "$WORK/all-on-back" ||
	fail "broker $back is up and a replica of every partition, kcat -L says the leaders are: $(tr '\n' ' ' <"$WORK/now")"
tui_wait_for_leaders "$WORK/all-on-back"
told="$((6 - home)) offline partitions elected broker $back leader"
((home == 0)) || told="$home partitions moved back to broker $back; $told"
wait_for_line "$events" "controller: ticks: $told\$" 5

for b in 1 2 3; do
	((b == back)) || tui_command "$events" "broker-up $b" "broker $b is up again"
done
kcat_leaders "$bootstrap" ticks | cmp -s - "$WORK/before" || fail "all brokers back, kcat -L: $(kcat_leaders "$bootstrap" ticks | tr '\n' ' ')"
tui_wait_for_leaders "$WORK/before"
echo "tui offline-elected: ok"
