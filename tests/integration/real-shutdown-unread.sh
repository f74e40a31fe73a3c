#!/bin/bash
# Ctrl-C on a real broker while the consumer, busy archiving each tick (a file per symbol and
# date), is behind a producer at full speed: the shutdown
# warning counts the delivered ticks the group has not read: the log ends (kcat -Q) less the
# committed offsets (kafka-consumer-groups), after kticker's last commit. It was counted before the consumer had finished its last
# batch, and said that batch's 1024 ticks were unread too.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name shutdown-unread)
group=$(unique_name g)
"$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" --delay 0 --loop \
	--duration 120 --data "$DATA_DIR" --archive "$WORK/archive" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill -KILL $pid 2>/dev/null"
wait_for_line "$WORK/out" 'consumed [1-9][0-9]{4,} ' 60
signal_and_wait "$pid" INT
((EXIT_RC <= 1)) || fail "kticker exited $EXIT_RC: $(tail -3 "$WORK/err")"
said=$(sed -nE 's/.* ([0-9]+) delivered ticks were not consumed before shutdown.*/\1/p' "$WORK/err")
[[ -n "$said" ]] || fail "no shutdown warning: the consumer was not behind ($(grep '^result' "$WORK/out"))"
kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
	>"$WORK/groups" 2>"$WORK/groups.err" || fail "kafka-consumer-groups: $(cat "$WORK/groups.err")"
# committed offsets as kafka-consumer-groups lists them (a partition never committed is not
# listed: all of it is unread), log ends as kcat -Q reads them
awk -v t="$topic" '$2 == t { print $3, $4 }' "$WORK/groups" >"$WORK/committed"
kcat -L -b "$BROKER" -t "$topic" 2>/dev/null | sed -nE 's/^ +partition ([0-9]+),.*/\1/p' >"$WORK/partitions"
[[ -s "$WORK/partitions" ]] || fail "kcat -L lists no partition of $topic"
lag=0
while read -r p; do
	end=$(kcat -Q -b "$BROKER" -t "$topic:$p:-1" 2>/dev/null | sed -nE 's/.*\] offset ([0-9]+)$/\1/p')
	[[ -n "$end" ]] || fail "kcat -Q read no log end of partition $p"
	committed=$(awk -v p="$p" '$1 == p { print $2 }' "$WORK/committed")
	lag=$((lag + end - ${committed:-0}))
done <"$WORK/partitions"
((said == lag)) || fail "the shutdown warning says $said delivered ticks unread; the log ends (kcat -Q) less the committed offsets (kafka-consumer-groups) are $lag:
$(cat "$WORK/groups")"
echo "real-shutdown-unread: ok ($said unread, as kcat and kafka-consumer-groups say)"
