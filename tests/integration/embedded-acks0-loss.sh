#!/bin/bash
# With acks=0 the producer never hears that produce requests failed: the ticks in them are
# lost, and the consumer's sequence check must count exactly the ticks that never arrived.
# The same faults with acks=all and idempotence lose nothing, and every retry is reported.
. "$TESTS_DIR/lib.sh"

run() { # NAME ACKS-OPTIONS...
	local name=$1
	shift
	# one second into the feed (+1), whenever the group join let it start: every stream has
	# its first tick by then, and a tick lost before its stream's first is no gap to count
	printf '+1 fail-produce 40 NOT_ENOUGH_REPLICAS\n' >"$WORK/$name.txt"
	timeout 90 "$KTICKER" --headless --count 3000 --ticks-per-day 20 --from 2017-05-01 \
		--data "$DATA_DIR" --scenario "$WORK/$name.txt" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
		true # a run that lost ticks exits 1: its counts are checked below
	grep -q 'the next 40 produce requests will fail' "$WORK/$name.err" || fail "$name: no fault injected"
}

run lossy --acks 0
produced=$(field produced "$WORK/lossy.out")
own=$(field own "$WORK/lossy.out")
gaps=$(field gaps "$WORK/lossy.out")
lost=$((produced - own))
((lost > 0)) || fail "acks=0 with failing requests lost nothing (produced $produced, read $own)"
((gaps == lost)) || fail "the sequence check counted $gaps gaps, but $lost ticks were lost"
expect_field duplicates 0 "$WORK/lossy.out"
expect_field retries 0 "$WORK/lossy.out" # with acks=0 no failure is ever heard of

run safe --idempotence
expect_field own 3000 "$WORK/safe.out"
expect_field gaps 0 "$WORK/safe.out"
expect_field duplicates 0 "$WORK/safe.out"
# each of the 40 failed requests held at least one partition's message set, each sent again
retries=$(field retries "$WORK/safe.out")
((retries >= 40)) || fail "40 produce requests failed, but retries=$retries"
grep -q 'retried after NOT_ENOUGH_REPLICAS; the idempotent producer keeps their order' "$WORK/safe.err" ||
	fail "no retry in the event log: $(grep -i retr "$WORK/safe.err")"
echo "embedded-acks0-loss: ok ($lost of $produced lost with acks=0, all counted)"
