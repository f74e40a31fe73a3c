#!/bin/bash
# At 200x60, a --role consumer screen shows no producer settings or keys (acks, idempotence,
# pause, speed) and says READING with its group; the footer and the help have the consumer's
# keys alone.
. "$TESTS_DIR/lib.sh"
need_broker
topic=$(unique_name role)
group=$(unique_name group)
"$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" --partitions 2 \
	--count 50 --data "$DATA_DIR" >"$WORK/producer.out" 2>"$WORK/producer.err" ||
	fail "the producer failed: $(tail -3 "$WORK/producer.err")"
tui_start 200x60 --role consumer --broker "$BROKER" --topic "$topic" --group "$group" --data "$DATA_DIR"
tui_wait 'role consumer' 20
tui_wait "READING +topic $topic \\(2p\\) +group $group" 20
tui_wait 'Consumer 50 read' 30
tui_screen >"$WORK/screen.txt"
grep -qE 'acks=|idempotence|RUNNING|PAUSED' "$WORK/screen.txt" && fail "producer settings on a consumer's screen: $(head -2 "$WORK/screen.txt")"
footer=$(tail -n1 "$WORK/screen.txt")
[[ "$footer" == *Commit* && "$footer" == *Group* ]] || fail "the consumer's keys are missing: $footer"
[[ "$footer" == *Pause* || "$footer" == *Speed* || "$footer" == *Acks* ]] && fail "producer keys in a consumer's footer: $footer"
# the help lists the consumer's keys, none of the producer's, nor the embedded cluster's faults
tui_keys '?'
tui_wait 'kticker keys' 5
tui_wait 'cycle commit mode' 5
tui_screen >"$WORK/help.txt"
grep -qE 'Space p +pause|  a +cycle acks|  L +cycle linger|  b +take a broker down|  w +add round-trip' \
	"$WORK/help.txt" && fail "producer or embedded keys in a consumer's help: $(grep -E 'producer|broker' "$WORK/help.txt")"
tui_keys Escape
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui role: ok"
