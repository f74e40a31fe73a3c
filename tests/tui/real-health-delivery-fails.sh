#!/bin/bash
# On a real broker the topic's max.message.bytes drops below a tick's size (kafka-configs):
# the broker refuses every produce request at once. No tick then waits for an acknowledgement,
# and the consumer is caught up with a log that no longer grows: the offsets look healthy. The
# health line must not say OK: ERR, "N ticks failed delivery in the last S s, none delivered",
# within 3 s of the first failure (a second without a delivery, counted from the once-a-second
# samples: up to 2 s, and the frame after), and never OK while kcat's high watermarks stand
# still. Once
# the limit is lifted, ticks are delivered again (kcat's high watermarks move) and, once the
# failures have left the 10 s window, the line says OK again. (Before the fix it said "OK lag 0
# behind 0 ... caught up" while the Producer line counted "failed 547".)
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

topic=$(unique_name real-health-fails)
group=$(unique_name group)
events="$WORK/events.log"
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 2 \
	--replication-factor 1 >"$WORK/create" 2>&1 || fail "kafka-topics --create: $(cat "$WORK/create")"
# the sum of the topic's high watermarks, as kcat reads them
high_sum() {
	kcat -Q -b "$BROKER" -t "$topic:0:-1" -t "$topic:1:-1" 2>/dev/null | awk '{ s += $4 } END { print s + 0 }'
}
limit() {
	kafka_tool configs --bootstrap-server "$BROKER" --alter --entity-type topics --entity-name "$topic" \
		"$@" >"$WORK/alter" 2>&1 || fail "kafka-configs $*: $(cat "$WORK/alter")"
}

tui_start 120x40 --broker "$BROKER" --topic "$topic" --group "$group" --delay 200 --ticks-per-day 4 \
	--from 2017-05-01 --data "$DATA_DIR" --log "$events"
tui_wait '^ OK ' 30
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20

limit --add-config max.message.bytes=60
failed=$(wait_for_event "$events" 'delivery failed' 0 30)
err=$(wait_for_event "$events" 'health: ERR: [0-9]+ ticks failed delivery in the last [0-9]+ s, none delivered' \
	$((failed - 2000)) 10)
note "ERR $((err - failed)) ms after the first delivery failure"
((err - failed <= 3000)) || fail "health: ERR came $((err - failed)) ms after the first delivery failure"
tui_wait '^ ERR: [0-9]+ (ticks )?failed delivery' 5
# the broker writes nothing meanwhile: kcat's high watermarks stand still
before=$(high_sum)
sleep 4
after=$(high_sum)
((after == before)) || fail "kcat's high watermarks moved from $before to $after while deliveries failed"
ok=$(event_ms "$events" 'health: OK' "$err")
[[ -z "$ok" ]] || fail "health: OK $((ok - err)) ms after the ERR, while every delivery failed"
tui_screen | grep -qE '^ OK ' && fail "the screen says OK while every delivery fails: $(tui_screen | grep -E '^ OK ')"

limit --delete-config max.message.bytes
lifted=$(date +%s%3N)
deadline=$((SECONDS + 20))
until (($(high_sum) > after)); do
	((SECONDS < deadline)) || fail "kcat's high watermarks did not move within 20 s of lifting the limit"
	sleep 0.5
done
ok=$(wait_for_event "$events" 'health: OK' "$lifted" 25)
note "OK again $((ok - lifted)) ms after the limit was lifted"
tui_keys q
tui_wait '^EXIT=1' 30
echo "tui real-health-delivery-fails: ok"
