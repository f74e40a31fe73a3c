#!/usr/bin/env python3
"""Checks a topic dump (key TAB value per line, as kcat -f '%k\\t%s\\n' prints it) apart from
kticker: every value is a valid tick whose key is its symbol, and every producer's ticks come
exactly once and in order per symbol (seq 0, 1, 2, ...). Usage: check_ticks.py EXPECTED_COUNT
[DUPLICATES]: with DUPLICATES, that many ticks may be in the log twice (a tick seen before, come
again), beyond EXPECTED_COUNT, and no other number is right."""
import json
import sys

FIELDS = {"v": int, "symbol": str, "date": str, "open": (int, float), "high": (int, float),
          "low": (int, float), "close": (int, float), "adj_close": (int, float),
          "volume": int, "producer": str, "seq": int, "event_ms": int, "produce_ms": int}


def main():
    expected = int(sys.argv[1])
    allowed = int(sys.argv[2]) if len(sys.argv) > 2 else None
    next_seq, seen, count, duplicates, problems = {}, set(), 0, 0, []
    for number, line in enumerate(sys.stdin, 1):
        key, _, value = line.rstrip("\n").partition("\t")
        try:
            tick = json.loads(value)
        except ValueError as e:
            problems.append(f"message {number}: not JSON ({e}): {value[:80]!r}")
            continue
        for name, kind in FIELDS.items():
            if not isinstance(tick.get(name), kind):
                problems.append(f"message {number}: field {name} missing or of the wrong type")
        us = tick.get("produce_us")  # optional, finer produce_ms
        if us is not None and (not isinstance(us, int) or us // 1000 != tick.get("produce_ms")):
            problems.append(f"message {number}: produce_us {us!r} is not within produce_ms")
        if tick.get("symbol") != key:
            problems.append(f"message {number}: key {key!r} is not the symbol {tick.get('symbol')!r}")
        if not tick["low"] <= tick["close"] <= tick["high"]:
            problems.append(f"message {number}: close outside [low, high]")
        stream = (tick.get("producer"), key)
        want = next_seq.get(stream, 0)
        count += 1
        if allowed is not None and (stream, tick.get("seq")) in seen:
            duplicates += 1
            continue
        seen.add((stream, tick.get("seq")))
        if tick.get("seq") != want:
            problems.append(f"message {number}: {stream} seq {tick.get('seq')}, expected {want}")
        next_seq[stream] = tick.get("seq", want) + 1
    if count != expected + (duplicates if allowed is not None else 0):
        problems.append(f"{count} ticks in the topic ({duplicates} twice), expected {expected}")
    if allowed is not None and duplicates != allowed:
        problems.append(f"{duplicates} ticks in the topic twice, expected {allowed}")
    for p in problems[:20]:
        print(p, file=sys.stderr)
    print(f"checked {count} ticks of {len(next_seq)} (producer, symbol) streams: "
          f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
