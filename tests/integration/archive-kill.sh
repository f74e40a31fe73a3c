#!/bin/bash
# --archive after a SIGKILL mid-run and a restart holds every tick exactly once, in
# DIR/symbol=SYM/date=YYYY-MM-DD.ndjson, each line the message as produced. On the embedded
# cluster of a watching kticker, or the real broker (ARCHIVE_ON=real).
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

TICKS=3000
group=$(unique_name archive)
topic=$(unique_name archive)
group_cluster "${ARCHIVE_ON:-embedded}" "$topic" "$group"
kill_mid_run "$TICKS" 1000 20 7 --archive "$WORK/archive"
before=$(cat "$WORK"/archive/symbol=*/date=*.ndjson | wc -l)
((before > 0 && before < TICKS)) || fail "the kill did not come mid-run ($before ticks archived)"
group_consumer resumed 40 --archive "$WORK/archive"
wait "$producer" || fail "producer failed: $(tail -3 "$WORK/producer.err")"
wait $! || true
python3 - "$WORK/archive" "$TICKS" <<'PY' || fail "the archive does not hold every tick exactly once"
import glob, json, os, sys
root, want = sys.argv[1], int(sys.argv[2])
seen, bad = set(), 0
for path in glob.glob(os.path.join(root, "symbol=*", "date=*.ndjson")):
    symbol = path.split("symbol=")[1].split("/")[0]
    date = path.split("date=")[1][:-len(".ndjson")]
    for line in open(path):
        t = json.loads(line)
        if (t["symbol"], t["date"]) != (symbol, date):
            print(f"{path}: holds {t['symbol']} {t['date']}"); bad += 1
        key = (t["producer"], t["symbol"], t["seq"])
        if key in seen:
            print(f"duplicate {key}"); bad += 1
        seen.add(key)
if len(seen) != want:
    print(f"{len(seen)} distinct ticks archived, {want} produced"); bad += 1
sys.exit(1 if bad else 0)
PY
again=$(sed -nE 's/.*ticks written, ([0-9]+) read again were there already.*/\1/p' "$WORK/resumed.err")
echo "archive-kill: ok ($before archived before the kill; $again read again and not rewritten; $TICKS once each)"
