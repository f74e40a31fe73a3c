#!/bin/bash
# The real broker killed (SIGKILL) under a running screen: kcat -L, apart from kticker, gets no
# answer, and no broker says who leads what, so the partitions panel's Ldr, ISR and Ep are the
# last metadata read: every row must mark all three with a ~, as its offsets, rather than show
# them as current. The broker restarted, kcat -L answers, no row is marked, and the Ldr column
# is kcat -L's leaders. A broker of its own, since it is killed.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
state="$WORK/broker"
own_broker "$state"
topic=$(unique_name leadership)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$topic" --partitions 3 --data "$DATA_DIR" \
	--from 2017-05-01 --delay 200 --ticks-per-day 4 --log "$events"
tui_wait '^ OK ' 60
tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20

# every row marked in all three columns
all_marked() { [[ -z "$(awk '$2 !~ /^~/ || $3 !~ /^~/ || $4 !~ /^~/' "$WORK/leadership")" ]]; }
# no row marked, every Ep known, and the Ldr column is kcat -L's leaders ($WORK/kcat)
current_as_kcat() {
	[[ -z "$(leadership_marked)" && -z "$(awk '$4 !~ /^[0-9]+$/' "$WORK/leadership")" ]] &&
		cut -d' ' -f1,2 "$WORK/leadership" | cmp -s - "$WORK/kcat"
}

wait_for_kcat_leaders "$BROKER" "$topic" 3 "$WORK/kcat"
tui_wait_for_leadership current_as_kcat 10

bash "$TESTS_DIR/kafka/broker.sh" kill "$state"
timeout 10 kcat -L -b "$BROKER" -m 3 >"$WORK/kcat-down" 2>&1 &&
	fail "kcat -L got an answer with the broker killed: $(head -5 "$WORK/kcat-down")"
tui_wait_for_leadership all_marked 15
note "rows (P Ldr ISR Ep) with the broker down: $(tr '\n' ';' <"$WORK/leadership")"

bash "$TESTS_DIR/kafka/broker.sh" restart "$state" >/dev/null
wait_for_kcat_leaders "$BROKER" "$topic" 3 "$WORK/kcat"
tui_wait_for_leadership current_as_kcat 30
echo "tui real-partitions-outage: ok"
