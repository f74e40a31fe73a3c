#!/bin/bash
# A throttled consumer (10 ticks/s) falls behind a producer (200 ticks/s) on a real broker
# whose retention (3 s) deletes what it has not read; then it crashes (crash-consumer, the
# screen's R) and the next member gets the partition after the dead one's session (6 s).
# The log start the dead client last learnt from its fetches is 6 s old by then: retention
# has passed it by ~1200 offsets. What the new member does is checked against Kafka itself,
# not against kticker's own figures:
#  - kcat -Q reads the log start every 0.3 s; no event may say the consumer "moved on to
#    the log start, N" with N below a log start kcat read before that event;
#  - the group's commits, read back from __consumer_offsets with kcat, made once the new
#    member has the partition are never below the log start kcat read before it got it;
#  - the "deleted before they were read" events count each offset once, and add up to the
#    result line's deleted_unread.
# (Before the fix the new member wrote off and committed up to the dead client's log start:
# "stuck behind retention ... at offset 88 (log start 17166 ...)", then "offsets 1112..6481
# were deleted before they were read (retention); the consumer moved on to the log start,
# 6482", and the group committed 6482, while kcat read 17166.)
. "$TESTS_DIR/lib.sh"
need_retention_broker
need_tool kcat kcat
need_tool python3 python3

topic=$(unique_name real-retention-crash)
group=$(unique_name group)
kafka_tool topics --bootstrap-server "$BROKER" --create --topic "$topic" --partitions 1 \
	--replication-factor 1 --config retention.ms=3000 --config segment.ms=1000 \
	--config file.delete.delay.ms=0 >"$WORK/create" 2>&1 || fail "kafka-topics --create: $(cat "$WORK/create")"

# kcat's log start, "epoch-ms offset" lines, each stamped once kcat has answered
( while :; do
	lo=$(kcat -Q -b "$BROKER" -t "$topic:0:-2" 2>/dev/null | sed -n 's/.* offset \([0-9]*\)$/\1/p')
	[[ -n "$lo" ]] && echo "$(date +%s%3N) $lo"
	sleep 0.3
done >"$WORK/kcat.log" ) &
poller=$!
on_exit "kill $poller 2>/dev/null"

printf '0 throttle 10\n12 crash-consumer\n' >"$WORK/scenario"
start_ms=$(date +%s%3N)
"$KTICKER" --headless --broker "$BROKER" --topic "$topic" --group "$group" \
	-X session.timeout.ms=6000 --delay 20 --ticks-per-day 4 --from 2017-05-01 \
	--scenario "$WORK/scenario" --data "$DATA_DIR" --log "$WORK/events.log" \
	>"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
for _ in {1..100}; do [[ -e "$WORK/events.log" ]] && break; sleep 0.1; done
crash=$(wait_for_event "$WORK/events.log" 'consumer crashed after' 0 40)
assigned=$(wait_for_event "$WORK/events.log" 'rebalance: assigned partitions' "$crash" 30)
sleep 5 # the new member finds where the log starts, moves on, reads and commits
signal_and_wait "$pid"
((EXIT_RC == 0)) || fail "kticker exit $EXIT_RC: $(tail -3 "$WORK/err")"
kill "$poller" 2>/dev/null || true

# the largest log start kcat read before a time: the log start then was at least that
lo_before() { awk -v t="$1" '$1 <= t && $2 > m { m = $2 } END { print m + 0 }' "$WORK/kcat.log"; }
lo_assigned=$(lo_before "$assigned")
committed_then=$(sed -n 's/.*resuming at the group.s committed offsets (partition@offset): 0@\([0-9]*\).*/\1/p' \
	"$WORK/events.log" | tail -n1)
