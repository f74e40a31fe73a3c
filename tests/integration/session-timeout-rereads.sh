#!/bin/bash
# Every broker down past the consumer's session timeout: the commit at revoke fails and the
# coordinator cannot say what it holds. Back, the member resumes at the group's committed
# offsets (none here: the log's start), older than where it had read, and reads those ticks
# again: counted as re-reads, so what it read reconciles with the log. kcat reads the topic apart from kticker while it
# still runs: the ticks read are the log's plus the re-reads, and --report counts each tick
# of the log once per symbol, the re-read ones too.
. "$TESTS_DIR/lib.sh"
need_tool kcat kcat
# no auto commit before the outage (the first would come a minute after the assignment): every
# tick read by then is read again, so there are re-reads to count whatever the timing

printf '%s\n' '+5 broker-down 1' '+5 broker-down 2' '+5 broker-down 3' '+20 broker-up 1' \
	'+20 broker-up 2' '+20 broker-up 3' '+30 pause' >"$WORK/outage.txt"
headless_start --duration 40 --delay 500 --ticks-per-day 5 --from 2017-05-01 \
	--data "$DATA_DIR" --scenario "$WORK/outage.txt" --report "$WORK/report.csv" \
	-X auto.commit.interval.ms=60000
keys_after_pause "$pid" 30
grep -q 'commit at revoke failed .*the committed offsets are unknown' "$WORK/err" ||
	fail "no failed commit at revoke with unknown offsets: $(grep -E 'revoke|SESSTMOUT' "$WORK/err")"
grep -q "is back after a failed commit at revoke: this member reads [1-9][0-9]* ticks again" "$WORK/err" ||
	fail "the member did not say what it reads again: $(grep -E 'assigned|resuming|again' "$WORK/err")"

in_log=$(wc -l <"$WORK/keys")
own=$(field own "$WORK/out")
rereads=$(field rereads "$WORK/out")
# the embedded cluster writes a request twice that a broker took down wrote but did not answer:
# a duplicate in the log, which the consumer counts as such
expect_field delivered "$(wc -l <"$WORK/distinct-keys")" "$WORK/out"
expect_field duplicates $((in_log - $(wc -l <"$WORK/distinct-keys"))) "$WORK/out"
expect_field lag 0 "$WORK/out"
((own == in_log + rereads)) ||
	fail "read $own ticks, the log holds $in_log and $rereads re-reads were counted ($(grep '^result:' "$WORK/out"))"
((rereads > 0)) || fail "no re-read: the outage made none to check"
check_report_counts "$WORK/distinct-keys" "$WORK/report.csv"
echo "session-timeout-rereads: ok ($in_log in the log, $own read, $rereads re-read)"
