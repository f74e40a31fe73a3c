#!/bin/bash
# On a real three-broker cluster with two members in the group, a broker that is not the
# group's coordinator is killed, then restarted: the partitions panel keeps naming the other
# member for the partitions it holds, as kafka-consumer-groups does, never "other" (owners
# unknown), before, during and after the outage, and so does the group overlay (g) during
# it. The group used to be described through
# librdkafka's group listing, which asks every broker and fails whole when one does not answer.
. "$TESTS_DIR/lib.sh"

own_cluster_named real-owners
cluster_topic "$state" "$topic"

tui_start 140x40 --broker "$brokers" --topic "$topic" --group "$group" --delay 50 \
	--ticks-per-day 4 --data "$DATA_DIR"
tui_wait 'Partitions +6 assigned of 6' 60
"$KTICKER" --headless --broker "$brokers" --topic "$topic" --group "$group" --role consumer \
	--duration 300 --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
second=$!
on_exit "kill $second 2>/dev/null"
tui_wait 'Partitions +3 assigned of 6' 60

# members: "partition m-XXXX" for each partition, as kafka-consumer-groups names its owner
# (the screen's name is the member id's last four characters)
members() {
	bash "$TESTS_DIR/kafka/broker.sh" tool "$state" consumer-groups --bootstrap-server "$brokers" \
		--describe --group "$group" --members --verbose 2>/dev/null |
		awk -v g="$group" -v t="$topic:" '$1 == g && index($7, t) == 1 {
			k = split(substr($7, length(t) + 1), ps, ",")
			for (i = 1; i <= k; i++) print ps[i], "m-" substr($2, length($2) - 3) }' | sort
}
# others: "partition owner" of each row the screen gives to another member, by name or "other"
others() { tui_partition_rows | sed 's/^\*/ /' | awk '$2 != "me" { print $1, $2 }' | sort; }
# named_alike: every row of the screen's others is one of kafka-consumer-groups' members
named_alike() { [[ -s "$WORK/others" && -z "$(comm -23 "$WORK/others" "$WORK/members")" ]]; }

deadline=$((SECONDS + 20))
until members >"$WORK/members" && others >"$WORK/others" && named_alike; do
	((SECONDS < deadline)) || fail "the other member's rows are not named as kafka-consumer-groups names them:
screen: $(tr '\n' ' ' <"$WORK/others")
kafka-consumer-groups: $(tr '\n' ' ' <"$WORK/members")"
	sleep 0.5
done
note "the other member holds: $(tr '\n' ' ' <"$WORK/others")"

coordinator=$(group_coordinator "$state" "$group")
[[ "$coordinator" =~ ^[1-3]$ ]] || fail "kafka-consumer-groups names no coordinator of $group"
victim=$((coordinator % 3 + 1))
bash "$TESTS_DIR/kafka/broker.sh" kill "$state" "$victim"
note "killed broker $victim; the coordinator is $coordinator"

# over 12 s of the outage (the group is described every other second) the rows keep the
# member's name, the one kafka-consumer-groups gives
cp "$WORK/others" "$WORK/before"
end=$((SECONDS + 12))
while ((SECONDS < end)); do
	others >"$WORK/others"
	cmp -s "$WORK/others" "$WORK/before" || fail "broker $victim down: the other member's rows are
$(tr '\n' ' ' <"$WORK/others"), were $(tr '\n' ' ' <"$WORK/before")"
	sleep 0.5
done
# the group overlay (g) describes the group as the panel does, with the other member's full id
bash "$TESTS_DIR/kafka/broker.sh" tool "$state" consumer-groups --bootstrap-server "$brokers" \
	--describe --group "$group" --members 2>/dev/null | awk -v g="$group" '$1 == g { print $2 }' >"$WORK/ids"
tui_keys g
tui_wait 'state Stable, [a-z]+ assignor, 2 members' 10
grep -qFf "$WORK/ids" <(tui_screen | grep -v 'this kticker') ||
	fail "broker $victim down: the group overlay names none of kafka-consumer-groups' members $(tr '\n' ' ' <"$WORK/ids"):
$(tui_screen)"
tui_keys Escape
members >"$WORK/members"
named_alike || fail "during the outage kafka-consumer-groups names $(tr '\n' ' ' <"$WORK/members"), the screen $(tr '\n' ' ' <"$WORK/others")"
# and once the broker is back, still as kafka-consumer-groups names them
bash "$TESTS_DIR/kafka/broker.sh" restart "$state" "$victim" >/dev/null
deadline=$((SECONDS + 30))
until members >"$WORK/members" && others >"$WORK/others" && named_alike; do
	((SECONDS < deadline)) || fail "broker $victim back: kafka-consumer-groups names $(tr '\n' ' ' <"$WORK/members"), the screen $(tr '\n' ' ' <"$WORK/others")"
	sleep 0.5
done
tui_keys q
tui_wait '^EXIT=' 30
echo "tui real-cluster-owners: ok"
