#!/bin/bash
# -X enable.auto.commit=false (or in the config file) beside --commit after, against the real
# broker: the Delivery line names the commit mode ("commit after": each tick's offset
# committed once processed, within a second), so the group's committed offsets, as
# kafka-consumer-groups describes them, must follow what was read. -X goes to every client
# last, so librdkafka committed nothing while kticker ran; enable.auto.offset.store=true would
# store each offset before processing (at-most-once under the name of at-least-once). kticker
# refuses both and points to --commit.
. "$TESTS_DIR/lib.sh"
need_broker

printf '%s\n' "enable.auto.offset.store=true" >"$WORK/kticker.conf"
chmod 600 "$WORK/kticker.conf"
for how in enable.auto.commit file; do
	topic=$(unique_name x-commit)
	group=$(unique_name x-commit-group)
	args=(-X "$how=false")
	[[ "$how" == file ]] && args=(-F "$WORK/kticker.conf")
	rc=0
	# with "commit after", every second's reads are committed within the next; a run long
	# enough for kafka-consumer-groups to describe the group while it reads (its own start
	# takes seconds); at the end kticker commits what it read, whatever the setting
	timeout 90 "$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
		--duration 30 --delay 50 --from 2017-05-01 --data "$DATA_DIR" --commit after "${args[@]}" \
		>"$WORK/$how.out" 2>"$WORK/$how.err" &
	pid=$!
	# reading, or refused (gone)
	deadline=$((SECONDS + 30))
	until grep -q 'consumed [1-9]' "$WORK/$how.out" || ! kill -0 "$pid" 2>/dev/null; do
		((SECONDS < deadline)) || fail "$how: nothing read in 30 s: $(tail -2 "$WORK/$how.out")"
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		sleep 4 # 4 s of reading past the first, at least 3 auto-commit intervals (1 s)
		kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" \
			>"$WORK/$how.describe" 2>&1 || true
		kill -0 "$pid" 2>/dev/null || fail "$how: the run ended before kafka-consumer-groups answered"
		committed=$(awk -v t="$topic" '$2 == t && $4 ~ /^[0-9]+$/ { n += $4 } END { print n + 0 }' "$WORK/$how.describe")
		((committed > 0)) ||
			fail "$how: 4 s into reading with 'commit after', kafka-consumer-groups shows nothing committed for $group: $(paste -sd' ' "$WORK/$how.describe" | tr -s ' ' | cut -c1-300)"
		kill -TERM "$pid"
	fi
	wait "$pid" || rc=$?
	if ((rc == 2)); then
		grep -q -- '--commit' "$WORK/$how.err" || fail "$how: refused without naming --commit: $(cat "$WORK/$how.err")"
		note "$how: refused: $(tail -n1 "$WORK/$how.err")"
		continue
	fi
	((rc == 0)) || fail "$how: exit $rc: $(tail -3 "$WORK/$how.err")"
	note "$how: ran, committed offsets followed the reads"
done
echo "real-x-auto-commit: ok"
