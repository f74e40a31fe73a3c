#!/bin/bash
# Every broker of the embedded cluster down: no broker answers who leads what, so the
# partitions panel's Ldr, ISR and Ep are the last metadata read, which the rows must say (a ~,
# as on their offsets) rather than show as current; kcat -L, apart from kticker, gets no
# answer from the cluster meanwhile. What the screen knows not to be there is no reading: a
# leader taken down is '-' (offline), and the embedded cluster names no epoch ('-'); the ISR
# is the figure left to mark. With the brokers back, no Ldr, ISR or Ep is marked and the Ldr
# column is kcat -L's leaders. (tests/tui/real-partitions-outage.sh: a real broker, all three.)
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200 -X session.timeout.ms=45000

# every row marked, and no figure in Ldr, ISR or Ep without its ~
all_marked() {
	[[ -z "$(leadership_unmarked)" ]] && (($(leadership_marked | wc -l) == $(wc -l <"$WORK/leadership")))
}
# no row marked, and the Ldr column is kcat -L's leaders ($WORK/kcat)
current_as_kcat() { [[ -z "$(leadership_marked)" ]] && cut -d' ' -f1,2 "$WORK/leadership" | cmp -s - "$WORK/kcat"; }

wait_for_kcat_leaders "$bootstrap" ticks 6 "$WORK/kcat"
tui_wait_for_leadership current_as_kcat 10

for b in 1 2 3; do tui_command "$events" "broker-down $b" "broker $b is down"; done
timeout 10 kcat -L -b "$bootstrap" -m 3 >"$WORK/kcat-down" 2>&1 &&
	fail "kcat -L got an answer from the cluster with every broker down: $(head -5 "$WORK/kcat-down")"
tui_wait_for_leadership all_marked 15
note "rows (P Ldr ISR Ep) with every broker down: $(tr '\n' ';' <"$WORK/leadership")"

for b in 1 2 3; do tui_command "$events" "broker-up $b" "broker $b is up again"; done
wait_for_kcat_leaders "$bootstrap" ticks 6 "$WORK/kcat"
tui_wait_for_leadership current_as_kcat 20
echo "tui partitions-outage: ok"
