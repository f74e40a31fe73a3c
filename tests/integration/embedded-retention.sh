#!/bin/bash
# Retention overtakes a throttled consumer on the embedded cluster (about 5 MB kept per
# partition). No race decides the outcome: the producer keeps writing (about 15,000 ticks
# a second per partition, a whole retained log every 2 s) while the consumer reads 200 a
# second with a prefetch of ~1,100, so once the group has joined (about 3 s) the log start
# must pass the consumer's position; 30 s leave room for a loaded machine. Only then does
# the producer pause and the throttle lift: the log start stands still, the last reset lands
# and the consumer reads past the last skip, so every symbol's gap is closed.
#  - after every out-of-range reset, reads resume within 5 s (timestamps of the --log);
#  - each deleted offset is counted once: "deleted unread" equals the sum of the ranges the
#    log reports, the sequence gaps kticker counts, and the gaps in the ticks it archived
#    (three symbols whose data covers every replayed day, so each skip is seen by all).
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
	--log "$WORK/log" --archive "$WORK/archive" -X queued.min.messages=100 \
	-X batch.num.messages=1000 >"$WORK/out" 2>"$WORK/err" ||
	true # ticks were lost: exit 1 is expected, counts are checked
grep -q '^result:' "$WORK/out" || fail "no summary: $(tail -3 "$WORK/err")"
deleted=$(field deleted_unread "$WORK/out")
gaps=$(field gaps "$WORK/out")
((deleted > 0)) || fail "retention never passed the throttled consumer within 30 s (deleted_unread=$deleted)"

python3 - "$WORK/log" "$WORK/archive" "$deleted" "$gaps" <<'PY' || fail "see above"
import glob, json, re, sys
log, archive, deleted, gaps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
resets, reads, ranges, stop = [], [], 0, None
for line in open(log):
    ms = int(line.split()[0])
    if "offset reset (at offset" in line or "stuck behind retention" in line:
        resets.append(ms)
    m = re.search(r"offsets (\d+)\.\.(\d+) were deleted before they were read", line)
    if m:
        reads.append(ms)  # the first message after the skip has arrived
        ranges += int(m.group(2)) - int(m.group(1)) + 1
    if "producing stops" in line:
        stop = ms
bad = 0
for t in resets:
    if stop is not None and t > stop:
        continue
    if not any(t <= r <= t + 5000 for r in reads):
        print(f"a reset at {t} was followed by no read within 5 s"); bad += 1
held = [b - a for a, b in zip(reads, reads[1:])]
print(f"{len(resets)} resets, {len(reads)} skips read past, longest between reads {max(held, default=0)} ms")
seqs = {}
for f in glob.glob(archive + "/symbol=*/*.ndjson"):
    for line in open(f):
        t = json.loads(line)
        seqs.setdefault(t["symbol"], []).append(t["seq"])
archived_gaps = sum(max(v) - min(v) + 1 - len(set(v)) for v in seqs.values())
print(f"deleted_unread {deleted}, logged ranges {ranges}, sequence gaps {gaps}, gaps in the archive {archived_gaps}")
if not resets: print("no out-of-range reset was logged"); bad += 1
if len(seqs) != 3: print(f"archive has {len(seqs)} symbols, expected 3"); bad += 1
if not (deleted == ranges == gaps == archived_gaps): print("the counts differ"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "embedded-retention: ok ($deleted offsets deleted unread, all counted once as gaps; reads resumed within 5 s of every reset)"
