#!/bin/bash
# -X group.id (or group.id in the config file) beside --group, against the real broker: the
# group kticker names (the screen's "group G", the event log, --prom's labels) must be the
# group its consumer is in, as kafka-consumer-groups lists it. -X goes to every client last,
# so it would put the consumer (and the transform, whose group is <group>.transform) in
# another group than the one named: kticker refuses it and points to --group.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name x-group)
named=$(unique_name named)
other=$(unique_name other)
# one run with -X, one with the config file's line
printf '%s\n' "group.id=$other-file" >"$WORK/kticker.conf"
chmod 600 "$WORK/kticker.conf"
for how in argv file; do
	args=(-X "group.id=$other-argv")
	[[ "$how" == file ]] && args=(-F "$WORK/kticker.conf")
	rc=0
	timeout 60 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$named" \
		--count 20 --delay 50 --from 2017-05-01 --data "$DATA_DIR" "${args[@]}" --log "$WORK/$how.log" \
		>"$WORK/$how.out" 2>"$WORK/$how.err" || rc=$?
	groups=$(kafka_tool consumer-groups --bootstrap-server "$BROKER" --list 2>/dev/null |
		grep -E "^($named|$other-$how)\$" | tr '\n' ' ') || true
	if ((rc == 2)); then
		grep -q -- '--group' "$WORK/$how.err" || fail "$how: refused without naming --group: $(cat "$WORK/$how.err")"
		[[ -z "$groups" ]] || fail "$how: refused, yet the cluster has the group(s) $groups"
		note "$how: refused: $(tail -n1 "$WORK/$how.err")"
		continue
	fi
	said=$(sed -nE 's/.*consumer: group ([^ ]+) subscribed.*/\1/p' "$WORK/$how.log" | head -n1)
	[[ -n "$said" ]] || fail "$how: exited $rc without naming a group: $(tail -3 "$WORK/$how.err")"
	[[ "$groups" == "$said " ]] ||
		fail "$how: kticker named group '$said', kafka-consumer-groups lists '${groups% }' (exit $rc)"
done
echo "real-x-group-id: ok"
