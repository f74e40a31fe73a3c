#!/bin/bash
# Every broker of the embedded cluster given a 600 ms round trip: they answer (kcat -L does,
# and the consumer's commits are answered), only slower than the offset watcher's questions
# wait (500 ms). The health line says so, an ERR naming the offset questions, and never NO
# BROKER, which it said for as long as the latency lasted.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 160x50 --delay 100 --loop
for broker in 1 2 3; do
	tui_command "$events" "latency $broker 600" "broker $broker: round-trip latency 600 ms"
done
set_at=$(wc -l <"$events")
tui_wait '^ ERR: brokers answer \(a commit since\), but not the offset questions in time' 20
kcat -L -b "$bootstrap" -m 10 >"$WORK/kcat.out" 2>&1 || fail "kcat -L got no answer: $(tail -3 "$WORK/kcat.out")"
grep -q 'brokers:' "$WORK/kcat.out" || fail "kcat -L listed no brokers: $(cat "$WORK/kcat.out")"
sleep 5 # several rounds of the watcher's questions going unanswered
tail -n +"$((set_at + 1))" "$events" | grep 'health: NO BROKER' | head -1 >"$WORK/no-broker" || true
[[ ! -s "$WORK/no-broker" ]] || fail "health said NO BROKER while the brokers answer slowly: $(cat "$WORK/no-broker")"
tui_keys q
tui_wait '^EXIT=' 30
echo "tui latency-slow-answers: ok"
