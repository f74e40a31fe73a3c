#!/bin/bash
# A second kticker joins the first one's embedded cluster with --broker and reads its ticks.
# The mock answers Metadata only up to v2 and no DescribeGroups: the second knows the mock by its
# cluster id and asks neither (each refusal is an error line in the first one's event log, and
# its own Metadata v7 was refused several times a second, for as long as it ran).
. "$TESTS_DIR/lib.sh"

"$KTICKER" --headless --duration 90 --delay 50 --data "$DATA_DIR" >"$WORK/first.out" 2>"$WORK/first.err" &
pid=$!
on_exit "kill $pid 2>/dev/null"
wait_for_line "$WORK/first.out" '^bootstrap: ' 20
bootstrap=$(bootstrap_of "$WORK/first.out")

timeout 60 "$KTICKER" --headless --broker "$bootstrap" --topic ticks --group second \
	--count 300 --delay 0 --data "$DATA_DIR/IBM.csv" >"$WORK/second.out" 2>"$WORK/second.err" ||
	fail "second kticker exited $?: $(tail -5 "$WORK/second.err")"
grep -q "topic ticks exists with 6 partitions" "$WORK/second.err" || fail "second did not find the topic"
expect_field own 300 "$WORK/second.out"
expect_field failed 0 "$WORK/second.out"
consumed=$(field consumed "$WORK/second.out")
((consumed > 300)) || fail "second kticker read only its own ticks ($consumed), not the first's"
grep -q "librdkafka's mock cluster (another kticker's embedded one)" "$WORK/second.err" ||
	fail "the second kticker did not know the mock: $(grep 'cluster at' "$WORK/second.err")"
refused=$(grep -c 'unsupported MetadataRequest' "$WORK/first.err" || true)
((refused == 0)) || fail "the second kticker sent the mock $refused Metadata requests it refuses"
described=$(grep -c 'unsupported DescribeGroups' "$WORK/first.err" || true)
((described == 0)) || fail "the second kticker asked the mock to describe its group $described times"
echo "embedded-second-client: ok (no request the mock refuses)"
