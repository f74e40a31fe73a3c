#!/bin/bash
# On a real broker, ticks missing from a stream (a jump forward in its sequence numbers, never
# filled) are ticks lost: with acks=1 a leader killed before its followers copied what it had
# acknowledged (seen on a three-broker cluster: the producer counted 94126 delivered, kcat 94119
# in the topic, the Delivery line "gaps 7"), with acks=0 ticks the broker never got. The
# offsets say nothing of them: the consumer is caught up with a log that does not hold them.
# The health line must not say OK beside them: ERR "N ticks missing from their streams in the
# last S s", within 3 s of the Delivery line counting them, and OK again once they have left
# the 10 s window. Here the stream is one symbol's ticks of one producer, sent with kcat
# without seq 100..109, which kcat reads back as missing. (Before the fix the line said "OK lag
# 0" beside "Delivery gaps 10" throughout.)
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

source_topic=$(unique_name real-missing-src)
topic=$(unique_name real-missing)
group=$(unique_name group)
events="$WORK/events.log"
# 200 ticks of one symbol by one producer: seq 0..199
mkdir "$WORK/one"
cp "$DATA_DIR/AAPL.csv" "$WORK/one/"
"$KTICKER" --headless --role producer --broker "$BROKER" --topic "$source_topic" --partitions 1 \
	--count 200 --delay 0 --data "$WORK/one" >"$WORK/source.out" 2>"$WORK/source.err" ||
	fail "kticker could not produce the ticks: $(tail -3 "$WORK/source.err")"
kcat -C -b "$BROKER" -t "$source_topic" -e -q -f '%k\t%s\n' >"$WORK/ticks" 2>"$WORK/kcat.err"
(($(wc -l <"$WORK/ticks") == 200)) || fail "kcat read $(wc -l <"$WORK/ticks") ticks of 200: $(cat "$WORK/kcat.err")"
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 1 \
	--replication-factor 1 >"$WORK/create.out" 2>&1 || fail "could not create $topic: $(cat "$WORK/create.out")"

# send LINES: those lines of the ticks to the topic
send() {
	sed -n "$1p" "$WORK/ticks" | kcat -P -b "$BROKER" -t "$topic" -p 0 -K '\t' ||
		fail "kcat could not send lines $1"
}

tui_start 120x40 --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
	--log "$events"
wait_for_line "$events" 'rebalance: assigned partitions \[0\]' 30
send 1,100
tui_wait '^ Consumer 100 read' 20
tui_wait '^ OK ' 20

sent=$(date +%s%3N)
send 111,200
# kcat reads seq 0..199 less the 10 not sent: the stream's missing ticks
kcat -C -b "$BROKER" -t "$topic" -e -q -f '%s\n' 2>/dev/null | sed -nE 's/.*"seq":([0-9]+).*/\1/p' |
	sort -n | uniq >"$WORK/seqs"
missing=$((200 - $(wc -l <"$WORK/seqs")))
[[ "$(head -n1 "$WORK/seqs") $(tail -n1 "$WORK/seqs") $missing" == "0 199 10" ]] ||
	fail "kcat does not read seq 0..199 less 10 from $topic: $(head -n1 "$WORK/seqs")..$(tail -n1 "$WORK/seqs"), $missing missing"
tui_wait '^ Delivery gaps 10 ' 20
counted=$(date +%s%3N)
err=$(wait_for_event "$events" 'health: ERR: 10 ticks missing from their streams in the last [0-9]+ s' \
	"$sent" 10)
note "ERR $((err - sent)) ms after kcat sent the ticks after the gap"
((err - counted <= 3000)) || fail "health: ERR came $((err - counted)) ms after the Delivery line counted the gaps"
tui_screen | grep -qE '^ ERR: 10 ticks missing' ||
	fail "the health line does not name the missing ticks: $(tui_screen | grep -E '^ (OK|WARN|ERR|STALL|STOP|REWIND|NO )')"
ok=$(wait_for_event "$events" 'health: OK' "$err" 20)
note "OK again $((ok - err)) ms after the ERR"
((ok - err >= 8000)) || fail "health: OK $((ok - err)) ms after the ERR, before the gaps left the 10 s window"
tui_keys q
tui_wait '^EXIT=' 30
echo "tui real-health-ticks-missing: ok"
