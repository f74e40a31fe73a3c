#!/bin/bash
# Switching topic away and back: each topic numbers its ticks apart and the consumer keeps each
# topic's sequence streams, so the ticks that went to the other topic are no gap, and the
# streams read again after the switch back go on with no gap and no duplicate. kcat reads both
# topics apart from kticker: every tick is there, once, in order. On the embedded cluster the
# switch away is `partitions 3` (a new topic, ticks.p3); on the real broker (SWITCH_ON=real, as
# real-topic-switch-back.sh runs it) it is `topic NAME`, and so it is for a kticker given
# --broker to another's embedded cluster (SWITCH_ON=second), which cannot choose a count there
# (librdkafka's mock answers no CreateTopics or CreatePartitions): it says so when asked.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat

ticks=4000
if [[ "${SWITCH_ON:-embedded}" == real ]]; then
	need_broker
	topic=$(unique_name real-switch)
	other=$(unique_name real-switch-other)
	away="topic $other"
	cluster=(--broker "$BROKER" --topic "$topic" --group "$(unique_name group)" --partitions 3)
elif [[ "${SWITCH_ON:-embedded}" == second ]]; then
	group_cluster embedded ticks host
	topic=ticks
	other=ticks.away
	away="topic $other"
	echo '6 partitions 3' >"$WORK/switch.txt"
else
	topic=ticks
	other=ticks.p3
	away="partitions 3"
	cluster=()
fi
# away at 8 s (a new group's first assignment comes after about 3 s); paused 8 s later, once
# ticks have gone to the other topic: its producer is a new client, made after the topic is
# (a switch takes ~2 s on a real broker with CI running beside it: 891 ticks of ~1300 went
# away in 6 s; a pause 2 s after the switch once came before it was done, and the other topic
# got no tick); paused long enough for the consumer to join the other topic and
# read it all before coming back: on the embedded cluster that join takes 5 s (one of the
# cluster's 5 s rounds, see the man page's t key; before the consumer's metadata refresh was
# moved off 5 s, it once took over 16 s, when the switch back came at 24 s)
printf '8 %s\n16 pause\n34 topic %s\n35 resume\n' "$away" "$topic" >>"$WORK/switch.txt"
headless_start --duration 120 "${cluster[@]}" --count "$ticks" --ticks-per-day 20 \
	--from 2017-05-01 --idempotence --data "$DATA_DIR" --scenario "$WORK/switch.txt"
wait_for_line "$WORK/err" "producer stopped: --count reached after $ticks ticks" 90
wait_for_line "$WORK/out" "consumed $ticks " 60
grep -q "switched to topic $other" "$WORK/err" || fail "no switch away: $(grep scenario "$WORK/err")"
if [[ "${SWITCH_ON:-embedded}" == second ]]; then
	grep -q "another kticker's embedded cluster cannot add partitions" "$WORK/err" ||
		fail "partitions 3 was not refused: $(grep -A1 'partitions 3' "$WORK/err")"
	made=$(sed -nE "s/.*topic $other: made by the mock cluster with its default ([0-9]+) partitions.*/\1/p" "$WORK/err")
	[[ -n "$made" ]] || fail "the new topic's count is not explained: $(grep "$other" "$WORK/err")"
	in_cluster=$(kcat -L -b "$bootstrap" -t "$other" | grep -c '^ *partition ')
	((in_cluster == made)) || fail "kcat finds $in_cluster partitions in $other; kticker said $made"
fi
grep -q "switched to topic $topic:" "$WORK/err" || fail "no switch back: $(grep scenario "$WORK/err")"
# the consumer had read ticks before it left: back, it resumed where it stopped
sed -n "/switched to topic $topic:/,\$p" "$WORK/err" | grep -q "resuming at the group's committed offsets" ||
	fail "the consumer did not resume $topic where it stopped: $(grep -E 'rebalance|resuming|switched' "$WORK/err")"

# apart from kticker: both topics hold every tick, numbered 0, 1, 2... per topic and symbol
counts=()
total=0
for t in "$topic" "$other"; do
	kcat -C -b "$bootstrap" -t "$t" -e -q -f '%k\n' >"$WORK/keys" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $t: $(cat "$WORK/kcat.err")"
	n=$(wc -l <"$WORK/keys")
	((n > 0)) || fail "no tick in $t"
	check_topic "$bootstrap" "$t" "$n"
	counts+=("$t $n")
	total=$((total + n))
done
((total == ticks)) || fail "the topics hold $total ticks, $ticks were produced (${counts[*]})"

signal_and_wait "$pid" INT
((EXIT_RC == 0)) || fail "kticker exited $EXIT_RC after SIGINT: $(tail -3 "$WORK/err")"
expect_field own "$ticks" "$WORK/out"
expect_field gaps 0 "$WORK/out"
expect_field duplicates 0 "$WORK/out"
expect_field reordered 0 "$WORK/out"
echo "topic-switch-back: ok (${counts[*]})"
