#!/bin/bash
# On a real Apache Kafka broker, g shows the group as its coordinator describes it: two
# kticker members (this screen and a headless consumer), each with its share of the topic.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name real-group)
group=$(unique_name group)
tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --partitions 4 --delay 200 \
	--data "$DATA_DIR"
tui_wait 'Partitions +4 assigned of 4' 30
"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--duration 60 --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
on_exit "kill $! 2>/dev/null"
wait_for_line "$WORK/second.err" 'assigned partitions' 40
tui_wait 'Partitions +2 assigned of 4' 20
tui_keys g
tui_wait 'Group '"$group" 5
tui_wait 'Stable, range assignor, 2 members|state Stable, [a-z]+ assignor, 2 members' 10
tui_screen >"$WORK/screen.txt"
marked=$(grep -c '(this kticker)' "$WORK/screen.txt")
((marked == 1)) || fail "g marks $marked members as this kticker, not 1: $(cat "$WORK/screen.txt")"
shares=$(grep -oE 'partitions [0-9,]+' "$WORK/screen.txt" | sed 's/partitions //' | tr ',' '\n' | sort -n | paste -sd,)
[[ "$shares" == "0,1,2,3" ]] || fail "the members' partitions are not a split of 0-3 ($shares): $(cat "$WORK/screen.txt")"
tui_keys x
sleep 0.5
tui_screen | grep -q "Group $group" && fail "the group overlay did not close"
echo "tui real-group: ok (two members sharing partitions $shares)"
