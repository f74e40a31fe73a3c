#!/bin/bash
# While this member holds no partition (R crashed the consumer; the new member waits for its
# partitions), what it has not read is unknown: the health line says "behind -", "time lag ?",
# "trend ?" and "catch-up ?", never "behind 0 ... steady caught up". kcat shows the topic
# growing meanwhile, so a 0 there would be false.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start 160x40 --data "$DATA_DIR" --from 2017-05-01 --delay 200 --ticks-per-day 4 --log "$events"
tui_wait '^ OK ' 30
bootstrap=$(tui_screen | sed -nE 's/^ kticker  embedded [0-9]+ brokers ([^ ]+).*/\1/p')
[[ -n "$bootstrap" ]] || fail "no bootstrap address on the screen"
# messages in the topic, by kcat: the sum of the partitions' high watermarks
topic_size() { kcat -C -b "$bootstrap" -t ticks -e -q -f '%p %o\n' 2>/dev/null | awk '{ n++ } END { print n + 0 }'; }
tui_keys R
wait_for_line "$events" 'consumer crashed after processing' 10
tui_wait '^ (NO CONSUMER|REBALANCING): ' 5
# the screen first: the new member gets the partitions back after the crashed one's 6 s session
screen=$(tui_screen)
before=$(topic_size)
line=$(grep -E '^ (NO CONSUMER|REBALANCING): ' <<<"$screen") ||
	fail "the member got its partitions back before the line was read"
grep -qE '^\* +[0-9]+ ' <<<"$screen" && fail "a row is still marked held: $screen"
note "health line while nothing is held: $line"
grep -q ' behind - ' <<<"$line" || fail "behind is not unknown while nothing is held: $line"
grep -q 'time lag ?' <<<"$line" || fail "time lag is not unknown while nothing is held: $line"
grep -qE 'caught up|keeping up|falling behind|steady|rising|falling' <<<"$line" &&
	fail "a trend or catch-up verdict while nothing is held: $line"
deadline=$((SECONDS + 10))
until (($(topic_size) > before)); do
	((SECONDS < deadline)) || fail "kcat saw the topic stay at $before messages"
	sleep 0.3
done
note "kcat: the topic grew past $before messages meanwhile"
echo "tui health-unheld: ok"
