#!/bin/bash
# Every broker of the embedded cluster down: no broker answers who leads what, so the
# partitions panel's Ldr, ISR and Ep are the last metadata read, which the rows must say (a ~,
# as on their offsets) rather than show as current; kcat -L, apart from kticker, gets no
# answer from the cluster meanwhile. What the screen knows not to be there is no reading: a
# leader taken down is '-' (offline), and the embedded cluster names no epoch ('-'). With the
# brokers back, no Ldr, ISR or Ep is marked and the Ldr column is kcat -L's leaders.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200 -X session.timeout.ms=45000

# leadership FILE: "PARTITION LDR ISR EP" of the partition rows of a whole screen; the
# columns are where the rows put them (Ldr 13-16, ISR 75-80, Ep 82-85), as the title says
leadership() {
	sed -nE '/^ *P +Owner +Ldr .* Ep /,/^ *$/p' "$1" | grep -E '^[* ] *[0-9]+ ' |
		awk '{ n = split(substr($0, 13, 4) " " substr($0, 75, 6) " " substr($0, 82, 4), c, / +/)
		       printf "%d", substr($0, 2, 3); for (i = 1; i <= n; i++) if (c[i] != "") printf " %s", c[i]; print "" }' |
		sort -n
}
# unmarked FILE: the rows whose Ldr, ISR or Ep shows a figure without a ~ ('-' is none)
unmarked() { awk '$2 ~ /^[0-9]/ || $3 ~ /^[0-9]/ || $4 ~ /^[0-9]/' "$1"; }
# marked FILE: the rows with a ~ in Ldr, ISR or Ep
marked() { awk '$2 ~ /^~/ || $3 ~ /^~/ || $4 ~ /^~/' "$1"; }
# wait_for_leadership CHECK SECONDS: waits for a whole screen whose rows pass CHECK (a
# function of the "PARTITION LDR ISR EP" file $WORK/rows), leaving them in $WORK/rows
wait_for_leadership() {
	local deadline=$((SECONDS + $2))
	while :; do
		tui_frozen_screen "$WORK/screen"
		leadership "$WORK/screen" >"$WORK/rows"
		[[ -s "$WORK/rows" ]] || fail "no partition rows on the screen: $(cat "$WORK/screen")"
		"$1" && return
		((SECONDS < deadline)) || fail "the rows (P Ldr ISR Ep) are not $1 within $2 s:
$(cat "$WORK/rows")"
		sleep 0.3
	done
}
all_marked() { [[ -z "$(unmarked "$WORK/rows")" ]] && (($(marked "$WORK/rows" | wc -l) == $(wc -l <"$WORK/rows"))); }
none_marked_kcat_leaders() {
	[[ -z "$(marked "$WORK/rows")" ]] && awk '{ print $1, $2 }' "$WORK/rows" | cmp -s - "$WORK/kcat"
}

wait_for_kcat_leaders "$bootstrap" ticks 6 "$WORK/kcat"
wait_for_leadership none_marked_kcat_leaders 10
for b in 1 2 3; do tui_command "$events" "broker-down $b" "broker $b is down"; done
timeout 10 kcat -L -b "$bootstrap" -m 3 >"$WORK/kcat-down" 2>&1 &&
	fail "kcat -L got an answer from the cluster with every broker down: $(head -5 "$WORK/kcat-down")"
wait_for_leadership all_marked 15

for b in 1 2 3; do tui_command "$events" "broker-up $b" "broker $b is up again"; done
wait_for_kcat_leaders "$bootstrap" ticks 6 "$WORK/kcat"
wait_for_leadership none_marked_kcat_leaders 20
echo "tui partitions-outage: ok"
