#!/bin/bash
# Every broker of the embedded cluster down: no leader answers for any partition, so nothing
# says whether the topic holds ticks newer than the quotes this member last read. Every quote
# says so (a ~ before its Last price) and the title counts them with the reason ("leader not
# answering"); kcat -L, apart from kticker, gets no answer from the cluster meanwhile. With
# the brokers back, no quote is marked and the title no longer counts any. The session
# timeout is a real cluster's default (45 s), not the embedded one's 6 s, so that the member
# still holds its partitions through the outage (then they would be "not held").
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start_embedded "$events" 120x40 --delay 200 -X session.timeout.ms=45000

# quote_marks FILE: "ROWS MARKED" of the quote rows of a whole screen
quote_marks() {
	awk '/^ Symbol +Last / { in_quotes = 1; next }
	     in_quotes && $2 ~ /^~?[0-9]+\.[0-9]+$/ { rows++; marked += substr($2, 1, 1) == "~"; next }
	     in_quotes { in_quotes = 0 }
	     END { print rows + 0, marked + 0 }' "$1"
}
# wait_for_marks WANT SECONDS: waits for a whole screen whose quote rows are all marked (all)
# or none (none), and leaves it in $WORK/screen
wait_for_marks() {
	local deadline=$((SECONDS + $2)) rows marked
	while :; do
		tui_frozen_screen "$WORK/screen"
		read -r rows marked < <(quote_marks "$WORK/screen")
		((rows > 0)) || fail "no quote rows on the screen: $(cat "$WORK/screen")"
		[[ $1 == all ]] && ((marked == rows)) && return
		[[ $1 == none ]] && ((marked == 0)) && return
		((SECONDS < deadline)) || fail "$marked of $rows quotes marked, expected $1:
$(cat "$WORK/screen")"
		sleep 0.3
	done
}

wait_for_marks none 5
grep -q 'not current' "$WORK/screen" && fail "the title counts quotes not current with every broker up: $(grep '^ Quotes' "$WORK/screen")"

for b in 1 2 3; do tui_command "$events" "broker-down $b" "broker $b is down"; done
timeout 10 kcat -L -b "$bootstrap" -m 3 >"$WORK/kcat-down" 2>&1 &&
	fail "kcat -L got an answer from the cluster with every broker down: $(head -5 "$WORK/kcat-down")"
wait_for_marks all 15
read -r rows _ < <(quote_marks "$WORK/screen")
grep -qE "^ Quotes .*~ $rows not current \(leader not answering\)" "$WORK/screen" ||
	fail "the title does not count the $rows quotes with their reason: $(grep '^ Quotes' "$WORK/screen")"

for b in 1 2 3; do tui_command "$events" "broker-up $b" "broker $b is up again"; done
timeout 10 kcat -L -b "$bootstrap" -t ticks -m 5 >/dev/null 2>&1 || fail "kcat -L got no answer with the brokers back"
wait_for_marks none 20
grep -q 'not current' "$WORK/screen" && fail "the title still counts quotes not current: $(grep '^ Quotes' "$WORK/screen")"
echo "tui quotes-outage: ok"
