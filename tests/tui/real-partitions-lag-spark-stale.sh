#!/bin/bash
# A real broker of the test's own hangs (SIGSTOP): no committed offset or high watermark can be
# read while it does, so no partition's lag of those seconds is known. The rows' Lag column
# says so with a ~ (a stale reading); the lag sparkline beside each row must too: a second
# whose reading was stale is a ~ cell, not another cell of the last lag known. It used to go
# on adding the last known lag each second, unmarked (18 such cells in an attack). Once the
# broker goes on, new cells are lags again and the hang's stay ~ in the row's history.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

own_broker "$WORK/broker" # hung here: a shared one would hang every other test's run
broker_pid=$(cat "$WORK/broker/broker.pid")
on_exit "kill -CONT $broker_pid 2>/dev/null" # before its stop (steps run last first)

topic=$(unique_name lag-spark-stale)
tui_start 132x40 --broker "$BROKER" --topic "$topic" --group "$(unique_name group)" \
	--partitions 3 --delay 200 --data "$DATA_DIR" --from 2017-05-01
tui_wait 'Partitions +3 assigned of 3' 60
tui_wait 'Lag 0-[0-9]+, last ([5-9]|[1-9][0-9])s' 30

# cells FILE: "P CELLS" of each partition row, its sparkline's cells (partition_sparks)
cells() { partition_sparks "$1" | awk '{ print $1, $3 }'; }

tui_frozen_screen "$WORK/before"
cells "$WORK/before" >"$WORK/cells.before"
grep -q '~' "$WORK/cells.before" && fail "a stale cell before the hang: $(paste -sd';' "$WORK/cells.before")"
kill -STOP "$broker_pid"
note "broker $broker_pid hung"
# the rows' readings turn stale (the Lag column's ~), then 5 more seconds of samples
rows_stale() { tui_partition_rows | awk '{ o = substr($0, 1, 1) == "*" ? 2 : 1; if ($(o + 7) !~ /^~/) bad = 1 } END { exit bad }'; }
deadline=$((SECONDS + 30))
until rows_stale; do
	((SECONDS < deadline)) || fail "30 s into the hang, a row's Lag has no ~: $(tui_partition_rows | paste -sd';')"
	sleep 0.2
done
note "every row's Lag has its ~"
sleep 5
tui_frozen_screen "$WORK/hung"
cells "$WORK/hung" >"$WORK/cells.hung"
# 5 s after every row went stale: the last 4 cells of each row are ~ (a sample a second)
awk '$2 !~ /~~~~$/ { print; bad = 1 } END { exit bad }' "$WORK/cells.hung" >"$WORK/bad.hung" ||
	fail "5 s after the rows' Lag turned stale, rows whose sparkline goes on with lags (P, cells: 0-7 levels, ~ stale): $(paste -sd';' "$WORK/bad.hung")"
kill -CONT "$broker_pid"
note "broker $broker_pid goes on"
# fresh again: the Lag without ~, then 3 more samples: lags again after the hang's ~ cells
deadline=$((SECONDS + 60))
while tui_partition_rows | awk '{ o = substr($0, 1, 1) == "*" ? 2 : 1; if ($(o + 7) ~ /^~/) stale = 1 } END { exit !stale }'; do
	((SECONDS < deadline)) || fail "60 s after the hang, a row's Lag still has its ~: $(tui_partition_rows | paste -sd';')"
	sleep 0.2
done
sleep 3
tui_frozen_screen "$WORK/after"
cells "$WORK/after" >"$WORK/cells.after"
awk '$2 !~ /~+[0-7][0-7]+$/ { print; bad = 1 } END { exit bad }' "$WORK/cells.after" >"$WORK/bad.after" ||
	fail "3 s after the readings were fresh again, rows without the hang's ~ then lags: $(paste -sd';' "$WORK/bad.after")"
note "cells before: $(paste -sd';' "$WORK/cells.before"); hung: $(paste -sd';' "$WORK/cells.hung"); after: $(paste -sd';' "$WORK/cells.after")"
tui_keys q
tui_wait '^EXIT=0' 60
echo "tui real-partitions-lag-spark-stale: ok"
