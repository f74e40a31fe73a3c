#!/bin/bash
# Back on a topic it left, the health line's commit age is never that of this member's commit
# on leaving once the cluster no longer holds it: on $deleted, the group's offsets are deleted
# from outside while this member is away (kafka-consumer-groups --delete-offsets; the records
# too, so that nothing is there to read and commit again); on $taken, another member of the
# group (kcat) reads what was added meanwhile and commits past this member's commit. The
# producer is paused, so this member commits nothing there after the switch back, and
# kafka-consumer-groups --describe, before and after the screens, tells what the cluster holds.
# (On 0605ca7 the line gave the age of the commit made on leaving, as if it were still there:
# "OK lag -  ... commit 19.2s ago" on $deleted, where the group had no offset committed, and
# "commit 10.2s ago" on $taken, where kcat had committed 26 since.)
. "$TESTS_DIR/lib.sh"
need_broker
need_tool kcat kcat

deleted=$(unique_name real-gone-a)
taken=$(unique_name real-gone-b)
away=$(unique_name real-gone-c)
group=$(unique_name group)
events="$WORK/events.log"
tui_start 120x40 --broker "$BROKER" --topic "$deleted" --group "$group" --partitions 1 --delay 50 \
	--data "$DATA_DIR" --log "$events"

# committed_of TOPIC: the group's committed offset on TOPIC's partition 0, as
# kafka-consumer-groups tells it ("-" or nothing: none)
committed_of() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
		awk -v t="$1" '$2 == t && $3 == 0 { print $4 }'
}
# wait_committed_at_end TOPIC: the group's offset on TOPIC is committed at kcat's log end
wait_committed_at_end() {
	local deadline=$((SECONDS + 30))
	until [[ "$(committed_of "$1")" == "$(kcat_high_watermark "$BROKER" "$1" 0)" ]]; do
		((SECONDS < deadline)) || fail "the group's offset on $1 is not at its log end within 30 s"
		sleep 0.5
	done
}
# commit_and_pause TOPIC: waits for this member's commit on TOPIC, the one shown, then pauses
# the producer and waits for the group's offset there to be at the log end
commit_and_pause() {
	tui_wait ' commit [0-9.]+[mu]?s ago' 30
	tui_keys Space
	tui_wait ' PAUSED ' 5
	wait_committed_at_end "$1"
}
# health_line FILE: the health line of a screen
health_line() { grep -E '^ (OK|WARN|STOP|ERR|REWIND|STALL|NO CONSUMER|REBALANCING)' "$1" || true; }
# age_ms LINE: the commit age the line gives, in ms; nothing for "no commit yet"
age_ms() {
	{ grep -oE ' commit [0-9.hmsu]+ ago' <<<"$1" || true; } | awk '{ a = $2; ms = 0
		if (a ~ /us$/) ms = a / 1000; else if (a ~ /ms$/) ms = a + 0
		else if (a ~ /h/) { split(a, p, "h"); ms = (p[1] * 60 + p[2]) * 60000 }
		else if (a ~ /m/) { split(a, p, "m"); ms = p[1] * 60000 + p[2] * 1000 }
		else ms = a * 1000
		printf "%d\n", ms }'
}
# check_no_older_commit TOPIC SINCE_MS HOLDS WHAT: back on TOPIC, where the cluster holds HOLDS
# ("-": no offset) since the change outside began at SINCE_MS (wall clock), and holds it still
# after the screens, no health line gives a commit older than that change
check_no_older_commit() {
	local topic=$1 since=$2 holds=$3 what=$4 i line age now
	for i in $(seq 6); do
		tui_frozen_screen "$WORK/$topic.$i"
		now=$(date +%s%3N)
		line=$(health_line "$WORK/$topic.$i")
		age=$(age_ms "$line")
		[[ -z "$age" ]] || ((age < now - since)) || fail "back on $topic, $what (kafka-consumer-groups: committed ${holds}), the health line gives this member's commit of ${age} ms ago, before that, as if the cluster held it:
$line"
		sleep 0.3
	done
	[[ "$(committed_of "$topic")" == "$holds" ]] ||
		fail "the group's offset on $topic changed during the screens: $(committed_of "$topic"), not $holds"
	note "back on $topic: $line"
}

commit_and_pause "$deleted"
tui_switch_topic "$taken" "$events" "$group"
tui_keys Space # the producer writes to $taken, and this member commits there
commit_and_pause "$taken"
tui_switch_topic "$away" "$events" "$group"

# $deleted: its records and the group's offsets deleted from outside
deleted_since=$(date +%s%3N)
printf '{"version":1,"partitions":[{"topic":"%s","partition":0,"offset":-1}]}\n' "$deleted" >"$WORK/records.json"
kafka_tool delete-records --bootstrap-server "$BROKER" --offset-json-file "$WORK/records.json" >"$WORK/delete-records.out" 2>&1 ||
	fail "kafka-delete-records failed: $(cat "$WORK/delete-records.out")"
kafka_tool consumer-groups --bootstrap-server "$BROKER" --delete-offsets --group "$group" --topic "$deleted" \
	>"$WORK/delete-offsets.out" 2>&1 || fail "kafka-consumer-groups --delete-offsets failed: $(cat "$WORK/delete-offsets.out")"
[[ -z "$(committed_of "$deleted")" ]] || fail "the group still has an offset on $deleted: $(committed_of "$deleted")"

# $taken: another member of the group reads 5 messages added meanwhile and commits past them
taken_since=$(date +%s%3N)
for i in 1 2 3 4 5; do echo "added $i"; done | kcat -P -b "$BROKER" -t "$taken" -p 0 2>"$WORK/kcat-p.err" ||
	fail "kcat could not produce to $taken: $(cat "$WORK/kcat-p.err")"
taken_end=$(kcat_high_watermark "$BROKER" "$taken" 0)
timeout 60 kcat -b "$BROKER" -G "$group" -X auto.commit.interval.ms=100 -e -q "$taken" >"$WORK/kcat-g.out" 2>"$WORK/kcat-g.err" ||
	fail "kcat in the group did not read $taken to its end: $(tail -3 "$WORK/kcat-g.err")"
[[ "$(committed_of "$taken")" == "$taken_end" ]] ||
	fail "kcat did not commit $taken's end $taken_end: $(committed_of "$taken")"

tui_switch_topic "$deleted" "$events" "$group"
[[ -z "$(committed_of "$deleted" | grep -E '^[0-9]+$')" ]] || fail "the group has an offset on $deleted again: $(committed_of "$deleted")"
check_no_older_commit "$deleted" "$deleted_since" "-" "where the group's offsets were deleted from outside"
tui_switch_topic "$taken" "$events" "$group"
check_no_older_commit "$taken" "$taken_since" "$taken_end" "where another member committed since"
tui_keys q
tui_wait '^EXIT=0' 30
echo "tui real-topic-switch-back-commit-gone: ok"
