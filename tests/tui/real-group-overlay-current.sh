#!/bin/bash
# On a real Apache Kafka broker, the group overlay (g) left open follows the group as its
# coordinator describes it now, as kafka-consumer-groups does, and says how old its
# description is: a second member (a headless consumer) joins, the overlay shows two members;
# the second one leaves, and once kafka-consumer-groups --describe --state counts one member,
# the overlay (no key pressed since) must show one member within 6 s, its description less
# than 3 s old. (Before the fix it kept "state Stable, range assignor, 2 members" and the
# member that had left, with no age nor ~, while the partitions panel behind it showed this
# member holding every partition.)
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-group-overlay)
group=$(unique_name group)
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 4 --delay 200 \
	--data "$DATA_DIR"
tui_wait 'Partitions +4 assigned of 4' 30
"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--duration 120 --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
second=$!
on_exit "kill $second 2>/dev/null"
wait_for_line "$WORK/second.err" 'assigned partitions' 40
tui_wait 'Partitions +2 assigned of 4' 20
tui_keys g
tui_wait "Group $group" 5
tui_wait 'state Stable, [a-z]+ assignor, 2 members' 10

# coordinator_members: the member count kafka-consumer-groups reads of a Stable group, else nothing
coordinator_members() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" --state 2>/dev/null |
		awk -v g="$group" '$1 == g && $(NF - 1) == "Stable" { print $NF }'
}
kill -TERM "$second" # it commits and leaves the group
deadline=$((SECONDS + 30))
until [[ "$(coordinator_members)" == 1 ]]; do
	((SECONDS < deadline)) || fail "kafka-consumer-groups does not count one member of a Stable group within 30 s"
	sleep 0.3
done
note "kafka-consumer-groups: $group is Stable with 1 member"
deadline=$((SECONDS + 6))
until tui_screen | grep -E 'state Stable, [a-z]+ assignor, 1 members?, described [0-9]+s ago' | grep -qv '~ state'; do
	if ((SECONDS >= deadline)); then
		tui_screen >"$WORK/screen.txt"
		fail "kafka-consumer-groups counts 1 member of $group, the open overlay does not show it (described less than 3 s before) within 6 s:
$(grep -E 'state |partitions |kticker|rdkafka|described' "$WORK/screen.txt")"
	fi
	sleep 0.3
done
tui_screen >"$WORK/screen.txt"
shares=$(grep -oE 'partitions [0-9,]+' "$WORK/screen.txt" | sed 's/partitions //' | tr ',' '\n' | sort -n | paste -sd,)
[[ "$shares" == "0,1,2,3" ]] || fail "the one member left does not hold 0-3 ($shares): $(cat "$WORK/screen.txt")"
grep -q '(this kticker)' "$WORK/screen.txt" || fail "the member left is not marked as this kticker: $(cat "$WORK/screen.txt")"
echo "tui real-group-overlay-current: ok (the open overlay followed the coordinator to 1 member)"
