#!/bin/bash
# A screen asleep on an unchanged frame (screenwake.h) keeps listening after a worker's
# notification that changed nothing: on a cluster it reaches with --broker, the consumer
# publishes its lag table every 100 ms whether or not a figure moved, and each publish wakes
# the screen. A line a worker logs later in the same second (here: kcat writes a message that
# is not a tick, and the consumer logs it as undecodable) must be drawn within 300 ms of its
# time in the --log file, at the frame rate's ~100 ms and not at the clock's next second. The
# frames' times are KTICKER_FRAME_LOG's (frame_times_start): tmux's polling of the screen, up
# to ~350 ms on a loaded machine, is not kticker's. Each message is written at 300 ms past a
# wall-clock second, so the line comes well after the first lag publish of that second; a
# line logged later than 650 ms past its second (a loaded machine) would not tell a sleeping
# screen, which draws at the next second, from a listening one, and another message is sent.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

topic=$(unique_name wake)
# the cluster: an embedded one, in a kticker of its own, whose feed's next day is 100 s away
headless_start --duration 120 --topic "$topic" --data "$DATA_DIR" --from 2017-05-01 --delay 100000 \
	--log "$WORK/cluster.events"

# the screen under test: a consumer that reads what kcat writes within ~10 ms
frame_times_start "$WORK/frame-times"
tui_start 120x40 --role consumer --broker "$bootstrap" --topic "$topic" --group "$(unique_name group)" \
	--data "$DATA_DIR" --log "$WORK/events" -X fetch.wait.max.ms=10
tui_wait 'Consumer [0-9]+ read' 30
wait_for_line "$WORK/events" 'rebalance: assigned partitions' 20
sleep 3 # the ticks the cluster's kticker wrote are read; the screen's frames are unchanged

# the largest offset of partition 0 an undecodable line on the screen names
shown_offset() {
	tui_screen | sed -nE 's/.*undecodable message at partition 0 offset ([0-9]+):.*/\1/p' | sort -n | tail -n1
}
worst=0 delays="" offset=-1 telling=0
for i in $(seq 12); do
	((telling < 6)) || break
	now=$(date +%s%3N)
	sleep "$(printf '0.%03d' $(((1300 - now % 1000) % 1000)))"
	echo "not a tick $i" | kcat -P -b "$bootstrap" -t "$topic" -p 0
	deadline=$((SECONDS + 5))
	until shown=$(shown_offset) && ((${shown:--1} > offset)); do
		((SECONDS < deadline)) || fail "message $i of kcat's was not shown as undecodable within 5 s"
		sleep 0.05
	done
	offset=$shown
	logged=$(event_ms "$WORK/events" "undecodable message at partition 0 offset $offset:")
	[[ -n "$logged" ]] || fail "offset $offset is on the screen but not in the event log"
	drawn=$(first_frame_after "$WORK/frame-times" "$logged")
	[[ -n "$drawn" ]] || fail "offset $offset is on the screen, and no frame was drawn after its line"
	delay=$((drawn - logged))
	delays="$delays $delay(at .$(printf %03d $((logged % 1000))))"
	((logged % 1000 <= 650)) || continue
	telling=$((telling + 1))
	((delay > worst)) && worst=$delay
	sleep 1
done
note "first frame after each undecodable line (ms):$delays"
((telling == 6)) || fail "only $telling of 12 lines were logged before 650 ms past their second:$delays"
((worst <= 300)) || fail "a line logged by the consumer waited $worst ms for a frame (all:$delays)"
tui_keys q
tui_wait '^EXIT=1' 30 # the messages that were not ticks
echo "tui wake-after-quiet-notify: ok"
