#!/bin/bash
# A member joins the group and leaves it three times while ticks flow.
# Each revoke commits what was processed before the partitions go, so the next owner starts
# where the last one stopped. The union of what every member archived holds every tick, and
# the ticks read twice (what the members read, less the distinct ticks archived) are exactly
# the re-reads kticker reported (a commit at revoke that failed: Debian's mock cluster refuses
# most of them, Kafka takes them), none unaccounted for. On the embedded cluster of a watching kticker, or the real
# broker (REREADS_ON=real, as real-rebalance-rereads.sh runs it).
. "$TESTS_DIR/lib.sh"
need_tool python3 python3
need_tool jq jq

TICKS=6000
group=$(unique_name rereads)
topic=$(unique_name rereads)
group_cluster "${REREADS_ON:-embedded}" "$topic" "$group"
# distinct ticks in the members' archives so far
archived() { cat "$WORK"/archive-*/symbol=*/date=*.ndjson 2>/dev/null | jq -r '[.producer, .symbol, .seq] | @tsv' | sort -u | wc -l; }
# stop NAME PID: a clean shutdown (commit, leave the group), as a user's Ctrl-C
stop() { kill -INT "$2"; wait "$2" || fail "$1 exited $? after SIGINT: $(tail -3 "$WORK/$1.err")"; }
group_consumer steady 300 --archive "$WORK/archive-steady"
steady=$!
wait_for_line "$WORK/steady.err" 'assigned partitions' 30
timeout 120 "$KTICKER" --headless --role producer "${cluster[@]}" --topic "$topic" --count "$TICKS" \
	--delay 100 --ticks-per-day 2 --from 2017-05-01 --data "$DATA_DIR" \
	>"$WORK/producer.out" 2>"$WORK/producer.err" &
producer=$!
on_exit "kill $producer 2>/dev/null"
# each visitor stays until the group has given it partitions and it has read for 3 s (the
# embedded cluster, which ignores LeaveGroup, first waits out the last visitor's session)
for i in 1 2 3; do
	group_consumer "visitor$i" 300 --archive "$WORK/archive-visitor$i"
	visitor=$!
	wait_for_line "$WORK/visitor$i.err" 'assigned partitions \[[0-9]' 60
	sleep 3
	stop "visitor$i" "$visitor"
done
wait "$producer" || fail "producer failed: $(tail -3 "$WORK/producer.err")"
expect_field delivered "$TICKS" "$WORK/producer.out"
deadline=$((SECONDS + 60))
until (($(archived) >= TICKS)); do
	((SECONDS < deadline)) || fail "the members archived $(archived) distinct ticks of $TICKS"
	sleep 1
done
stop steady "$steady"
rereads=0 read=0
for name in steady visitor1 visitor2 visitor3; do
	grep -q '^result:' "$WORK/$name.out" || fail "$name printed no result: $(tail -3 "$WORK/$name.err")"
	rereads=$((rereads + $(field rereads "$WORK/$name.out")))
	read=$((read + $(field consumed "$WORK/$name.out")))
done
# (an archive keeps a tick once: a member reading its own ticks again adds no line)
python3 - "$WORK" "$TICKS" "$rereads" "$read" <<'PY' || fail "the members' archives do not match what kticker reported"
import glob, json, sys
work, want, rereads, read = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
keys = set()
for path in glob.glob(f"{work}/archive-*/symbol=*/date=*.ndjson"):
    for line in open(path):
        t = json.loads(line)
        keys.add((t["producer"], t["symbol"], t["seq"]))
twice = read - len(keys)
print(f"{len(keys)} distinct ticks archived, {read} read: {twice} read twice; re-reads reported {rereads}")
ok = len(keys) == want and twice == rereads
sys.exit(0 if ok else 1)
PY
echo "rebalance-rereads: ok"
