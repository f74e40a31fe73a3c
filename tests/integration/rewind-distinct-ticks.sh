#!/bin/bash
# A rewind to a date in the middle of what was read reads that date's ticks and the later ones
# again. The quote table shows them again but counts each tick once, as a re-read after an
# outside offset reset does: --report's per-symbol ticks are kcat's count of the messages keyed
# with the symbol, and its first and last date, open, high, low, close and maximum drawdown are
# those of the symbol's messages taken once each, in offset order. kcat reads the topic apart
# from kticker once the paused feed's ticks are all delivered. Embedded cluster; REWIND_ON=real
# for the real broker (offsets-for-times).
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
need_tool python3 python3

topic=ticks
cluster=()
if [[ "${REWIND_ON:-embedded}" == real ]]; then
	need_broker
	topic=$(unique_name rewind-ticks)
	cluster=(--broker "$BROKER" --topic "$topic")
fi
printf '+10 pause\n+13 rewind 2017-05-10\n' >"$WORK/scenario.txt"
"$KTICKER" --headless "${cluster[@]}" --group "$(unique_name rewind-ticks)" --duration 25 \
	--delay 300 --ticks-per-day 4 --from 2017-05-01 --data "$DATA_DIR" \
	--scenario "$WORK/scenario.txt" --report "$WORK/report.csv" >"$WORK/out" 2>"$WORK/err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_paused_delivered 10
bootstrap=${BROKER:-$(bootstrap_of "$WORK/out")}
kcat -C -b "$bootstrap" -t "$topic" -e -q -f '%p\t%o\t%k\t%s\n' >"$WORK/messages" 2>"$WORK/kcat.err" ||
	fail "kcat could not read $topic: $(cat "$WORK/kcat.err")"
wait "$pid" || fail "kticker exited $?: $(tail -3 "$WORK/err")"

line=$(grep -m1 'rewind to 2017-05-10' "$WORK/err") || fail "no rewind reported: $(grep -i rewind "$WORK/err")"
moved=$(sed -nE 's/.*moved back by ([0-9]+) offsets.*/\1/p' <<<"$line")
[[ -n "$moved" ]] && ((moved > 0)) || fail "the rewind moved nothing back: $line"
in_log=$(wc -l <"$WORK/messages")
expect_field delivered "$in_log" "$WORK/out"
expect_field lag 0 "$WORK/out" # the re-read is done
cut -f3 "$WORK/messages" >"$WORK/keys"
check_report_counts "$WORK/keys" "$WORK/report.csv"
python3 - "$WORK/messages" "$WORK/report.csv" <<'PY' || fail "the report's figures are not those of the log's ticks, each once"
import csv, json, sys
messages, report = sys.argv[1], sys.argv[2]
ticks = {}
for line in open(messages):
    partition, offset, key, value = line.rstrip("\n").split("\t", 3)
    ticks.setdefault(key, []).append((int(partition), int(offset), json.loads(value)))
bad = 0
for row in csv.DictReader(open(report)):
    read = [t for _, _, t in sorted(ticks.get(row["symbol"], []), key=lambda x: x[:2])]
    if not read:
        print(f"{row['symbol']}: in the report, not in the topic"); bad += 1; continue
    peak = drawdown = 0.0
    for t in read:
        peak = max(peak, t["close"])
        drawdown = max(drawdown, (peak - t["close"]) / peak)
    want = {"first_date": read[0]["date"], "last_date": read[-1]["date"], "open": read[0]["open"],
            "high": max(t["high"] for t in read), "low": min(t["low"] for t in read),
            "close": read[-1]["close"], "max_drawdown_pct": 100 * drawdown}
    for key, value in want.items():
        same = row[key] == value if isinstance(value, str) else abs(float(row[key]) - value) < 1e-3
        if not same:
            print(f"{row['symbol']} {key}: report {row[key]}, topic {value}"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "rewind-distinct-ticks: ok ($in_log ticks in the log, $moved from 2017-05-10 on read again, each counted once)"
