#!/bin/bash
# Lesson 11 (A pipeline: transform, dead letters) as its text says, on the embedded cluster,
# checked with kcat and the CSV files: the transform, in a group of its own, writes
# ticks.enriched (each tick with its SMA5 and SMA20: the mean of the symbol's last 5 and 20
# closes in ticks) and ticks.candles (one candle a symbol and day of 8 ticks: the CSV's open,
# high, low, close and volume);
# e shows the enriched columns; "echo oops | kcat -P" makes undecodable 1 (dlq 1), d shows
# where kcat wrote it, and kcat reads it from ticks.dlq with its reason and source headers.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"
tui_start 120x45 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --transform --log "$events"
wait_for_line "$events" 'transform: ticks -> ticks\.enriched and ticks\.candles, group kticker\.transform$' 15
tui_wait 'Consumer [1-9][0-9]* read' 30
bootstrap=$(tui_screen | sed -nE 's/.* brokers ([0-9.:,]+).*/\1/p' | head -n1)
[[ -n "$bootstrap" ]] || fail "no bootstrap address on the screen"

# read TOPIC: its messages as "partition offset value" lines in $WORK/TOPIC
read_topic() {
	kcat -C -b "$bootstrap" -t "$1" -e -q -f '%p %o %s\n' >"$WORK/$1" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $1: $(cat "$WORK/kcat.err")"
}
# candles of several days: the transform closes a day's candle when the next day begins
deadline=$((SECONDS + 30))
until read_topic ticks.candles && (($(wc -l <"$WORK/ticks.candles") >= 22)); do
	((SECONDS < deadline)) || fail "ticks.candles holds $(wc -l <"$WORK/ticks.candles") candles after 30 s"
	sleep 1
done
read_topic ticks.enriched
read_topic ticks
python3 - "$DATA_DIR" "$WORK/ticks" "$WORK/ticks.enriched" "$WORK/ticks.candles" <<'EOF' || fail "the transform's topics are not right"
import csv, json, sys
data, ticks, enriched, candles = sys.argv[1:]
def values(path):
    return [json.loads(line.split(" ", 2)[2]) for line in open(path)]
closes = {}  # (producer, symbol) -> closes by seq
for t in values(ticks):
    closes.setdefault((t["producer"], t["symbol"]), {})[t["seq"]] = t["close"]
bad = []
rich = values(enriched)
for e in rich:
    mine = closes[(e["producer"], e["symbol"])]
    for n in 5, 20:
        last = [mine[s] for s in range(max(0, e["seq"] - n + 1), e["seq"] + 1)]
        if abs(e[f"sma{n}"] - sum(last) / len(last)) > 1e-4 * abs(e[f"sma{n}"]):
            bad.append(f"{e['symbol']} seq {e['seq']}: sma{n} {e[f'sma{n}']}, the last {n} closes say {sum(last) / len(last)}")
made = values(candles)
for c in made:
    rows = {r["Date"]: r for r in csv.DictReader(open(f"{data}/{c['symbol']}.csv"))}
    r = rows[c["date"]]
    want = [float(r["Open"]), float(r["High"]), float(r["Low"]), float(r["Close"]), int(r["Volume"])]
    got = [c["open"], c["high"], c["low"], c["close"], c["volume"]]
    if any(abs(a - b) > 1e-4 * abs(a) for a, b in zip(want, got)) or c["ticks"] != 8:
        bad.append(f"candle {c['symbol']} {c['date']}: {got}, {c['ticks']} ticks; the CSV says {want}")
print(f"# {len(rich)} enriched ticks, {len(made)} candles of {len({c['date'] for c in made})} days: as the ticks and the CSV say", file=sys.stderr)
if bad:
    print("\n".join(bad[:10]), file=sys.stderr)
sys.exit(1 if bad or not rich else 0)
EOF

tui_keys e
tui_wait 'Quotes \(enriched\)' 5
tui_wait 'SMA5 +SMA20 +VWAP +Ret' 5

# junk in ticks, as the lesson's second terminal sends it
echo oops | kcat -P -b "$bootstrap" -t ticks 2>"$WORK/kcat.err" || fail "kcat could not produce: $(cat "$WORK/kcat.err")"
tui_wait 'undecodable 1 \(dlq 1\)' 20
read_topic ticks
read -r part offset _ < <(grep -E '^[0-9]+ [0-9]+ oops$' "$WORK/ticks") || fail "kcat does not find oops in ticks"
tui_keys d
tui_wait 'Dead letters: 1 sent to ticks\.dlq' 5
tui_wait "partition $part offset $offset, 4 bytes: not JSON" 5
tui_screen | grep -qE '  oops  ' || fail "the viewer does not show the message: $(tui_screen)"
kcat -C -b "$bootstrap" -t ticks.dlq -e -q -f '%s %h\n' >"$WORK/dlq" 2>"$WORK/kcat.err" ||
	fail "kcat could not read ticks.dlq: $(cat "$WORK/kcat.err")"
grep -qE "^oops kticker\.reason=not JSON[^,]*,kticker\.source\.topic=ticks,kticker\.source\.partition=$part,kticker\.source\.offset=$offset$" "$WORK/dlq" &&
	(($(wc -l <"$WORK/dlq") == 1)) || fail "ticks.dlq holds: $(cat "$WORK/dlq"); kcat wrote oops at $part@$offset"
note "oops at partition $part offset $offset; ticks.dlq: $(cat "$WORK/dlq")"
echo "tui lesson-pipeline: ok"
