#!/bin/bash
# On a real broker, the topic deleted and made again under its name (1 partition, offsets from
# 0 again) while this member holds none of its partitions: this member read the old log's
# partition 0 to its end, then handed it to a second member (a headless kticker, whose client
# id sorts first, so the range assignor gives it partitions 0 and 1, and the re-made topic's
# only one), which reads the new log and commits its end. This member's row of partition 0
# shows the new log's high watermark as kcat reads it, and no lag: not the high watermark it
# had read of the deleted log (which made the health line say "STALL p0: committed 11
# unchanged for 10 s, lag 225" of a group that had read all). Then the second member leaves
# and this member takes partition 0 back: until its own fetch answers, the high watermark
# librdkafka kept is the deleted log's, which the row must not show either.
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat
topic=$(unique_name real-remade-hw)
group=$(unique_name group)
events="$WORK/events.log"

remade_while_held_elsewhere
end=$(kcat_high_watermark "$BROKER" "$topic" 0)
# "HIGHWM LAG" of partition 0's row, as the screen shows them: the figures that end under the
# titles' ends (the Owner column is blank until the group is described)
partition_0_ends() {
	if [[ -n "${TUI_SCREEN_FILE:-}" ]]; then cat "$TUI_SCREEN_FILE"; else tui_screen; fi | awk '/^ *P +Owner +Ldr / { h = index($0, "HighWM") + 5; l = index($0, " Lag ") + 3; next }
		h && /^[* ] +0 / { a = substr($0, 1, h); b = substr($0, 1, l); sub(/.* /, "", a); sub(/.* /, "", b)
			print a, b; exit }'
}
deadline=$((SECONDS + 10))
until [[ "$(partition_0_ends)" == "$end 0" ]]; do
	((SECONDS < deadline)) || fail "partition 0's row is not the re-made log's high watermark $end and lag 0 (HighWM Lag) 10 s after the second member committed its end: $(partition_0_ends)
$(tui_screen | grep -E '^ *P Owner|^[* ] +[0-9]+ |lag ')"
	sleep 0.2
done
# the second member leaves, and this member takes partition 0: its row shows the new log's
# high watermark (or says it is old) from the moment it does, not the deleted log's that
# librdkafka kept from this member's fetches (sampled until 5 s after it holds it)
kill -TERM "$second"
deadline=$((SECONDS + 60))
held_until=
until [[ -n "$held_until" ]] && ((SECONDS >= held_until)); do
	((SECONDS < deadline)) || fail "this member did not take partition 0 within 60 s: $(tui_partition_rows | tr '\n' ';')"
	tui_screen >"$WORK/taking"
	[[ -z "$held_until" ]] && grep -qE 'Partitions +1 assigned of 1' "$WORK/taking" && held_until=$((SECONDS + 5))
	TUI_SCREEN_FILE="$WORK/taking" partition_0_ends | awk -v e="$end" '$1 ~ /^[0-9]+$/ && $1 != e' >>"$WORK/wrong"
	sleep 0.1
done
[[ ! -s "$WORK/wrong" ]] || fail "partition 0's row showed another high watermark than the re-made log's $end as this member took it (HighWM Lag): $(sort | uniq -c <"$WORK/wrong" | tr '\n' ';')"
echo "tui real-topic-remade-watermark: ok (partition 0 read to $old_end in the old log; its row shows the new log's $end, as kcat)"
