#!/bin/bash
# l toggles the log view: the quote table gives way to one offset strip per partition and a
# line telling which partition each symbol (key) goes to; every symbol goes to exactly one.
. "$TESTS_DIR/lib.sh"
tui_start 120x45 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8
tui_wait 'Partitions +6 assigned of 6' 20
tui_wait 'Consumer [1-9][0-9]* read' 20
tui_wait '^ Quotes +[0-9]+ of [0-9]+ symbols' 5
sleep 2 # a tick of every symbol has arrived
tui_screen >"$WORK/quotes.txt"
# the symbols in the quote table: rows between its column header and the partitions panel
awk '/^ Symbol +Last/ { on = 1; next } /^ Partitions / { on = 0 } on && NF > 0 { print $1 }' \
	"$WORK/quotes.txt" | sort >"$WORK/symbols"
shown=$(sed -nE 's/^ Quotes +([0-9]+) of [0-9]+ symbols.*/\1/p' "$WORK/quotes.txt")
(($(wc -l <"$WORK/symbols") == shown && shown > 0)) ||
	fail "the quote table says $shown symbols but lists $(wc -l <"$WORK/symbols"): $(cat "$WORK/quotes.txt")"

tui_keys l
tui_wait '^ Log view' 5
tui_wait '^ P[0-9]+: ' 5
sleep 1
tui_screen >"$WORK/logview.txt"
grep -q '^ Quotes ' "$WORK/logview.txt" && fail "the quote table is still shown in the log view"
# one strip per partition: "  N [...]  HW"
strips=$(grep -cE '^ +[0-9]+ \[[^]]*\] +[0-9]+$' "$WORK/logview.txt" || true)
((strips == 6)) || fail "expected 6 partition strips with [ ] markers, saw $strips:
$(cat "$WORK/logview.txt")"
grep -oE '^ +[0-9]+ \[' "$WORK/logview.txt" | tr -dc '0-9\n' | sort -n | tr '\n' ' ' |
	grep -qx '0 1 2 3 4 5 ' || fail "the strips are not partitions 0..5: $(grep -E '^ +[0-9]+ \[' "$WORK/logview.txt")"
# the key placement: P<n>: SYM SYM ...  P<m>: ...
grep -E '^ P[0-9]+: ' "$WORK/logview.txt" | tr ' ' '\n' |
	awk '/^P[0-9]+:$/ { p = $0; next } NF && p { print $0, p }' >"$WORK/placed"
[[ -s "$WORK/placed" ]] || fail "no key placement line: $(cat "$WORK/logview.txt")"
while read -r sym; do
	n=$(awk -v s="$sym" '$1 == s' "$WORK/placed" | wc -l)
	((n == 1)) || fail "$sym is placed $n times in the P-lines: $(grep -E '^ P[0-9]+: ' "$WORK/logview.txt")"
done <"$WORK/symbols"
cut -d' ' -f1 "$WORK/placed" | sort | cmp -s - "$WORK/symbols" ||
	fail "the P-lines list other keys than the quote table: $(cut -d' ' -f1 "$WORK/placed" | sort | tr '\n' ' ') vs $(tr '\n' ' ' <"$WORK/symbols")"
note "$(grep -E '^ P[0-9]+: ' "$WORK/logview.txt" | sed 's/^ *//')"

tui_keys l
tui_wait '^ Quotes +[0-9]+ of [0-9]+ symbols' 5
tui_screen | grep -q '^ Log view' && fail "the log view is still shown after l again"
echo "tui lab-logview: ok"
