#!/bin/bash
# -X bootstrap.servers (or its alias metadata.broker.list, or either in the config file)
# beside --broker, against the real broker: the cluster kticker names (the event log's
# "cluster at", the "bootstrap:" line others join by, the screen's header) must be the one its
# clients write to. -X goes to every client last, so the ticks went to the real broker while
# kticker named an address that does not resolve: kticker refuses it and points to --broker.
. "$TESTS_DIR/lib.sh"
need_broker

named=nosuch.invalid:9092
printf '%s\n' "metadata.broker.list=$BROKER" >"$WORK/kticker.conf"
chmod 600 "$WORK/kticker.conf"
for how in bootstrap.servers metadata.broker.list file; do
	topic=$(unique_name x-bootstrap)
	args=(-X "$how=$BROKER")
	[[ "$how" == file ]] && args=(-F "$WORK/kticker.conf")
	rc=0
	timeout 60 "$KTICKER" --headless --broker "$named" --topic "$topic" --count 20 --delay 50 \
		--from 2017-05-01 --data "$DATA_DIR" "${args[@]}" --log "$WORK/$how.log" \
		>"$WORK/$how.out" 2>"$WORK/$how.err" || rc=$?
	# the messages of the topic kcat reads at the real broker (none when it has no such topic)
	held=$(timeout 20 kcat -C -b "$BROKER" -t "$topic" -e -q -f 'x\n' 2>/dev/null | wc -l) || true
	if ((rc == 2)); then
		grep -q -- '--broker' "$WORK/$how.err" || fail "$how: refused without naming --broker: $(cat "$WORK/$how.err")"
		((held == 0)) || fail "$how: refused, yet $BROKER holds $held messages of $topic"
		note "$how: refused: $(tail -n1 "$WORK/$how.err")"
		continue
	fi
	said=$(sed -nE 's/.*cluster at ([^ ]+): .*/\1/p' "$WORK/$how.log" | head -n1)
	((held == 0)) || [[ "$said" == "$BROKER" ]] ||
		fail "$how: kticker named the cluster at '$said' (exit $rc), kcat reads $held messages of $topic at $BROKER"
done
echo "real-x-bootstrap: ok"
