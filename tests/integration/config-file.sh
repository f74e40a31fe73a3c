#!/bin/bash
# The config file, as kcat finds its own: -F FILE, else $KTICKER_CONFIG, else
# $XDG_CONFIG_HOME/kticker/kticker.conf; kticker's options by long name and librdkafka
# properties; the command line and -X win over it. A file with a secret readable by others
# is refused, and no secret value is ever echoed back.
. "$TESTS_DIR/lib.sh"

# run_with ARGS...: a short headless run on the embedded cluster; its stderr in $WORK/err
run_with() {
	timeout 60 "$KTICKER" --headless --count 20 --delay 0 --data "$DATA_DIR/IBM.csv" "$@" \
		>"$WORK/out" 2>"$WORK/err" || fail "kticker $*: exit $?: $(tail -5 "$WORK/err")"
}
# conf FILE LINES...: writes a config file, mode 644
conf() {
	local file=$1
	shift
	mkdir -p "$(dirname "$file")"
	printf '%s\n' "$@" >"$file"
	chmod 644 "$file"
}
expect_topic() { # NAME PARTITIONS
	grep -q "topic $1: $2 partitions" "$WORK/err" || fail "expected topic $1 with $2 partitions: $(grep -i 'topic\|config' "$WORK/err")"
}

conf "$XDG_CONFIG_HOME/kticker/kticker.conf" "# the default place" "  topic = from-xdg  " "" "partitions=2"
run_with
expect_topic from-xdg 2
grep -q "config: 2 settings from $XDG_CONFIG_HOME/kticker/kticker.conf" "$WORK/err" || fail "the file read is not told"

conf "$WORK/env.conf" "topic=from-env" "partitions=3"
KTICKER_CONFIG="$WORK/env.conf" run_with
expect_topic from-env 3

conf "$WORK/f.conf" "topic=from-f" "partitions=4" "headless=true"
KTICKER_CONFIG="$WORK/env.conf" run_with -F "$WORK/f.conf"
expect_topic from-f 4

# The command line wins over the file; the rest of the file still applies.
run_with -F "$WORK/f.conf" --topic from-cli
expect_topic from-cli 4
# A property librdkafka refuses when the consumer is made (below message.max.bytes): the
# file's value reaches librdkafka, and -X replaces it.
conf "$WORK/fetch.conf" "fetch.max.bytes=1000"
rc=0
timeout 60 "$KTICKER" -F "$WORK/fetch.conf" --headless --count 20 --delay 0 --data "$DATA_DIR/IBM.csv" \
	>"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) && grep -q "fetch.max.bytes. must be >=" "$WORK/err" ||
	fail "the file's fetch.max.bytes did not reach librdkafka (exit $rc): $(tail -3 "$WORK/err")"
run_with -F "$WORK/fetch.conf" -X fetch.max.bytes=52428800
expect_field own 20 "$WORK/out"

# expect_refused MESSAGE ARGS...: exit 2 with MESSAGE, and the secret nowhere
expect_refused() {
	local message=$1 rc=0
	shift
	timeout 30 "$KTICKER" --headless --count 1 --data "$DATA_DIR/IBM.csv" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	((rc == 2)) || fail "kticker $*: exit $rc, expected 2: $(cat "$WORK/err")"
	grep -qF -- "$message" "$WORK/err" || fail "kticker $*: no '$message' in: $(cat "$WORK/err")"
	! grep -q "S3cretValue" "$WORK/out" "$WORK/err" || fail "the secret value was shown: $(cat "$WORK/err")"
}
conf "$WORK/secret.conf" "sasl.username=carol" "sasl.password=S3cretValue"
expect_refused "sasl.password is a secret, and the file is readable by group or others (mode 644)" -F "$WORK/secret.conf"
grep -qF "chmod 600 $WORK/secret.conf" "$WORK/err" || fail "no fix given: $(cat "$WORK/err")"
chmod 640 "$WORK/secret.conf"
expect_refused "readable by group or others (mode 640)" -F "$WORK/secret.conf"
chmod 600 "$WORK/secret.conf"
run_with -F "$WORK/secret.conf" # the mock cluster ignores SASL: accepted is enough here
! grep -q "S3cretValue" "$WORK/out" "$WORK/err" || fail "the secret value was shown"

conf "$WORK/typo.conf" "sasl.pasword=S3cretValue"
expect_refused "$WORK/typo.conf:1: sasl.pasword=...: No such configuration property" -F "$WORK/typo.conf"
conf "$WORK/bad.conf" "ssl.key.password S3cretValue"
expect_refused "$WORK/bad.conf:1: expected key=value" -F "$WORK/bad.conf"
expect_refused "config file $WORK/none.conf: No such file or directory" -F "$WORK/none.conf"
KTICKER_CONFIG="$WORK/none.conf" expect_refused "config file $WORK/none.conf: No such file"
conf "$WORK/flag.conf" "loop=maybe"
expect_refused "$WORK/flag.conf:1: loop takes true or false (got 'maybe')" -F "$WORK/flag.conf"
echo "config-file: ok"
