#!/bin/bash
# A real three-broker cluster whose topic lives on one broker alone (replication factor 1),
# that broker killed while kticker produces and consumes, and restarted once kcat -L names no
# leader: the producer's backlog for the offline partitions, by then waiting longer than the
# acks' overdue threshold (5 s), drains when the leader is back. Every verdict the health
# line gave after the kill is held against the cluster: no OK while kcat -L named no leader,
# none while a tick sent more than 5 s before was not yet in the log (the topic keeps the
# broker's append time, message.timestamp.type=LogAppendTime, and each tick its send time,
# produce_ms: the log itself says how long each waited, and an acknowledgement follows the
# append), then OK, every tick produced in the log and no symbol's seq with a gap. On fa786b5
# the verdicts go ERR (no current reading, no leader), then either ERR until the backlog is
# in the log or, while it drains, "WARN: acks overdue: 2970 ticks waiting 18 s (partitions
# 0, 1, 2 ...)" (the log: 2970 not yet appended, the oldest sent 18.6 s before), then OK
# (the log: 5 waiting, the oldest 18 ms). A build that skips judge_acks said OK 1 s after the
# ERR with 2571 ticks sent up to 32.6 s before not yet in the log.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

own_cluster_named leader-back
victim=2
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" topics --bootstrap-server "$brokers" --create \
	--topic "$topic" --replica-assignment "$victim,$victim,$victim" \
	--config message.timestamp.type=LogAppendTime >"$WORK/create.out" 2>&1 ||
	fail "could not create $topic: $(cat "$WORK/create.out")"

events="$WORK/events.log"
tui_start 160x50 --broker "$brokers" --topic "$topic" --group "$group" --delay 200 \
	--ticks-per-day 4 --data "$DATA_DIR" --from 2017-05-01 --log "$events"
tui_wait '^ OK ' 60

# the_leaders: kcat -L's leader of each partition, "0:2 1:2 2:2" (-1: none)
the_leaders() {
	kcat -L -b "$brokers" -t "$topic" -m 3 2>/dev/null |
		sed -nE 's/.*partition ([0-9]+), leader (-?[0-9]+),.*/\1:\2/p' | sort | tr '\n' ' '
}
# every 0.3 s, the time a kcat -L began (ms) and what it answered
(while :; do echo "$(date +%s%3N) $(the_leaders)"; sleep 0.3; done) >"$WORK/leaders" &
on_exit "kill $! 2>/dev/null"
# wait_leaders WHAT WHEN: waits up to 60 s for kcat -L to name WHAT
wait_leaders() {
	local deadline=$((SECONDS + 60))
	until [[ "$(the_leaders)" == "$1" ]]; do
		((SECONDS < deadline)) || fail "$2, kcat -L does not name leaders '$1': '$(the_leaders)'"
		sleep 0.3
	done
}

killed=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
wait_leaders "0:-1 1:-1 2:-1 " "broker $victim killed"
note "kcat -L: no leader $(($(date +%s%3N) - killed)) ms after the kill"
restarted=$(date +%s%3N)
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" "$victim" >/dev/null
wait_leaders "0:$victim 1:$victim 2:$victim " "broker $victim restarted"
note "kcat -L: leader $victim back $(($(date +%s%3N) - restarted)) ms after the restart began"
ok=$(wait_for_event "$events" 'health: OK' "$restarted" 60)
tui_wait '^ OK ' 10
tui_keys q
tui_wait '^EXIT=' 60
produced=$(tui_screen | sed -nE 's/.*result: produced=([0-9]+) .*/\1/p')
[[ -n "$produced" ]] || fail "no result line: $(tui_screen | tail -5)"

# the log: "append_ms produce_ms symbol seq" a tick
kcat -C -b "$brokers" -t "$topic" -e -q -f '%T %s\n' |
	sed -nE 's/^([0-9]+) .*"symbol":"([^"]+)".*"seq":([0-9]+).*"produce_ms":([0-9]+).*/\1 \4 \2 \3/p' \
		>"$WORK/log"
held=$(wc -l <"$WORK/log")
((held == produced)) || fail "the log holds $held ticks, kticker produced $produced"
gaps=$(awk '{ n[$3]++; if ($4 + 1 > top[$3]) top[$3] = $4 + 1 }
	END { for (s in n) if (n[s] != top[s]) print s ": " n[s] " ticks, seq up to " top[s] - 1 }' "$WORK/log")
[[ -z "$gaps" ]] || fail "ticks missing from the log: $gaps"

# the verdicts after the kill, each with what the log says was waiting then (sent, not yet
# appended) and how long the oldest had waited
awk -v after="$killed" '$1 >= after && / health: / { sub(/ [a-z]+ health: /, " "); print }' "$events" \
	>"$WORK/verdicts"
awk 'NR == FNR { t[NR] = $1; n = NR; next }
	{ for (i = 1; i <= n; i++) if ($2 < t[i] && $1 > t[i]) { w[i]++; if (t[i] - $2 > old[i]) old[i] = t[i] - $2 } }
	END { for (i = 1; i <= n; i++) print t[i], w[i] + 0, old[i] + 0 }' "$WORK/verdicts" "$WORK/log" \
	>"$WORK/waiting"
paste -d' ' "$WORK/waiting" "$WORK/verdicts" | while read -r t waiting oldest _ verdict; do
	note "$(((t - killed) / 1000)).$(((t - killed) % 1000 / 100)) s after the kill: $verdict (the log: $waiting waiting, the oldest $oldest ms)"
done
# an OK is false while a tick sent over 5 s before was not yet appended (half a second more
# for kticker's buckets of 100 ms and the time from its judgment to the event log's line)
late=$(paste -d' ' "$WORK/waiting" "$WORK/verdicts" | awk '$5 == "OK" && $3 > 5500')
[[ -z "$late" ]] || fail "OK while ticks sent over 5 s before were not in the log: $late"
# an OK is false while kcat -L, asked after it and before the next verdict, named no leader
leaderless=$(awk 'NR == FNR { t[NR] = $1; v[NR] = $2; n = NR; next }
	{ for (i = 1; i <= n; i++) if (v[i] == "OK" && $1 >= t[i] && (i == n || $1 < t[i + 1]) && /:-1/) print }' \
	"$WORK/verdicts" "$WORK/leaders")
[[ -z "$leaderless" ]] || fail "OK while kcat -L named no leader: $(head -3 <<<"$leaderless")"
note "OK $((ok - restarted)) ms after the restart began; the log holds the $produced ticks produced"
echo "tui real-cluster-leader-back: ok"
