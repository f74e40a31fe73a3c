#!/bin/bash
# On a real three-broker cluster (replication factor 3, min.insync.replicas=2, kticker's
# defaults: acks=all, idempotence), a broker that leads some partitions hangs (SIGSTOP) for
# 20 s while kticker produces. Nothing written to the partitions it led is acknowledged in
# that time (the request in flight to it waits for request.timeout.ms, 30 s, whoever leads
# them meanwhile), yet the consumer is caught up with what was written. From 10 s into the
# hang on, the health line never says OK, and once the controller has fenced the broker (the
# other partitions are acknowledged again) it names exactly the partitions the broker led as
# unacknowledged (kcat -L before the hang, apart from kticker). After SIGCONT, OK again. It
# used to say OK from 11 s on (ERR before, while the offsets of those partitions went unread).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

own_cluster_named acks-overdue
cluster_topic "$state" "$topic"

tui_start 220x40 --broker "$brokers" --topic "$topic" --group "$group" --delay 100 \
	--ticks-per-day 20 --data "$DATA_DIR" --from 2017-05-01
tui_wait 'Partitions +6 assigned of 6' 60
tui_wait '^ OK ' 30

# the victim: a broker that leads partitions, not the group's coordinator (whose silence
# would say NOT OK for another reason)
wait_for_kcat_leaders "$brokers" "$topic" 6 "$WORK/leaders"
coordinator=$(group_coordinator "$state" "$group")
victim=$(awk -v c="$coordinator" '$2 != c { print $2; exit }' "$WORK/leaders")
[[ "$victim" =~ ^[1-3]$ ]] || fail "no leader apart from the coordinator $coordinator: $(tr '\n' ' ' <"$WORK/leaders")"
led=$(awk -v v="$victim" '$2 == v { print $1 }' "$WORK/leaders" | paste -sd' ')
victim_pid=$(cat "$state/node$victim/broker.pid")
on_exit "kill -CONT $victim_pid 2>/dev/null" # before the cluster's stop (steps run last first)

# health: the health line, as "SECONDS-SINCE-THE-HANG LINE"
health_line() {
	echo "$((SECONDS - hung)) $(tui_screen | grep -E '^ (OK|WARN|REWIND|STALL|STOP|ERR|REBALANCING|NO )' || echo '(none)')"
}
# named LINE: the partitions a health line names as unacknowledged, sorted, in one line
named() { sed -nE 's/.* WARN: acks overdue: .*\(partitions? ([0-9, ]+) .*/\1/p' <<<"$1" | tr -s ', ' '\n' | sort -n | paste -sd' '; }

kill -STOP "$victim_pid"
hung=$SECONDS
note "broker $victim (pid $victim_pid) hung; it led partitions $led; the coordinator is $coordinator"
# 20 s of the hang, a sample every 0.3 s: the in-flight request to the hung broker waits
# request.timeout.ms (30 s) whoever leads its partitions meanwhile
while ((SECONDS - hung < 20)); do
	health_line >>"$WORK/health"
	sleep 0.3
done
note "$(tui_screen | grep '^ Producer ')"
kill -CONT "$victim_pid"
resumed=$SECONDS
# each change of verdict or rule, with its line up to the lag
note "the health line during the hang (+seconds since it began):
$(awk '{ key = $0; sub(/ \|.*/, "", key); sub(/^[0-9]+ +/, "", key); gsub(/[0-9.]+/, "#", key)
	if ($2 == "OK") key = "OK" } key != last { last = key; sub(/ \|.*/, ""); print "+" $0 }' "$WORK/health")"
# from 10 s on, never OK; and once the controller fenced the broker (the other partitions
# are acknowledged again), the partitions named are exactly those the broker led
awk '$1 >= 10 && $2 == "OK" { bad = 1 } END { exit bad }' "$WORK/health" ||
	fail "the health line said OK 10 s or more into the hang: $(awk '$1 >= 10 && $2 == "OK"' "$WORK/health" | head -1)"
exact=""
while read -r line; do [[ "$(named "$line")" == "$led" ]] && exact=$line && break; done <"$WORK/health"
[[ -n "$exact" ]] || fail "no health line during the hang named exactly partitions $led as unacknowledged"
note "at +$exact"

tui_wait '^ OK ' 40
note "OK again $((SECONDS - resumed)) s after SIGCONT: $(tui_screen | grep '^ OK')"
note "$(tui_screen | grep '^ Producer ')"
tui_keys q
tui_wait '^EXIT=[0-9]' 60
echo "tui real-acks-overdue: ok"
