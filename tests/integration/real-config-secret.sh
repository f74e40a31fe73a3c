#!/bin/bash
# A wrong password from the config file (and a secret given with -X) against the real
# broker: the run fails, and neither secret value appears in anything kticker writes —
# stdout, stderr (the event log), --log, --metrics, --prom. SASL on the broker's PLAINTEXT
# listener fails, which is all this check needs.
. "$TESTS_DIR/lib.sh"
need_broker

topic=$(unique_name cfg-secret)
printf '%s\n' "security.protocol=SASL_PLAINTEXT" "sasl.mechanisms=PLAIN" "sasl.username=carol" \
	"sasl.password=Wr0ngFileSecret" >"$WORK/kticker.conf"
chmod 600 "$WORK/kticker.conf"
rc=0
KTICKER_CONFIG="$WORK/kticker.conf" timeout 90 "$KTICKER" --headless --broker "$BROKER" \
	--topic "$topic" --group "$topic" --duration 8 --data "$DATA_DIR" \
	-X ssl.key.password=Wr0ngArgvSecret --log "$WORK/log" --metrics "$WORK/metrics.csv" \
	--prom "$WORK/kticker.prom" >"$WORK/out" 2>"$WORK/err" || rc=$?
((rc == 1)) || fail "a wrong password exited $rc, expected 1: $(tail -5 "$WORK/err")"
grep -q "SASL" "$WORK/err" || fail "no SASL error told: $(tail -5 "$WORK/err")"
grep -q "config: 4 settings from $WORK/kticker.conf" "$WORK/log" || fail "the config file was not read"
grep -q "ssl.key.password: a secret on the command line can be read by anyone with ps" "$WORK/err" ||
	fail "no warning about the secret on the command line"
for f in "$WORK/out" "$WORK/err" "$WORK/log" "$WORK/metrics.csv" "$WORK"/kticker.prom*; do
	[[ -e "$f" ]] || continue
	! grep -l "Wr0ng" "$f" || fail "a secret value is in $f: $(grep Wr0ng "$f" | head -3)"
done
note "$(wc -l <"$WORK/err") lines on stderr, $(wc -l <"$WORK/log") in --log, no secret"
echo "real-config-secret: ok"
