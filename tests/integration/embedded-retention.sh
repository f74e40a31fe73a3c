#!/bin/bash
# Retention overtakes a throttled consumer on the embedded cluster (about 5 MB kept per
# partition). No race decides the outcome: the producer keeps writing (about 15,000 ticks
# a second per partition, a whole retained log every 2 s) while the consumer reads 200 a
# second with a prefetch of ~1,100, so once the group has joined (about 3 s) the log start
# must pass the consumer's position; 30 s leave room for a loaded machine. Only then does
# the producer pause and the throttle lift: the log start stands still, the last reset lands
# and the consumer reads past the last skip, so every symbol's gap is closed.
#  - the consumer never stops reading for 5 s while resets come and go, from its first read to
#    the pause (the --metrics rows, one a second: before the fix it read nothing for > 40 s);
#  - each deleted offset is counted once: "deleted unread" equals the sum of the ranges the
#    log reports and the ticks missing from the archive from each symbol's first sequence
#    number, 0 (three symbols whose data covers every replayed day, so each skip is seen by
#    all); the sequence gaps kticker counts are those between ticks it read, the archive's.
. "$TESTS_DIR/lib.sh"
need_tool python3 python3

mkdir -p "$WORK/data"
cp "$DATA_DIR/AAPL.csv" "$DATA_DIR/IBM.csv" "$DATA_DIR/MSFT.csv" "$WORK/data/"
cat >"$WORK/scenario" <<'S'
0   throttle 200
30  note producing stops: the consumer reads past the last skip
30  pause
30  throttle 0
S
timeout 120 "$KTICKER" --headless --partitions 2 --duration 32 --delay 1 --ticks-per-day 10 \
	--from 2017-05-01 --loop --data "$WORK/data" --scenario "$WORK/scenario" \
	--log "$WORK/log" --metrics "$WORK/metrics.csv" --archive "$WORK/archive" -X queued.min.messages=100 \
	-X batch.num.messages=1000 >"$WORK/out" 2>"$WORK/err" ||
	true # ticks were lost: exit 1 is expected, counts are checked
grep -q '^result:' "$WORK/out" || fail "no summary: $(tail -3 "$WORK/err")"
deleted=$(field deleted_unread "$WORK/out")
gaps=$(field gaps "$WORK/out")
((deleted > 0)) || fail "retention never passed the throttled consumer within 30 s (deleted_unread=$deleted)"

python3 - "$WORK/log" "$WORK/archive" "$deleted" "$gaps" "$WORK/metrics.csv" <<'PY' || fail "see above"
import csv, glob, json, re, sys
log, archive, deleted, gaps, metrics = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
resets, reads, ranges = [], [], 0
for line in open(log):
    ms = int(line.split()[0])
    if "offset reset (at offset" in line or "stuck behind retention" in line:
        resets.append(ms)
    m = re.search(r"offsets (\d+)\.\.(\d+) were deleted before they were read", line)
    if m:
        reads.append(ms)  # the first message after the skip has arrived
        ranges += int(m.group(2)) - int(m.group(1)) + 1
bad = 0
# (seconds, consumed) from the first read to the pause at 30 s
rows = [(float(r["seconds"]), int(r["consumed"])) for r in csv.DictReader(open(metrics))]
reading = [(t, n) for t, n in rows if t <= 30]
first = next((i for i, (t, n) in enumerate(reading) if n > 0), None)
if first is None:
    print("the consumer read nothing before the pause"); bad += 1
else:
    reading = reading[first:]
    for (t0, n0) in reading:
        later = [n for t, n in reading if t0 < t <= t0 + 5]
        if later and t0 + 5 <= reading[-1][0] and max(later) == n0:
            print(f"nothing read for 5 s from {t0} s (consumed {n0})"); bad += 1
            break
print(f"{len(resets)} resets, {len(reads)} skips read past; reading from {reading[0][0] if reading else '-'} s")
seqs = {}
for f in glob.glob(archive + "/symbol=*/*.ndjson"):
    for line in open(f):
        t = json.loads(line)
        seqs.setdefault(t["symbol"], []).append(t["seq"])
# kticker's sequence gaps lie between two ticks it read of a symbol; the ticks deleted before
# its first read of one (retention passing a partition before its first fetch, as on a slow
# sanitizer build) are deleted unread too, and the producer numbered every symbol from 0
archived_gaps = sum(max(v) - min(v) + 1 - len(set(v)) for v in seqs.values())
before_first = sum(min(v) for v in seqs.values())
print(f"deleted_unread {deleted}, logged ranges {ranges}, sequence gaps {gaps}, gaps in the archive "
      f"{archived_gaps}, and before each symbol's first tick read {before_first}")
if not resets: print("no out-of-range reset was logged"); bad += 1
if len(seqs) != 3: print(f"archive has {len(seqs)} symbols, expected 3"); bad += 1
if not (gaps == archived_gaps and deleted == ranges == archived_gaps + before_first):
    print("the counts differ"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "embedded-retention: ok ($deleted offsets deleted unread, all counted once as gaps; the consumer never stopped reading for 5 s)"
