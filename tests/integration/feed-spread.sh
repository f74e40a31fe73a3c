#!/bin/bash
# The feed spreads a step's ticks over the step, in the order of its symbols, as it spreads a
# day's steps over the day: ticks due at one moment would wait for each other's produce
# requests (one partition per request, answered in turn), a latency of the feed's shape and not
# of Kafka's. With one tick per symbol a day and 1.2 s a day, the ticks of a day are 1.2 s /
# (symbols in the feed) apart, or more where a symbol did not trade: by the produce times the
# archive holds (the messages as read back), the n ticks of the median day span over half of
# (n - 1) such gaps, never a burst.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3
symbols=$(ls "$DATA_DIR"/*.csv | wc -l)
days=5
"$KTICKER" --headless --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 1 --delay 1200 \
	--count $((symbols * days)) --archive "$WORK/archive" >"$WORK/out" 2>"$WORK/err" ||
	fail "kticker failed: $(tail -n 3 "$WORK/err")"
python3 - "$WORK/archive" "$symbols" 1200 <<'PY' || fail "a day's ticks are not spread over the day"
import glob, json, os, statistics, sys
root, symbols, day_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by_day = {}
for path in glob.glob(os.path.join(root, "symbol=*", "date=*.ndjson")):
    for line in open(path):
        t = json.loads(line)
        by_day.setdefault(t["date"], []).append(t["produce_us"])
# days most symbols traded (some trade at weekends too): the share of the least spread
traded = {d: sorted(us) for d, us in by_day.items() if 2 * len(us) >= symbols}
if len(traded) < 3:
    sys.exit(f"only {len(traded)} days on which half of {symbols} symbols traded: {sorted(by_day)}")
share = {d: (us[-1] - us[0]) / 1000 / (day_ms * (len(us) - 1) / symbols) for d, us in traded.items()}
print("# span of each day's ticks, as a share of its least spread:",
      ", ".join(f"{d} {s:.2f}" for d, s in sorted(share.items())))
median = statistics.median(share.values())
if median < 0.5:
    sys.exit(f"the median day's ticks span {median:.2f} of their least spread, under half")
PY
echo "integration feed-spread: ok"