note "crash at $((crash - start_ms)) ms, new member assigned at $((assigned - start_ms)) ms, resuming at ${committed_then:-?}; kcat's log start before that: $lo_assigned"
note "events: $(grep -E 'stuck behind|deleted before' "$WORK/events.log" | cut -d' ' -f3- | tr '\n' ';')"
((lo_assigned > ${committed_then:-0})) ||
	fail "retention had not passed the group's committed offset (${committed_then:-?}) when the new member got the partition (kcat: $lo_assigned): nothing was tested"

bad=""
# 1. the log start an event names, against kcat's before it
while read -r t n; do
	lo=$(lo_before "$t")
	((n >= lo)) || bad+="the event at $((t - start_ms)) ms says the consumer moved on to the log start, $n, but kcat had read $lo; "
done < <(awk -v after="$crash" '$1 >= after && /moved on to the log start, [0-9]+/ { print $1, $NF }' "$WORK/events.log")

# 2. the group's commits from __consumer_offsets: "epoch-ms offset" of this group's topic
timeout 30 kcat -C -b "$BROKER" -t __consumer_offsets -o "s@$crash" -e -q -f '%T %K %S:%k%s' 2>"$WORK/offsets.err" |
	python3 -c '
import re, struct, sys
group, topic = sys.argv[1], sys.argv[2]
d = sys.stdin.buffer.read()
i = 0
while i < len(d):
    m = re.match(rb"(\d+) (-?\d+) (-?\d+):", d[i:])
    if not m:
        sys.exit("cannot parse __consumer_offsets at byte %d" % i)
    ts, kl, vl = (int(x) for x in m.groups())
    i += m.end()
    k = d[i:i + max(kl, 0)]; i += max(kl, 0)
    v = d[i:i + max(vl, 0)]; i += max(vl, 0)
    if len(k) < 4 or struct.unpack(">h", k[:2])[0] > 1 or len(v) < 10:
        continue  # not an offset commit (a group record), or a tombstone
    gl = struct.unpack(">h", k[2:4])[0]
    j = 4 + gl
    tl = struct.unpack(">h", k[j:j + 2])[0]
    if k[4:4 + gl].decode() == group and k[j + 2:j + 2 + tl].decode() == topic:
        print(ts, struct.unpack(">q", v[2:10])[0])  # the value: version, then the offset
' "$group" "$topic" >"$WORK/commits" || fail "reading __consumer_offsets: $(cat "$WORK/offsets.err")"
note "the group's commits after the crash (ms from start, offset): $(awk -v s="$start_ms" '{ print $1 - s, $2 }' "$WORK/commits" | head -n 8 | tr '\n' ';')..."
[[ -s "$WORK/commits" ]] || fail "no commit by the group after the crash in __consumer_offsets: nothing was tested"
while read -r t offset; do
	((t < assigned || offset >= lo_assigned)) ||
		bad+="the group committed $offset at $((t - start_ms)) ms, below the log start kcat had read ($lo_assigned) before the new member got the partition; "
done <"$WORK/commits"

# 3. each deleted offset counted once, and all of them in deleted_unread
deleted=$(field deleted_unread "$WORK/out")
python3 - "$WORK/events.log" "${deleted:-?}" <<'PY' || bad+="the deleted-unread count is wrong; "
import re, sys
ranges = [tuple(int(x) for x in m.groups()) for m in
          re.finditer(r"offsets (\d+)\.\.(\d+) were deleted before", open(sys.argv[1]).read())]
total = sum(b - a + 1 for a, b in ranges)
overlaps = [(p, q) for i, p in enumerate(ranges) for q in ranges[i + 1:] if p[0] <= q[1] and q[0] <= p[1]]
print(f"# deleted-unread events: {ranges}, {total} in all; deleted_unread={sys.argv[2]}", file=sys.stderr)
if overlaps:
    print(f"offsets counted twice: {overlaps}", file=sys.stderr)
sys.exit(1 if overlaps or str(total) != sys.argv[2] else 0)
PY
[[ -z "$bad" ]] || fail "$bad"
echo "real-retention-crash: ok (resumed at ${committed_then:-?} after the crash; kcat's log start $lo_assigned; nothing written off or committed below it)"
