#!/bin/bash
# --report: with one tick per day, each symbol's summary must equal what the CSV files say
# for the replayed dates (rows counted, first open, highest high, lowest low, last close),
# computed here independently of kticker.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

timeout 120 "$KTICKER" --headless --delay 0 --ticks-per-day 1 --from 2019-01-01 --data "$DATA_DIR" \
	--report "$WORK/report.csv" >"$WORK/out" 2>"$WORK/err" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
grep -q '^report: AAPL ' "$WORK/out" || fail "headless mode printed no report table"
python3 - "$DATA_DIR" "$WORK/report.csv" <<'PY' || fail "the report differs from the CSV files"
import csv, glob, os, sys
data, report = sys.argv[1], sys.argv[2]
got = {row["symbol"]: row for row in csv.DictReader(open(report))}
bad = 0
for path in sorted(glob.glob(os.path.join(data, "*.csv"))):
    symbol = os.path.basename(path)[:-4]
    rows = [r for r in csv.DictReader(open(path))
            if r["Date"] >= "2019-01-01" and "null" not in (r["Open"], r["High"], r["Low"], r["Close"])]
    if not rows:
        continue
    want = {"ticks": len(rows), "first_date": rows[0]["Date"], "last_date": rows[-1]["Date"],
            "open": float(rows[0]["Open"]), "high": max(float(r["High"]) for r in rows),
            "low": min(float(r["Low"]) for r in rows), "close": float(rows[-1]["Close"])}
    row = got.get(symbol)
    if row is None:
        print(f"{symbol}: missing from the report"); bad += 1; continue
    for key, value in want.items():
        mine = row[key]
        same = abs(float(mine) - value) < 1e-5 if isinstance(value, float) else str(value) == mine
        if not same:
            print(f"{symbol} {key}: report {mine}, CSV {value}"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "report: ok ($(($(wc -l <"$WORK/report.csv") - 1)) symbols match the CSV files)"
