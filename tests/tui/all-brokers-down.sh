#!/bin/bash
# Every broker of the embedded cluster taken down, one after the other. With brokers 1 and 2
# down the partitions panel shows broker 3 leading every partition, as kcat -L, read apart
# from kticker, says. With 3 down too no live replica is left: the event log says the
# partitions are offline, and no row shows a leader any more (Ldr '-'; the cluster kept
# naming 3). Every "brokers are down" count, in the event log and on the screen, is the
# cluster's brokers, as many as kcat -L lists: not librdkafka's handles, among which a
# consumer's group coordinator connection counts once more (it said 4/4). With 3 back, the
# rows show it again.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x45 --delay 200
brokers=$(kcat -L -b "$bootstrap" -t ticks | sed -nE 's/^ *([0-9]+) brokers:$/\1/p')
((brokers == 3)) || fail "kcat -L lists $brokers brokers, expected the embedded cluster's 3"


tui_command "$events" "broker-down 1" "broker 1 is down"
tui_command "$events" "broker-down 2" "broker 2 is down"
kcat_leaders "$bootstrap" ticks >"$WORK/kcat-3"
[[ "$(awk '{ print $2 }' "$WORK/kcat-3" | sort -u)" == 3 && $(wc -l <"$WORK/kcat-3") == 6 ]] ||
	fail "kcat -L with brokers 1 and 2 down: $(cat "$WORK/kcat-3")"
tui_wait_for_leaders "$WORK/kcat-3"

tui_command "$events" "broker-down 3" "broker 3 is down"
wait_for_line "$events" 'off broker 3; 6 have no live replica and are offline' 5
awk '{ print $1, "-" }' "$WORK/kcat-3" >"$WORK/offline"
tui_wait_for_leaders "$WORK/offline"

# the consumer's and the producer's clients tell the event log; the health line may tell
# one of them, or its own unanswered round
tui_wait '^ NO BROKER: ' 10
wait_for_line "$events" 'consumer-[0-9]+: [0-9]+/[0-9]+ brokers are down' 10
wait_for_line "$events" 'producer-[0-9]+: [0-9]+/[0-9]+ brokers are down' 10
counts=$( (grep -oE '[0-9]+/[0-9]+ brokers are down' "$events"; tui_screen | grep -oE '[0-9]+/[0-9]+ brokers are down') | sort -u)
[[ "$counts" == "$brokers/$brokers brokers are down" ]] ||
	fail "the cluster has $brokers brokers (kcat -L), kticker said: $counts"

tui_command "$events" "broker-up 3" "broker 3 is up again"
tui_wait_for_leaders "$WORK/kcat-3"
kcat_leaders "$bootstrap" ticks | cmp -s - "$WORK/kcat-3" || fail "kcat -L with broker 3 back: $(kcat_leaders "$bootstrap" ticks)"
echo "tui all-brokers-down: ok"
