#!/bin/bash
# Lesson 6 (Delivery semantics) as its text says, on the embedded cluster, checked against kcat:
# with acks=0, 100 failed produce requests lose ticks silently (failed 0, retries 0), and the
# gaps on the Delivery line are exactly the ticks kcat does not find in the topic; with
# idempotence (acks=all), 100 more failures are retried (retries > 0), delivery goes on, and
# kcat finds every tick produced since then exactly once: no new gap, no duplicate.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
events="$WORK/events.log"

# f opens the prompt with the lesson's command already typed: enter runs it
fail_produce() {
	local since
	since=$(grep -c 'produce requests will fail with NOT_ENOUGH_REPLICAS' "$events" || true)
	tui_keys f
	tui_wait '^:fail-produce 100 NOT_ENOUGH_REPLICAS' 5
	tui_keys Enter
	local deadline=$((SECONDS + 5))
	until (($(grep -c 'the next 100 produce requests will fail with NOT_ENOUGH_REPLICAS' "$events") > since)); do
		((SECONDS < deadline)) || fail "fail-produce was not taken: $(tail -3 "$events")"
		sleep 0.2
	done
}

# The lesson's Start command (kticker --from 2017-05-01 --ticks-per-day 8), with the test's data
tui_start 120x40 --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 8 --log "$events"
tui_wait '^ OK ' 30
bootstrap=$(sed -n 's/.* embedded cluster: [0-9]* brokers at //p' "$events" | head -n1)
[[ -n "$bootstrap" ]] || fail "no embedded cluster address in the event log"

# a once: acks=0, idempotence off
tui_keys a
tui_wait 'acks=0 ' 10
wait_for_line "$events" 'producer kt-[0-9a-f]+: topic ticks, acks=0, idempotence off' 15
acks0_ms=$(event_ms "$events" 'producer kt-[0-9a-f]+: topic ticks, acks=0, idempotence off')
fail_produce
tui_wait '^ Delivery gaps [1-9][0-9]* ' 20
tui_screen | grep -qE '^ Producer .* failed 0  retries 0( |$)' ||
	fail "acks=0 heard of a failure: $(tui_screen | grep '^ Producer')"
note "acks=0: $(tui_screen | grep '^ Delivery')"

# i: idempotence on (acks=all), then 100 failures again
tui_keys i
tui_wait 'acks=all +idempotence on' 10
rebuilt_ms=$(wait_for_event "$events" 'producer kt-[0-9a-f]+: topic ticks, acks=all, idempotence on' "$acks0_ms" 15)
read_before=$(tui_value 'Consumer ')
# read_past N: waits (at most 60 s) until the consumer has read N ticks more than before the failures
read_past() {
	local deadline=$((SECONDS + 60))
	until (($(tui_value 'Consumer ') > read_before + $1)); do
		((SECONDS < deadline)) || fail "delivery did not go on after the failures: $(tui_screen | grep -E '^ (Producer|Consumer|Delivery)')
$(tail -5 "$events")"
		sleep 0.1
	done
}
fail_produce
injected_ms=$(date +%s%3N)
read_past 50
note "with idempotence, 50 ticks more were read $(($(date +%s%3N) - injected_ms)) ms after the failures were injected (about 0.6 s without them)"
tui_wait ' retries [1-9]' 20
wait_for_line "$events" '[0-9]+ requests? retried after NOT_ENOUGH_REPLICAS; the idempotent producer keeps their order' 10
# delivery goes on: 300 ticks more (over 3 s of them) than before the failures reach the consumer
read_past 300

# pause, let the consumer read everything, then compare the screen with kcat's read
tui_keys ' '
wait_for_line "$events" 'producer paused' 5
tui_wait '^ OK lag 0 ' 60
kcat -C -b "$bootstrap" -t ticks -e -q -f '%s\n' >"$WORK/topic.json" 2>"$WORK/kcat.err" ||
	fail "kcat could not read the topic: $(cat "$WORK/kcat.err")"
# the screen once it has read every tick kcat found (what reading them found is shown with them)
tui_wait "^ Consumer $(wc -l <"$WORK/topic.json") " 10
tui_screen >"$WORK/screen.txt"
gaps=$(grep -oE '^ Delivery gaps [0-9]+' "$WORK/screen.txt" | grep -oE '[0-9]+$')
read=$(grep -oE '^ Consumer [0-9]+' "$WORK/screen.txt" | grep -oE '[0-9]+$')
grep -qE '^ Delivery gaps [0-9]+  duplicates 0  late 0 ' "$WORK/screen.txt" ||
	fail "duplicates or late ticks on the Delivery line: $(grep '^ Delivery' "$WORK/screen.txt")"
python3 - "$WORK/topic.json" "$gaps" "$read" "$rebuilt_ms" <<'EOF' || fail "the screen and kcat disagree"
import json, sys
path, screen_gaps, screen_read, rebuilt_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
streams = {}
for line in open(path):
    t = json.loads(line)
    streams.setdefault((t["producer"], t["symbol"]), []).append((t["seq"], t["produce_ms"]))
missing = duplicates = after = 0
late_gaps = []
for key, ticks in streams.items():
    ticks.sort()
    prev_seq, prev_ms = -1, 0
    for seq, ms in ticks:
        if seq == prev_seq:
            duplicates += 1
        elif seq > prev_seq + 1:
            missing += seq - prev_seq - 1
            if prev_ms >= rebuilt_ms:  # lost after idempotence was on
                late_gaps.append(f"{key} seq {prev_seq + 1}..{seq - 1}")
        if ms >= rebuilt_ms:
            after += 1
        prev_seq, prev_ms = seq, ms
print(f"kcat: {sum(map(len, streams.values()))} ticks, {missing} missing, {duplicates} duplicates, "
      f"{after} produced with idempotence on; screen: read {screen_read}, gaps {screen_gaps}",
      file=sys.stderr)
problems = []
if sum(map(len, streams.values())) != screen_read:
    problems.append(f"the consumer read {screen_read} ticks, kcat {sum(map(len, streams.values()))}")
if missing != screen_gaps:
    problems.append(f"the screen says gaps {screen_gaps}, kcat misses {missing} ticks")
if missing == 0:
    problems.append("acks=0 lost nothing: the lesson's first step shows nothing")
if duplicates:
    problems.append(f"kcat read {duplicates} ticks twice")
if late_gaps:
    problems.append("ticks lost with idempotence on: " + ", ".join(late_gaps[:5]))
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
# quitting while injected failures hold delivery up: they are dropped, and the final flush
# delivers every queued tick (it used to purge them, and kticker exited 1)
tui_keys ' '
wait_for_line "$events" 'producer (resumed|goes on)' 5
retries=$(tui_value ' retries ')
fail_produce
deadline=$((SECONDS + 20))
until (($(tui_value ' retries ') > retries)); do
	((SECONDS < deadline)) || fail "no retry after the third fail-produce"
	sleep 0.2
done
tui_keys q
tui_expect_clean_exit
wait_for_line "$events" 'injected produce failures not yet used up are dropped' 1
if grep -q 'purged' "$events"; then fail "ticks were purged at exit: $(grep purged "$events")"; fi
echo "tui lesson-delivery: ok"
