#!/bin/bash
# Retention deletes ticks a lagging consumer has not read, on a real broker, and what kticker
# shows is checked against Kafka's own tools (kafka-get-offsets, kafka-consumer-groups, kcat),
# not against its own counts. 6000 ticks are written to two partitions before any consumer
# runs; then the topic's retention.ms drops to 1 s (kafka-configs) and the broker (which
# checks retention every second: tests/kafka/broker.sh) deletes the whole log.
#  1. A consumer (its group committed at 0) throttled to 200 ticks/s for its first 25 s (so
#     that Kafka's tools, slow on a loaded machine, have the log deleted while it reads, not
#     after: at 400 ticks/s it once read all 6000 first), then 2000, has fetched both partitions (librdkafka prefetches
#     them whole) when the log start passes its position: it still reads all 6000 from what
#     it holds, and counts nothing as deleted unread. (Before the fix, the partition read
#     second was "stuck behind retention", and the seeks that moved it on threw its fetched
#     ticks away: the run never read them and deleted_unread said 0.)
#  2. A group whose committed offsets (0) retention has passed, and nothing new written:
#     on the screen, the rows' log start, high watermark, committed offset and lag are
#     kafka-get-offsets' and kafka-consumer-groups' figures; "deleted unread" is the offsets
#     the log start skipped past the committed offsets, and nothing is left to read. (Before
#     the fix, no message ever arrived to count the skip: deleted unread stayed 0, and the
#     position and "behind" kept the deleted offsets as still to read.)
. "$TESTS_DIR/lib.sh"
need_retention_broker
need_tool kcat kcat
need_tool python3 python3

topic=$(unique_name real-retention)
group=$(unique_name reader)
lagging=$(unique_name lagging)
timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
	--partitions 2 --count 6000 --delay 0 --ticks-per-day 10 --from 2017-05-01 --data "$DATA_DIR" \
	>"$WORK/producer.out" 2>"$WORK/producer.err" || fail "producer exit $?: $(tail -3 "$WORK/producer.err")"
expect_field delivered 6000 "$WORK/producer.out"
# both groups' committed offsets, set with Kafka's own tool while the ticks are there: the
# consumers know their positions from the start
kafka_tool consumer-groups --bootstrap-server "$BROKER" --reset-offsets --group "$group" \
	--group "$lagging" --topic "$topic" --to-offset 0 --execute >"$WORK/reset" 2>&1 ||
	fail "kafka-consumer-groups --reset-offsets: $(cat "$WORK/reset")"

# offsets PARTITION: "earliest latest" of a partition, as kcat asks the broker
offsets() {
	local lo hi
	lo=$(kcat -Q -b "$BROKER" -t "$topic:$1:-2" 2>&1 | sed -n 's/.* offset \([0-9]*\)$/\1/p')
	hi=$(kcat -Q -b "$BROKER" -t "$topic:$1:-1" 2>&1 | sed -n 's/.* offset \([0-9]*\)$/\1/p')
	echo "${lo:-?} ${hi:-?}"
}
# deleted_all: retention deleted both partitions' whole logs (kcat: earliest = latest)
deleted_all() {
	local p lo hi
	for p in 0 1; do
		read -r lo hi < <(offsets "$p")
		[[ "$lo" == "$hi" && "$lo" != 0 && "$lo" != "?" ]] || return 1
	done
}
# group_offsets GROUP: "partition current log-end lag" lines, from kafka-consumer-groups
group_offsets() {
	kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$1" \
		>"$WORK/describe" 2>&1 || fail "kafka-consumer-groups --describe: $(cat "$WORK/describe")"
	awk -v t="$topic" '$2 == t { print $3, $4, $5, $6 }' "$WORK/describe" | sort -n
}

# ---- 1. the throttled reader has fetched everything when retention deletes it -------------
printf '0 throttle 200\n25 throttle 2000\n' >"$WORK/scenario"
timeout 60 "$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" \
	--group "$group" --count 6000 --data "$DATA_DIR" --scenario "$WORK/scenario" \
	--log "$WORK/reader.log" --archive "$WORK/archive" >"$WORK/reader.out" 2>"$WORK/reader.err" &
reader=$!
on_exit "kill $reader 2>/dev/null"
wait_for_line "$WORK/reader.out" 'consumed [1-9][0-9]* ' 30
kafka_tool configs --bootstrap-server "$BROKER" --alter --entity-type topics --entity-name "$topic" \
	--add-config retention.ms=1000 >"$WORK/configs" 2>&1 || fail "kafka-configs: $(cat "$WORK/configs")"
deadline=$((SECONDS + 30))
until deleted_all; do
	((SECONDS < deadline)) || fail "retention did not delete the log within 30 s: $(offsets 0), $(offsets 1)"
	sleep 0.2
