#!/bin/bash
# The command line: help, version, and a clear message and exit status for bad input.
. "$TESTS_DIR/lib.sh"

"$KTICKER" --help >"$WORK/help" || fail "--help exited non-zero"
for opt in --broker --brokers --partitions --topic --group --data --delay --ticks-per-day \
	--seed --from --loop --acks --idempotence --no-idempotence -X --headless --duration --count --log --ascii \
	--no-color --fps --config --prom; do
	grep -q -- "$opt" "$WORK/help" || fail "--help does not mention $opt"
done
"$KTICKER" --version | grep -qE '^kticker [0-9]+\.[0-9]+' || fail "--version"

expect_usage_error() { # MESSAGE ARGS...
	local message=$1 rc=0
	shift
	"$KTICKER" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	((rc == 2)) || fail "kticker $* exited $rc, expected 2"
	grep -qF -- "$message" "$WORK/err" || fail "kticker $*: no '$message' in: $(cat "$WORK/err")"
}
expect_usage_error "--acks must be 0, 1 or all (got 'two')" --headless --acks two
expect_usage_error "--idempotence needs --acks all" --headless --acks 1 --idempotence
expect_usage_error "unknown option '--nope'" --nope
expect_usage_error "--partitions must be an integer from 1 to 1024 (got 'many')" --partitions many
expect_usage_error "-X expects KEY=VALUE (got 'linger.ms')" -X linger.ms
# set by kticker from its own option, which its messages name: -X, applied last, would
# override it unsaid (a static member does not leave its group when it stops)
expect_usage_error "-X group.instance.id: the static member ID is --instance-id" --headless --count 1 \
	-X group.instance.id=other
expect_usage_error "--from must be a date as YYYY-MM-DD (got '2020-02-30')" --from 2020-02-30
expect_usage_error "--fps must be an integer from 1 to 60 (got '0')" --fps 0
# the screen needs a terminal: without one, a clear message instead of garbage
expect_usage_error "the screen needs a terminal" --data "$DATA_DIR" </dev/null

# A property librdkafka does not know: its own error text, at once (a usage error).
rc=0
timeout 30 "$KTICKER" --headless --count 1 --data "$DATA_DIR" -X no.such.property=1 >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 2)) || fail "bad -X property exited $rc, expected 2"
grep -q "No such configuration property" "$WORK/err" || fail "no librdkafka error text: $(cat "$WORK/err")"

# A --count run that --duration ends first exits 1, and says why on stderr.
rc=0
timeout 60 "$KTICKER" --headless --count 100000 --duration 5 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "a --count run cut short by --duration exited $rc, expected 1"
grep -qE 'exit status 1: --count 100000 not reached: the run ended with [0-9]+ ticks produced' "$WORK/err" ||
	fail "exit 1 without a reason: $(tail -3 "$WORK/err")"

# Data that cannot be used at all: a clear message, not a crash.
rc=0
"$KTICKER" --headless --data /nonexistent/prices.csv >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "missing data exited $rc, expected 1"
grep -q "/nonexistent/prices.csv: No such file or directory" "$WORK/err" || fail "missing data: $(cat "$WORK/err")"
grep -q "no usable rows" "$WORK/err" || fail "missing data: $(cat "$WORK/err")"
! grep -qiE 'cluster|bootstrap|mock' "$WORK/out" "$WORK/err" ||
	fail "a cluster started for data that is not there: $(cat "$WORK/out" "$WORK/err")"

# --from after the data: refused before any cluster starts, with the data's last date (its CSVs')
last=$(tail -qn1 "$DATA_DIR"/*.csv | cut -d, -f1 | sort | tail -n1)
rc=0
timeout 30 "$KTICKER" --headless --from 2099-01-01 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "--from after the data exited $rc, expected 1"
grep -qxF "kticker: --from is after the last date in the data ($last)" "$WORK/err" ||
	fail "--from after the data: $(cat "$WORK/err")"
! grep -qiE 'cluster|bootstrap|mock' "$WORK/out" "$WORK/err" ||
	fail "a cluster started before --from was refused: $(cat "$WORK/out" "$WORK/err")"

# Lessons: the list, one lesson as written in man/lessons.txt, and a clear no.
lessons=$("$KTICKER" --lesson 0) || fail "--lesson 0 failed"
(($(grep -cE '^ ?[0-9]+  ' <<<"$lessons") >= 8)) || fail "fewer than 8 lessons: $lessons"
"$KTICKER" --lesson 11 | grep -qF "ticks.dlq -e -f '%s %h\n'" || fail "lesson 11 lost its backslash"
rc=0
"$KTICKER" --lesson 99 >/dev/null 2>"$WORK/err" || rc=$?
((rc == 2)) && grep -q "no lesson 99" "$WORK/err" || fail "--lesson 99: exit $rc, $(cat "$WORK/err")"
# The install script: --help is asked for (stdout, 0), a flag it does not know is not (stderr, 2);
# neither installs anything.
deps="$TESTS_DIR/../scripts/install-deps.sh"
bash "$deps" --help >"$WORK/out" 2>"$WORK/err" || fail "install-deps.sh --help exited $?"
grep -q '^  --tests ' "$WORK/out" && [[ ! -s "$WORK/err" ]] ||
	fail "install-deps.sh --help: $(cat "$WORK/out" "$WORK/err")"
rc=0
bash "$deps" --bogus >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 2)) && grep -q '^usage: scripts/install-deps.sh' "$WORK/err" && [[ ! -s "$WORK/out" ]] ||
	fail "install-deps.sh --bogus: exit $rc, $(cat "$WORK/out" "$WORK/err")"
echo "cli-usage: ok"
