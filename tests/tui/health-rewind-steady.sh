#!/bin/bash
# One rewind of the group (r, Enter: every partition's committed offset back to the start)
# while the feed runs: the health line says REWIND, naming a partition whose committed offset
# went back, for as long as its 10-second window holds that drop, then OK: one run of REWIND
# verdicts, then OK for good. After a rewind each partition's lag touches 0 at a commit and
# leaves it again as ticks arrive, and a partition at lag 0 got no verdict at all: the line
# flicked between REWIND p0, REWIND p1, REWIND p2 and OK, 12 verdicts in 10.7 s (the event
# log, and --log, record each). The test made one rewind, at the moment the event log says.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 160x40 --ticks-per-day 8
sleep 5 # lag and commits under way on every partition
tui_keys r
tui_wait '^:rewind beginning ' 5
tui_keys Enter
wait_for_line "$events" 'rewind to the beginning' 5
rewound_ms=$(grep -m1 'rewind to the beginning' "$events" | cut -d' ' -f1)
# the window's 10 s and 5 more
sleep 15
# the verdicts told since the rewind: "MS-SINCE STATUS [p]"
awk -v t="$rewound_ms" '$1 >= t && / health: / {
	s = $0; sub(/.* health: /, "", s); split(s, w, /[ :]/); print $1 - t, w[1], (w[2] ~ /^p[0-9]+$/ ? w[2] : "") }' \
	"$events" >"$WORK/verdicts"
note "verdicts since the rewind (ms, status, partition): $(paste -sd';' "$WORK/verdicts")"
grep -q ' REWIND' "$WORK/verdicts" || fail "no REWIND within 15 s of the rewind: $(paste -sd';' "$WORK/verdicts")"
# after the first OK that follows a REWIND, no REWIND again (one rewind was made)
awk '$2 == "REWIND" { seen = 1; if (ok) { print; bad = 1 } } $2 == "OK" && seen { ok = 1 } END { exit bad }' \
	"$WORK/verdicts" >"$WORK/again" ||
	fail "REWIND again after OK, with one rewind made: $(paste -sd';' "$WORK/verdicts")"
tail -n1 "$WORK/verdicts" | grep -q ' OK' || fail "not OK 15 s after the rewind: $(paste -sd';' "$WORK/verdicts")"
tui_keys q
tui_expect_clean_exit
echo "tui health-rewind-steady: ok"
