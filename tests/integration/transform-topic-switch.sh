#!/bin/bash
# A topic switch with --transform: afterwards the quote table and --report hold the new
# topic's symbols only, every row a real price, and the transform follows the switch into
# the new topic's .enriched. Two runs share a cluster so the topics hold different symbols:
# the first fills OLD with AAPL and MSFT; the second starts on OLD (its producer paused),
# switches to NEW and produces IBM and JPM there. kcat counts what NEW holds.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool python3 python3

group=$(unique_name switch)
old=$(unique_name old)
new=$(unique_name new)
group_cluster "${SWITCH_ON:-embedded}" "$old" "$group"
mkdir -p "$WORK/old" "$WORK/new"
cp "$DATA_DIR/AAPL.csv" "$DATA_DIR/MSFT.csv" "$WORK/old/"
cp "$DATA_DIR/IBM.csv" "$DATA_DIR/JPM.csv" "$WORK/new/"
timeout 120 "$KTICKER" --headless --role producer "${cluster[@]}" --topic "$old" --partitions 2 \
	--count 40000 --delay 0 --ticks-per-day 10 --from 2017-05-01 --loop --data "$WORK/old" \
	>"$WORK/fill.out" 2>"$WORK/fill.err" || fail "filling $old: exit $?: $(tail -3 "$WORK/fill.err")"
# NEW exists before the switch (a metadata request creates it, empty): this test is about the
# switch, not about creating a topic on another process's embedded cluster
kcat -L "${cluster[@]/--broker/-b}" -t "$new" >/dev/null 2>&1 || fail "kcat -L $new"
cat >"$WORK/scenario" <<S
0  pause
1  topic $new
1  resume
14 pause
S
# the switch comes before either group has joined OLD (about 3 s): left on OLD, the transform
# would read AAPL and MSFT after it. Paused again 6 s before the end, so the transform has
# read all there is when the run stops. A short session: the mock holds a member closed
# mid-join (and any LeaveGroup behind it) for its whole session.
timeout 120 "$KTICKER" --headless "${cluster[@]}" --topic "$old" --group "$group" --transform \
	-X session.timeout.ms=6000 -X heartbeat.interval.ms=1000 \
	--partitions 2 --duration 20 --delay 20 --ticks-per-day 10 --from 2017-05-01 --loop \
	--data "$WORK/new" --scenario "$WORK/scenario" --report "$WORK/report.csv" \
	>"$WORK/out" 2>"$WORK/err" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
grep -q "transform: follows the switch: $new -> $new.enriched" "$WORK/err" ||
	fail "the transform did not say it follows the switch: $(grep -i transform "$WORK/err" | tail -3)"
kcat -C "${cluster[@]/--broker/-b}" -t "$new" -e -q -f '%k\n' >"$WORK/new.keys" 2>/dev/null ||
	fail "kcat $new"
kcat -C "${cluster[@]/--broker/-b}" -t "$new.enriched" -e -q -f '%k\n' >"$WORK/new.enriched.keys" \
	2>/dev/null || fail "kcat $new.enriched"
python3 - "$WORK/report.csv" "$WORK/out" "$WORK/new.keys" "$WORK/new.enriched.keys" <<'PY' || fail "see above"
import collections, csv, sys
report = {r["symbol"]: r for r in csv.DictReader(open(sys.argv[1]))}
printed = {line.split()[1] for line in open(sys.argv[2]) if line.startswith("report: ") and "symbol" not in line}
in_topic = collections.Counter(line.strip() for line in open(sys.argv[3]) if line.strip())
enriched = collections.Counter(line.strip() for line in open(sys.argv[4]) if line.strip())
bad = 0
print(f"report {sorted(report)}, printed {sorted(printed)}, new topic {dict(in_topic)}, its .enriched {dict(enriched)}")
if set(report) != set(in_topic) or printed != set(in_topic):
    print("the report's symbols are not the new topic's"); bad += 1
for symbol, row in report.items():
    if float(row["close"]) <= 0 or int(row["ticks"]) != in_topic.get(symbol):
        print(f"{symbol}: {row['ticks']} ticks at {row['close']}, the topic holds {in_topic.get(symbol)}"); bad += 1
if set(enriched) != set(in_topic) or sum(enriched.values()) != sum(in_topic.values()):
    print("the new topic's .enriched does not hold one enriched tick per tick"); bad += 1
sys.exit(1 if bad or not in_topic else 0)
PY
echo "transform-topic-switch: ok (report and quotes hold only $new's symbols; the transform followed)"
