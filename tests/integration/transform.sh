#!/bin/bash
# The transform stage: <topic>.enriched carries each tick with its return since the previous
# day's close, SMA5, SMA20 and the day's VWAP, recomputed here independently of kticker; and
# with one tick a day the <topic>.candles are the daily CSV rows themselves. On the embedded
# cluster of a watching kticker, or the real broker (TRANSFORM_ON=real).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool python3 python3

group=$(unique_name transform)
topic=$(unique_name ticks)
daily=$(unique_name daily)
group_cluster "${TRANSFORM_ON:-embedded}" "$topic" "$group"
run() { # TOPIC TICKS-PER-DAY COUNT
	timeout 120 "$KTICKER" --headless "${cluster[@]}" --topic "$1" --group "$group" --transform \
		--count "$3" --delay 0 --ticks-per-day "$2" --from 2017-05-01 --data "$DATA_DIR" \
		>"$WORK/$1.out" 2>"$WORK/$1.err" || fail "kticker exited $?: $(tail -3 "$WORK/$1.err")"
	expect_field enriched "$3" "$WORK/$1.out"
}
read_topic() { kcat -C "${cluster[@]/--broker/-b}" -t "$1" -e -q -f '%s\n' >"$WORK/$1.json" || fail "kcat $1"; }

run "$topic" 4 1200
read_topic "$topic.enriched"
python3 - "$WORK/$topic.enriched.json" <<'PY' || fail "enriched figures differ from an independent computation"
import collections, json, sys
ticks = collections.defaultdict(list)
for line in open(sys.argv[1]):
    t = json.loads(line)
    ticks[t["symbol"]].append(t)  # one symbol is one key: its order is kept
bad = count = 0
for symbol, series in ticks.items():
    series.sort(key=lambda t: t["seq"])
    closes, prev_day_close, day, pv, vol, last_volume = [], 0.0, None, 0.0, 0, 0
    for t in series:
        if t["date"] != day:
            if day is not None:
                prev_day_close = closes[-1]
            day, pv, vol, last_volume = t["date"], 0.0, 0, 0
        traded = max(t["volume"] - last_volume, 0)
        last_volume = t["volume"]
        pv, vol = pv + t["close"] * traded, vol + traded
        closes.append(t["close"])
        want = {"ret": t["close"] / prev_day_close - 1 if prev_day_close else 0.0,
                "sma5": sum(closes[-5:]) / len(closes[-5:]),
                "sma20": sum(closes[-20:]) / len(closes[-20:]),
                "vwap": pv / vol if vol else t["close"]}
        for key, value in want.items():
            if abs(t[key] - value) > 1e-5 * max(1.0, abs(value)):
                if bad < 5:
                    print(f"{symbol} seq {t['seq']} {key}: {t[key]} != {value}")
                bad += 1
        count += 1
print(f"{count} enriched ticks of {len(ticks)} symbols checked")
sys.exit(1 if bad or count != 1200 else 0)
PY

group_cluster "${TRANSFORM_ON:-embedded}" "$daily" "$group-daily" # a fresh cluster or topic
run "$daily" 1 300
read_topic "$daily.candles"
python3 - "$WORK/$daily.candles.json" "$DATA_DIR" <<'PY' || fail "candles differ from the daily CSV rows"
import csv, json, os, sys
rows = {}
for name in os.listdir(sys.argv[2]):
    if name.endswith(".csv"):
        for r in csv.DictReader(open(os.path.join(sys.argv[2], name))):
            rows[(name[:-4], r["Date"])] = r
bad = count = 0
for line in open(sys.argv[1]):
    c = json.loads(line)
    r = rows.get((c["symbol"], c["date"]))
    if r is None:
        print(f"no CSV row for {c['symbol']} {c['date']}"); bad += 1; continue
    for key, column in (("open", "Open"), ("high", "High"), ("low", "Low"), ("close", "Close"), ("volume", "Volume")):
        if abs(float(c[key]) - float(r[column])) > 1e-5:
            print(f"{c['symbol']} {c['date']} {key}: {c[key]} != {r[column]}"); bad += 1
    count += 1
print(f"{count} candles checked")
sys.exit(1 if bad or count != 300 else 0)
PY
echo "transform: ok (1200 enriched ticks recomputed, 300 candles equal the CSV rows)"
