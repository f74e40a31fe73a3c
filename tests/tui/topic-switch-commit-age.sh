#!/bin/bash
# After a topic switch the health line's "commit ... ago" is this member's last commit on the
# topic on screen, not the commit it made on leaving the other one: while every row of the new
# topic shows Committed "-" (the group has committed nothing there, as the cluster tells the
# offset watcher), the line says "no commit yet" (it said "commit - ago", the age of no
# commit); once this member commits there, an age again. The producer is paused across the
# switch, so the new topic stays empty and this member has nothing to commit there until the
# producer resumes.
. "$TESTS_DIR/lib.sh"
tui_start 120x40 --delay 50 --data "$DATA_DIR"
tui_wait ' commit [0-9.]+[mu]?s ago' 30

tui_keys ' '
tui_wait ' PAUSED ' 5
tui_keys t
tui_wait '^Topic: ' 5
tui_keys -l other
tui_keys Enter
tui_wait 'topic other \(' 15
# the line is short enough for "no commit yet" once the group has assigned the new topic:
# 5 s on the embedded cluster (the man page's t key), more on a loaded machine
tui_wait '^ [A-Z]+.* no commit yet' 30
for i in $(seq 10); do
	line=$(tui_screen | grep -E '^ (OK|WARN|STOP|ERR|NO CONSUMER|REBALANCING)') || true
	grep -qE ' commit [^ ]+ ago' <<<"$line" &&
		fail "the health line gives a commit age before this member committed on topic other: $line"
	sleep 0.2
done
note "before the first commit on topic other: $line"
tui_keys ' '

# commit_claim SCREEN: the commit age the health line gives where no row of the topic shows a
# committed offset; nothing when a row shows one or the line gives no age
commit_claim() {
	awk '
		/^[* ] +[0-9]+ [^ ]+ / { o = substr($0, 1, 1) == "*" ? 2 : 1; rows++; if ($(o + 5) != "-") committed++ }
		match($0, / commit [^ ]+ ago/) { age = substr($0, RSTART + 8, RLENGTH - 12) }
		END { if (rows && !committed && age != "" && age != "-") print age }' "$1"
}
screen="$WORK/screen.txt"
deadline=$((SECONDS + 30))
until tui_screen >"$screen" && grep -qE ' commit [0-9.]+[mu]?s ago' "$screen" &&
	grep -E '^[* ] +[0-9]+ ' "$screen" | awk '{ o = substr($0, 1, 1) == "*" ? 2 : 1; if ($(o + 5) != "-") f = 1 } END { exit !f }'; do
	claim=$(commit_claim "$screen")
	[[ -z "$claim" ]] || fail "the health line says 'commit $claim ago' while no row of topic other shows a commit:
$(cat "$screen")"
	((SECONDS < deadline)) || fail "no commit on topic other within 30 s:
$(cat "$screen")"
	sleep 0.1
done
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui topic-switch-commit-age: ok"
