#!/bin/bash
# A second member joins the group: the partitions this screen gave up keep showing the
# cluster's current high watermark and committed offset (not the values of the moment they
# were handed over), marked with their owner ("other" on the embedded cluster, the member the
# coordinator names on a real one); checked against kcat. While both read, this screen never
# says it is falling behind. On the embedded cluster, or the real
# broker (SECOND_ON=real, as real-health-second-member.sh runs it).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
if [[ "${SECOND_ON:-embedded}" == real ]]; then
	need_broker
	bootstrap=$BROKER
	topic=$(unique_name second)
	owner='m-[0-9a-z]{4}'
	cluster=(--broker "$BROKER" --topic "$topic" --group "$topic")
else
	topic=ticks
	owner=other
	cluster=()
fi
tui_start 120x40 "${cluster[@]}" --data "$DATA_DIR" --from 2017-05-01 --delay 200 --ticks-per-day 4 \
	--log "$events"
tui_wait '^ OK ' 30
[[ -n "${bootstrap:-}" ]] || bootstrap=$(tui_screen | sed -nE 's/^ kticker  embedded [0-9]+ brokers ([^ ]+).*/\1/p')
[[ -n "$bootstrap" ]] || fail "no bootstrap address on the screen"
[[ ${#cluster[@]} -gt 0 ]] || cluster=(--broker "$bootstrap")
"$KTICKER" --headless --role consumer "${cluster[@]}" --duration 90 --data "$DATA_DIR" \
	>"$WORK/second.out" 2>"$WORK/second.err" &
second_pid=$!
on_exit "kill $second_pid 2>/dev/null"
wait_for_line "$WORK/second.err" 'rebalance: assigned partitions \[[0-9]' 40
owners=""
given_up=$(sed -nE 's/.*rebalance: assigned partitions \[([0-9,]+)\].*/\1/p' "$WORK/second.err" | tail -n1)
note "the second member took partitions $given_up"
# the producer goes on: what the first member last saw of those partitions is old now. Each
# member reads its half as fast as it grows: this screen must never say it falls behind
# (its catch-up compares its read rate with the growth of the partitions it holds, not of all)
# (while the group rebalances, a longer verdict leaves no room for the catch-up estimate).
# The screens of the handover are kept for the owners' check below, each caught whole.
mkdir "$WORK/screens"
for i in $(seq 32); do
	tui_frozen_screen "$WORK/screens/$i"
	catch_up=$(grep -oE 'caught up|keeping up|falling behind|not reading|catch-up [^ ]+' "$WORK/screens/$i" | head -n1) || true
	[[ "$catch_up" != "falling behind" ]] || fail "this member reads its partitions as fast as they grow, the screen says it is falling behind:
$(grep -E 'behind|Lag' "$WORK/screens/$i" | head -5)"
done
tui_keys ' '
wait_for_line "$events" 'producer paused' 5
sleep 4 # deliveries land and the second member commits what it read
screen=$(tui_screen)
for p in ${given_up//,/ }; do
	row=$(grep -E "^ +$p $owner " <<<"$screen") || fail "partition $p is not marked as another member's:
$screen"
	shown=$(awk '{print $5}' <<<"$row")
	hw=$(kcat_high_watermark "$bootstrap" "$topic" "$p")
	[[ "$shown" == "$hw" ]] || fail "partition $p shows high watermark $shown, kcat says $hw: $row"
	owners+=" $(awk '{print $2}' <<<"$row")"
done
# during the handover: a row this member does not hold is owned by the second member, or by
# nobody known yet, never by a member the group no longer has (this member, as described
# before it gave the row up); and no row commits past its high watermark
owner_now=$(tr ' ' '\n' <<<"$owners" | sort -u | grep -v '^$' | head -n1)
for f in "$WORK"/screens/*; do
	awk -v now="$owner_now" '
		/^[* ] +[0-9]+ [^ ]+ / {
			own = substr($0, 1, 1) == "*"; o = own ? 2 : 1
			owner = $(o + 1); hw = $(o + 4); committed = $(o + 5); sub(/^~/, "", hw); sub(/^~/, "", committed)
			if (!own && owner != now && owner != "?" && owner != "other") print "owner " owner ": " $0
			if (hw ~ /^[0-9]+$/ && committed ~ /^[0-9]+$/ && committed + 0 > hw + 0) print "committed past the high watermark: " $0
		}' "$f" >"$f.bad"
	[[ ! -s "$f.bad" ]] || fail "the second member is $owner_now; a screen of the handover shows:
$(cat "$f.bad")
$(grep -E '^ +P Owner' "$f")"
done
# the second member leaves (SIGTERM: it commits and leaves the group). Once this member's own
# rebalance has followed, no row names the member that left: a description of the group asked
# before it is out of date (on a real cluster; the embedded one names no member)
left_at=$(date +%s%3N)
kill -TERM "$second_pid"
rebalanced=$(wait_for_event "$events" 'rebalance: (revoked|assigned)' "$left_at" 30)
note "this member's rebalance came $((rebalanced - left_at)) ms after the second member was told to leave"
for i in $(seq 12); do
	[[ "${SECOND_ON:-embedded}" == real ]] || break
	tui_frozen_screen "$WORK/left.$i"
	! grep -qE "^ +[0-9]+ $owner_now " "$WORK/left.$i" || fail "the second member ($owner_now) has left and this member has rebalanced since, yet a row names it:
$(grep -E "^ +P Owner|^[* ] +[0-9]+ " "$WORK/left.$i")"
	sleep 0.25
done
echo "tui health-second-member: ok"
