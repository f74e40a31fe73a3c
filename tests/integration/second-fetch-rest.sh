#!/bin/bash
# A kticker given --broker to another kticker's embedded cluster rests its fetching when it has
# read everything and nothing new comes, as on its own embedded cluster: the mock cannot answer
# a waiting fetch early, so it would be asked 100 times a second per broker. By librdkafka's
# own account (debug=fetch), no fetch request goes out while it rests; what kcat produces
# meanwhile is read, by kcat's count.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

group_cluster embedded ticks host
"$KTICKER" --headless --role consumer "${cluster[@]}" --group second --duration 25 \
	--data "$DATA_DIR" -X debug=fetch --log "$WORK/events" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/events" 'fetching rests until something is produced' 20
rested=$(event_ms "$WORK/events" 'fetching rests until something is produced')
sleep 2
printf 'not a tick 1\nnot a tick 2\nnot a tick 3\n' | kcat -P -b "${cluster[1]}" -t ticks -K: ||
	fail "kcat -P failed"
wait_for_event "$WORK/events" 'undecodable' "$rested" 10 >/dev/null
# the rest's end: librdkafka makes a partition fetchable again (the watcher saw kcat's writes)
resumed=$(event_ms "$WORK/events" 'is fetchable$' "$rested")
[[ -n "$resumed" ]] || fail "librdkafka never said a partition became fetchable after the rest"
# fetch requests librdkafka sent from a moment after the rest began until it ended
fetches=$(awk -v from=$((rested + 200)) -v to="$resumed" '$1 >= from && $1 < to && /Fetch [0-9]+\/[0-9]+\/[0-9]+ toppar/' "$WORK/events" | wc -l)
before=$(awk -v to="$rested" '$1 < to && /Fetch [0-9]+\/[0-9]+\/[0-9]+ toppar/' "$WORK/events" | wc -l)
note "$before fetch requests before the rest, $fetches during it ($((resumed - rested)) ms)"
((before > 50)) || fail "only $before fetch requests before the rest: the count does not see them"
((fetches == 0)) || fail "$fetches fetch requests while the fetching rested"
wait "$pid" || true # undecodable messages make the exit status 1
in_topic=$(kcat -C -b "${cluster[1]}" -t ticks -e -q -f 'x\n' | wc -l)
((in_topic == 3)) || fail "kcat reads $in_topic messages in ticks, expected its own 3"
expect_field undecodable 3 "$WORK/out"
echo "second-fetch-rest: ok ($before fetch requests in the first idle seconds, $fetches while resting)"