done
read -r consumed_then < <(grep -oE 'consumed [0-9]+' "$WORK/reader.out" | tail -n1 | cut -d' ' -f2)
note "the log is deleted (kcat: partition 0 $(offsets 0), partition 1 $(offsets 1)); the reader had read ${consumed_then:-?}"
((${consumed_then:-6000} < 6000)) || fail "the reader read everything before retention deleted it: nothing was tested"
rc=0
wait "$reader" || rc=$?
((rc == 0)) || fail "the reader exit $rc (124: it never read all 6000 ticks it had fetched): $(tail -n 2 "$WORK/reader.out"; grep -m3 -E 'stuck behind|deleted before' "$WORK/reader.log")"
expect_field consumed 6000 "$WORK/reader.out"
expect_field deleted_unread 0 "$WORK/reader.out"
expect_field gaps 0 "$WORK/reader.out"
expect_field lag 0 "$WORK/reader.out"
expect_field committed_lag 0 "$WORK/reader.out"
archived=$(cat "$WORK"/archive/symbol=*/*.ndjson | wc -l)
((archived == 6000)) || fail "the archive holds $archived ticks, not 6000"
group_offsets "$group" >"$WORK/reader.groups"
awk '$2 != $3 || $4 != 0 { bad = 1 } END { exit bad || NR != 2 }' "$WORK/reader.groups" ||
	fail "kafka-consumer-groups does not show the reader at the log end: $(cat "$WORK/reader.groups")"

# ---- 2. a group retention passed: the screen against Kafka's tools ------------------------
group_offsets "$lagging" >"$WORK/lagging.before"
kafka_tool get-offsets --bootstrap-server "$BROKER" --topic "$topic" --time -2 >"$WORK/earliest" 2>&1 ||
	fail "kafka-get-offsets: $(cat "$WORK/earliest")"
kafka_tool get-offsets --bootstrap-server "$BROKER" --topic "$topic" --time -1 >"$WORK/latest" 2>&1 ||
	fail "kafka-get-offsets: $(cat "$WORK/latest")"
# "partition earliest latest committed-before" lines
join <(awk -F: '{ print $2, $3 }' "$WORK/earliest" | sort) <(awk -F: '{ print $2, $3 }' "$WORK/latest" | sort) |
	join - <(awk '{ print $1, $2 }' "$WORK/lagging.before" | sort) >"$WORK/truth"
deleted=$(awk '{ n += $2 - $4 } END { print n + 0 }' "$WORK/truth")
note "kafka-get-offsets and kafka-consumer-groups before the lagging group runs (partition earliest latest committed): $(tr '\n' ';' <"$WORK/truth")"
awk '$4 != 0 || $2 != $3 { bad = 1 } END { exit bad || NR != 2 }' "$WORK/truth" ||
	fail "expected committed 0 and the whole log deleted: $(cat "$WORK/truth")"

tui_start 120x30 --role consumer --broker "$BROKER" --topic "$topic" --group "$lagging" \
	--data "$DATA_DIR" --log "$WORK/lagging.log"
tui_wait "\\($deleted deleted unread by retention\\)" 20
# the rows once the group's commit of the new position is what the offset watcher shows
read -r p0 lo0 hi0 _ < <(sed -n 1p "$WORK/truth")
read -r p1 lo1 hi1 _ < <(sed -n 2p "$WORK/truth")
row_re() { echo "^\\*  *$1 me  *[0-9-]+  *$2  *$3  *$2  *$2  *0 "; }
tui_wait "$(row_re "$p0" "$lo0" "$hi0")" 20
tui_wait "$(row_re "$p1" "$lo1" "$hi1")" 20
tui_screen >"$WORK/screen"
tui_wait " lag 0  behind 0 " 5
group_offsets "$lagging" >"$WORK/lagging.after"
note "the screen: $(grep -E '^\*|deleted unread| behind ' "$WORK/screen" | tr -s ' ' | tr '\n' ';')"
note "kafka-consumer-groups (partition current log-end lag): $(tr '\n' ';' <"$WORK/lagging.after")"
python3 - "$WORK/screen" "$WORK/lagging.after" "$WORK/truth" <<'PY' || fail "the screen is not what Kafka's tools say"
import re, sys
screen, after, truth = (open(f).read() for f in sys.argv[1:])
rows = {}
for line in screen.splitlines():
    m = re.match(r"^\*\s*(\d+) me\s+\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) ", line)
    if m:
        rows[int(m.group(1))] = [int(x) for x in m.group(2, 3, 4, 5, 6)]
tool = {int(f[0]): [int(x) for x in f[1:]] for f in (l.split() for l in after.splitlines())}
bad = 0
for l in truth.splitlines():
    p, lo, hi, _ = (int(x) for x in l.split())
    start, hw, committed, position, lag = rows.get(p, [None] * 5)
    current, end, tool_lag = tool.get(p, [None] * 3)
    print(f"p{p}: LogStart {start} (get-offsets {lo}), HighWM {hw} (get-offsets {hi}, "
          f"consumer-groups {end}), Committed {committed} (consumer-groups {current}), "
          f"Position {position}, Lag {lag} (consumer-groups {tool_lag})")
    if (start, hw, committed, lag) != (lo, hi, current, tool_lag) or end != hi or position != lo:
        bad += 1
sys.exit(1 if bad else 0)
PY
tui_keys q
tui_wait '^result: ' 20
# the result line is wider than the window: its wrapped rows joined
tmux -S "$TUI_SOCKET" capture-pane -p -J -t "$TUI_SESSION" | grep '^result: ' >"$WORK/result"
expect_field deleted_unread "$deleted" "$WORK/result"
expect_field lag 0 "$WORK/result"
expect_field committed_lag 0 "$WORK/result"
expect_field consumed 0 "$WORK/result"
echo "real-retention-unread: ok (6000 ticks fetched before retention deleted them all read; $deleted offsets deleted past a group's commits shown as kafka's tools count them)"
