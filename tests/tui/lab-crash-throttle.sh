#!/bin/bash
# R under the consumer throttle: the crash's "processed but not committed" messages are read
# at the throttle's rate too. With "throttle 10" and librdkafka committing the stored offsets
# every second (auto.commit.interval.ms=1000), at most about 10 were processed since the last
# commit, and the crash's own batch is a tenth of a second's worth (1). Before the fix the crash
# took a whole batch (up to 2000) at once: the event log said "consumer crashed after
# processing 1026 messages it had not committed" and the Consumer line "read 968/s" beside
# "throttle 10/s".
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
rate=10
tui_start_embedded "$events" 120x40
tui_keys : "throttle $rate" Enter
tui_wait "^ Delivery .* throttle $rate/s" 5
# the throttle has held for a while: the read rate is down to it, and commits came since
tui_wait "Consumer [0-9]+ read ([0-9]|1[0-9])/s" 15
sleep 3
before=$(tui_value 'Consumer ')
start=$SECONDS
tui_keys R
wait_for_line "$events" 'consumer crashed after processing [0-9]+ ' 10
crashed=$(sed -nE 's/.*consumer crashed after processing ([0-9]+) .*/\1/p' "$events" | head -n1)
# the Consumer line over the next 2 s: its rate, and how many it read since R
max_rate=0
for _ in 1 2 3 4 5 6; do
	r=$(tui_screen | sed -nE 's/^ Consumer [0-9]+ read ([0-9]+)\/s .*/\1/p' | head -n1)
	[[ -n "$r" ]] || r=100000 # abbreviated ("1.2k"): far too fast
	((r > max_rate)) && max_rate=$r
	sleep 0.3
done
after=$(tui_value 'Consumer ')
elapsed=$((SECONDS - start + 1))
note "throttle $rate/s: crash after $crashed uncommitted; read $before -> $after in ${elapsed} s; rate up to $max_rate/s"
# what the throttle allows since the last commit (1 s), and the crash's own batch
((crashed <= rate + rate / 10 + 2)) ||
	fail "the crash processed $crashed uncommitted messages under throttle $rate/s (at most ~$rate a commit interval)"
((max_rate <= rate + 5)) || fail "the Consumer line read $max_rate/s under throttle $rate/s: $(tui_screen | grep '^ Consumer')"
((after - before <= rate * elapsed + 5)) ||
	fail "the consumer read $((after - before)) ticks in $elapsed s under throttle $rate/s"
echo "tui lab-crash-throttle: ok (crash after $crashed uncommitted; rate up to $max_rate/s)"
