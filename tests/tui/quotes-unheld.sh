#!/bin/bash
# A second member joins the group on the embedded cluster and takes some partitions: the
# quote of a symbol whose partition this member does not hold now is no longer kept current
# by it, and says so (a ~ before its Last price, and the title counts them); the quotes of
# partitions it holds are not marked. Which partition each symbol's key goes to is read from
# the topic with kcat, not from the screen.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200
"$KTICKER" --headless --role consumer --broker "$bootstrap" --duration 90 --data "$DATA_DIR" \
	>"$WORK/second.out" 2>"$WORK/second.err" &
second_pid=$!
on_exit "kill $second_pid 2>/dev/null"
wait_for_line "$WORK/second.err" 'rebalance: assigned partitions \[[0-9]' 40
note "the second member took partitions $(sed -nE 's/.*rebalance: assigned partitions \[([0-9,]+)\].*/\1/p' "$WORK/second.err" | tail -n1)"
# symbol -> partition, as the topic holds them: one partition per key
kcat -C -b "$bootstrap" -t ticks -e -q -f '%k %p\n' 2>/dev/null | sort -u >"$WORK/keys"
[[ -s "$WORK/keys" ]] || fail "kcat read no keys from the topic"
dup=$(awk '{ print $1 }' "$WORK/keys" | uniq -d | head -n1)
[[ -z "$dup" ]] || fail "key $dup is in two partitions: $(grep "^$dup " "$WORK/keys")"
# check_screen FILE: prints what is wrong with the quote rows of a whole screen
check_screen() {
	awk -v keys="$WORK/keys" '
		BEGIN { while ((getline line < keys) > 0) { split(line, k, " "); part[k[1]] = k[2] } }
		/^ +P +Owner +Ldr / { in_parts = 1; next }
		/^ Symbol +Last / { in_quotes = 1; next }
		in_parts && /^[* ] +[0-9]+ / { held[$(substr($0, 1, 1) == "*" ? 2 : 1)] = substr($0, 1, 1) == "*"; next }
		in_parts { in_parts = 0 }
		in_quotes && $2 ~ /^~?[0-9]+\.[0-9]+$/ && $3 ~ /^[+-]/ { sym[++n] = $1; last[n] = $2; next }
		in_quotes { in_quotes = 0 }
		END {
			for (i = 1; i <= n; i++) {
				s = sym[i]; marked = substr(last[i], 1, 1) == "~"
				if (!(s in part)) { print "symbol " s " has no key in the topic"; continue }
				p = part[s]
				if (!(p in held)) continue
				if (held[p] && marked) print s " (p" p ", held) is marked as not current: " last[i]
				if (!held[p] && !marked) print s " (p" p ", not held) is not marked: " last[i]
				if (held[p]) h++; else u++
			}
			print "# rows " n " held " h + 0 " unheld " u + 0
		}' "$1"
}
both=0
deadline=$((SECONDS + 30))
while ((SECONDS < deadline)) && ((both < 5)); do
	tui_frozen_screen "$WORK/screen"
	check_screen "$WORK/screen" >"$WORK/bad"
	grep -v '^#' "$WORK/bad" | grep -q . && fail "$(grep -v '^#' "$WORK/bad")
$(cat "$WORK/screen")"
	grep -qE '^# rows [0-9]+ held [1-9][0-9]* unheld [1-9]' "$WORK/bad" && ((both += 1))
	sleep 0.3
done
((both >= 5)) || fail "no screen showed quotes of both held and unheld partitions: $(cat "$WORK/bad")
$(cat "$WORK/screen")"
note "$(grep "^ Quotes" "$WORK/screen")"
grep -qE '^ Quotes .*[0-9]+ not current' "$WORK/screen" ||
	fail "the quote table's title does not say some quotes are not current: $(grep '^ Quotes' "$WORK/screen")"
echo "tui quotes-unheld: ok"
