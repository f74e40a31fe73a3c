#!/bin/bash
# Lesson 4 (Offsets and commit modes) as its text says, on the embedded cluster: with --commit
# after, R (a crash) makes the Delivery line count duplicates, at most as many as the event
# log says were processed but not committed (a commit still in flight at the crash may cover
# some); with before, gaps, as many as were committed but not processed. Checked apart from kticker's counters: the ticks kcat reads from the topic but
# the --archive never got are exactly the gaps (after loses none), and the consumer read
# exactly the duplicates more than the topic holds.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
archive="$WORK/archive"
tui_start 120x45 --data "$DATA_DIR" --from 2017-05-01 --commit after --log "$events" --archive "$archive"
tui_wait 'Consumer [1-9][0-9]* read' 30
tui_wait '^ Delivery gaps 0  duplicates 0 .* commit after ' 5
bootstrap=$(tui_screen | sed -nE 's/.* brokers ([0-9.:,]+).*/\1/p' | head -n1)
[[ -n "$bootstrap" ]] || fail "no bootstrap address on the screen"
# the health line: OK, and a commit at most a few seconds ago (librdkafka commits every second)
tui_wait '^ OK .* commit ([0-9]+ms|[1-4](\.[0-9])?s) ago' 10

# crash with "after": what was processed since the last commit is read again
tui_keys R
crash=$(wait_for_event "$events" 'consumer crashed after processing [0-9]+ messages it had not committed' 0 10)
wait_for_event "$events" "resuming at the group's committed offsets" "$crash" 30 >/dev/null
replayed=$(sed -nE 's/.*consumer crashed after processing ([0-9]+) messages.*/\1/p' "$events")
((replayed > 0)) || fail "the consumer crashed with nothing uncommitted: $(grep crashed "$events")"
tui_wait '^ Delivery gaps 0  duplicates [1-9][0-9]* ' 20

# crash with "before": what was committed but not yet processed is skipped
tui_keys c
tui_wait '^ Delivery .* commit before ' 5
tui_keys R
crash=$(wait_for_event "$events" 'consumer crashed after committing [0-9]+ messages it never processed' "$crash" 10)
lost=$(sed -nE 's/.*consumer crashed after committing ([0-9]+) messages it never processed.*/\1/p' "$events")
wait_for_event "$events" "resuming at the group's committed offsets" "$crash" 30 >/dev/null
tui_wait "^ Delivery gaps $lost  duplicates [1-9][0-9]* " 20

# the producer paused and the consumer caught up, the topic (kcat) against what was read
tui_keys Space
tui_wait 'PAUSED' 5
tui_wait '(^ OK|\|) lag 0 ' 30
kcat -C -b "$bootstrap" -t ticks -e -q -f '%s\n' 2>"$WORK/kcat.err" >"$WORK/topic.ndjson" ||
	fail "kcat could not read ticks: $(cat "$WORK/kcat.err")"
# tick_id: one "producer symbol seq" line per tick of an NDJSON stream, sorted
tick_id() { jq -r '"\(.producer) \(.symbol) \(.seq)"' | sort -u; }
tick_id <"$WORK/topic.ndjson" >"$WORK/topic.ids"
in_topic=$(wc -l <"$WORK/topic.ids")
# figures: the screen's counts, against the topic and the archive (synced at each batch)
figures() {
	find "$archive" -name '*.ndjson' -exec cat {} + | tick_id >"$WORK/archive.ids"
	missing=$(comm -23 "$WORK/topic.ids" "$WORK/archive.ids" | wc -l)
	comm -13 "$WORK/topic.ids" "$WORK/archive.ids" | grep -q . && fail "the archive has ticks kcat does not find"
	tui_screen >"$WORK/screen.txt"
	read -r gaps dups < <(sed -nE 's/^ Delivery gaps ([0-9]+)  duplicates ([0-9]+) .*/\1 \2/p' "$WORK/screen.txt")
	sent=$(grep -oE '^ Producer [0-9]+ sent' "$WORK/screen.txt" | grep -oE '[0-9]+')
	read_total=$(grep -oE '^ Consumer [0-9]+ read' "$WORK/screen.txt" | grep -oE '[0-9]+')
	echo "topic $in_topic ticks (sent $sent), archive $(wc -l <"$WORK/archive.ids"), missing $missing;" \
		"read $read_total; gaps $gaps, duplicates $dups;" \
		"processed uncommitted, committed unprocessed at the crashes: $replayed, $lost"
}
# at-most-once: the ticks committed but never processed are the gaps, lost at the crash;
# at-least-once: every other tick was read, the duplicates twice (a gap is counted at its
# symbol's next tick, and the screen redraws: the figures may take a moment to settle)
deadline=$((SECONDS + 10))
until figures >"$WORK/figures" && ((in_topic == sent && missing == gaps && gaps == lost && dups <= replayed &&
	read_total == in_topic - gaps + dups)); do
	((SECONDS < deadline)) || fail "$(cat "$WORK/figures")"
	sleep 0.5
done
note "$(cat "$WORK/figures")"
echo "tui lesson-commit: ok"
