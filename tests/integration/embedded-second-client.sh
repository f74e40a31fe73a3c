#!/bin/bash
# A second kticker joins the first one's embedded cluster with --broker and reads its ticks.
# The mock answers Metadata only up to v2: the second stops asking by its own v7 request after
# a few refusals, and says so, rather than fill the first one's event log with the mock's
# error lines (several a second, for as long as it ran); nor does it describe the group, which
# the mock does not answer either.
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
grep -q "the cluster refuses kticker's own Metadata request" "$WORK/second.err" ||
	fail "the second kticker never gave up its Metadata request the mock refuses"
refused=$(grep -c 'unsupported MetadataRequest' "$WORK/first.err" || true)
# three refused rounds in a row, each asking the three brokers, by the two workers that ask:
# at most 18, and a few more where a round was under way when another made it three
((refused <= 24)) || fail "the mock refused $refused Metadata requests after the second gave them up"
described=$(grep -c 'unsupported DescribeGroups' "$WORK/first.err" || true)
((described == 0)) || fail "the second kticker asked the mock to describe its group $described times"
echo "embedded-second-client: ok ($refused refusals)"
