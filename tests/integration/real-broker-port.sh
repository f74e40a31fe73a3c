#!/bin/bash
# --broker with a port no TCP port can be: librdkafka takes it modulo 65536 (and a port that
# is not a number as 0), so kticker named a cluster "at 127.0.0.1:<port + 65536>" while its
# ticks went to the real broker at <port>, as kcat reads them there. Such an address is a
# usage error (exit 2) that names it; the broker then has no such topic.
. "$TESTS_DIR/lib.sh"
need_broker

port=${BROKER##*:}
for named in "${BROKER%:*}:$((port + 65536))" "${BROKER%:*}:${port}x"; do
	topic=$(unique_name broker-port)
	rm -f "$WORK/log"
	rc=0
	timeout 60 "$KTICKER" --headless --broker "$named" --topic "$topic" --count 20 --delay 50 \
		--from 2017-05-01 --data "$DATA_DIR" --log "$WORK/log" >"$WORK/out" 2>"$WORK/err" || rc=$?
	# the messages of the topic kcat reads at the real broker (none when it has no such topic)
	held=$(timeout 20 kcat -C -b "$BROKER" -t "$topic" -e -q -f 'x\n' 2>/dev/null | wc -l) || true
	said=$(sed -nE 's/.*cluster at ([^ ]+): .*/\1/p' "$WORK/log" 2>/dev/null | tail -n1) || true
	((held == 0)) || fail "--broker $named: kticker named the cluster at '$said' (exit $rc), kcat reads $held messages of $topic at $BROKER"
	((rc == 2)) || fail "--broker $named exited $rc, not 2 (a usage error): $(tail -n2 "$WORK/err")"
	grep -qF -- "$named" "$WORK/err" || fail "--broker $named: the error does not name it: $(cat "$WORK/err")"
	note "$(tail -n1 "$WORK/err")"
done
echo "real-broker-port: ok"
