#!/bin/bash
# The event log (and --log) records every verdict the health line gives, not only a change of
# status: when one ERR gives way to another (another partition, another rule), the log says
# so. One broker of the embedded cluster answers slowly (6 s), so a partition it leads (as
# kcat -L says) has no current reading (ERR); then a second broker does too, and the first is
# fast again: the health line's ERR names what the second leads (or the group's coordinator,
# if that is the second) with no other status between. Every verdict the health line showed
# must be in the log; a partition it named must be one a slow broker leads.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
# 200 columns: the health line gives whole reasons, as the log does; 12 partitions: each
# broker leads some (the embedded cluster places leaders at random)
tui_start_embedded "$events" 200x45 --delay 200 --partitions 12
wait_for_kcat_leaders "$bootstrap" ticks 12 "$WORK/leaders"
first=$(awk '$1 == 0 { print $2 }' "$WORK/leaders")
second=$(awk -v a="$first" '$2 != a { print $2; exit }' "$WORK/leaders")
[[ -n "$second" ]] || fail "broker $first leads every partition: $(tr '\n' ' ' <"$WORK/leaders")"

# words: verdicts without their figures (a time that grows, a count that moves, a list of
# them), keeping the partition they name ("p3")
words() { sed -E 's/(^|[^p0-9])[0-9][0-9.,]*[a-zµ]*(, [0-9][0-9.,]*[a-zµ]*)*/\1#/g'; }
# the health line's verdicts (up to its " | "; OK has no reason), every 0.3 s, into $WORK/shown
watch_health() {
	while :; do
		tui_screen | sed -nE 's/^ OK .*/OK/p; s/^ ((ERR|WARN|STALL|STOP|REWIND|REBALANCING|NO CONSUMER|NO BROKER)[^|]*[^ |]) *(\|.*)?$/\1/p' | head -n1
		sleep 0.3
	done >"$WORK/shown"
}
watch_health &
watcher=$!
on_exit "kill $watcher 2>/dev/null"

tui_command "$events" "latency $first 6000" "broker $first: round-trip latency 6000 ms"
tui_wait '^ ERR ' 10
tui_command "$events" "latency $second 6000" "broker $second: round-trip latency 6000 ms"
sleep 5 # the second broker's readings turn old (3 s) while the first's verdict stands
tui_command "$events" "latency $first 0" "broker $first: round-trip latency back to its own"
sleep 9 # the first broker's answers still on their way (6 s) come back
kill "$watcher"
words <"$WORK/shown" | uniq >"$WORK/shown.words"
note "the health line showed: $(tr '\n' ';' <"$WORK/shown.words")"
awk '/^ERR/ && prev ~ /^ERR/ { found = 1 } { prev = $0 } END { exit !found }' "$WORK/shown.words" ||
	fail "the health line never went from one ERR to another: $(cat "$WORK/shown.words")"
sed -nE 's/^ERR p([0-9]+):.*/\1/p' "$WORK/shown.words" | sort -u | while read -r p; do
	awk -v p="$p" -v a="$first" -v b="$second" '$1 == p && ($2 == a || $2 == b) { found = 1 } END { exit !found }' \
		"$WORK/leaders" || fail "the health line named partition $p, which neither slow broker ($first, $second) leads (kcat -L): $(tr '\n' ' ' <"$WORK/leaders")"
done
sed -nE 's/^[0-9]+ [a-z]+ health: //p' "$events" | words | sort -u >"$WORK/logged.words"
sort -u "$WORK/shown.words" | comm -23 - "$WORK/logged.words" >"$WORK/unlogged"
[[ -s "$WORK/unlogged" ]] && fail "verdicts the health line showed that the event log does not have: $(cat "$WORK/unlogged")
the log's: $(cat "$WORK/logged.words")"
echo "tui health-log-reasons: ok"
