# secure.sh: helpers for tests against secured listeners (sourced after tests/lib.sh, bash).

# secure_broker VERSION: starts a `broker.sh start-secure` broker of this Kafka version for this
# test alone; sets SASL and SSL to its listeners' addresses and CA to the certificate that
# signed the broker's. Users: PLAIN carol/carol-secret, SCRAM-SHA-512 alice/alice-secret.
# Without Java, Maven or openssl the test is skipped, except in CI, where it fails.
secure_broker() {
	local state=$WORK/secure-broker rc=0
	mkdir -p "$state"
	KTICKER_KAFKA_VERSION=$1 bash "$TESTS_DIR/kafka/broker.sh" start-secure "$state" \
		>"$WORK/listeners" || rc=$?
	if ((rc != 0)); then
		[[ "${CI:-}" == "true" ]] && fail "could not start the secured Kafka $1 broker (exit $rc); CI needs it"
		((rc == 77)) && skip "no secured Kafka broker: needs Java 17, Maven and openssl (see README)"
		fail "could not start the secured Kafka $1 broker (exit $rc)"
	fi
	on_exit "KTICKER_KAFKA_VERSION=$1 bash '$TESTS_DIR/kafka/broker.sh' stop '$state'"
	SASL=$(awk '$1 == "sasl" { print $2 }' "$WORK/listeners")
	SSL=$(awk '$1 == "ssl" { print $2 }' "$WORK/listeners")
	CA=$state/tls/ca.pem
	[[ -n "$SASL" && -n "$SSL" && -f "$CA" ]] || fail "broker.sh start-secure printed: $(cat "$WORK/listeners")"
}

# client_config FILE KEY=VALUE...: the client settings as a kcat-style config file, which kcat
# reads with -F or $KCAT_CONFIG (owner-only: it holds a password)
client_config() {
	local file=$1
	shift
	(umask 077 && printf '%s\n' "$@" >"$file")
}

# config_args FILE: sets CONFIG_ARGS to the options that give kticker the file's settings:
# the file itself, as kcat takes it (it holds a password: only its owner may read it)
config_args() {
	chmod 600 "$1"
	CONFIG_ARGS=(-F "$1")
}

# secure_count ADDRESS CONFIG TICKS: a headless kticker run through a secured listener that
# produces and consumes TICKS ticks of a new topic ($topic); checks its counts, then reads the
# topic apart from kticker with kcat through the same listener and settings.
secure_count() {
	local address=$1 config=$2 ticks=$3 name
	name=$(basename "$config" .conf)
	topic=$(unique_name "secure-$name")
	config_args "$config"
	timeout 120 "$KTICKER" --headless --broker "$address" --topic "$topic" --group "$topic" \
		--partitions 3 --count "$ticks" --delay 0 --ticks-per-day 2 --data "$DATA_DIR" \
		"${CONFIG_ARGS[@]}" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
		fail "$name: exit $?: $(grep -v ': info: ' "$WORK/$name.err" | tail -5)"
	grep -q "^bootstrap: $address\$" "$WORK/$name.out" || fail "$name: bootstrap line is not $address"
	expect_field delivered "$ticks" "$WORK/$name.out"
	expect_field own "$ticks" "$WORK/$name.out"
	expect_field gaps 0 "$WORK/$name.out"
	expect_field duplicates 0 "$WORK/$name.out"
	KCAT_CONFIG=$config check_topic "$address" "$topic" "$ticks"
	note "$name: $ticks ticks through $address, read back by kcat with the same settings"
}

# secure_refused NAME ADDRESS CONFIG: kticker is refused at start-up: exit 1 within 10 s, and
# one message (no librdkafka retry lines), printed into $WORK/NAME.message
secure_refused() {
	local name=$1 address=$2 config=$3 rc=0 start ms
	config_args "$config"
	start=$(date +%s%N)
	timeout 60 "$KTICKER" --headless --broker "$address" --topic "$(unique_name refused)" \
		--count 10 --data "$DATA_DIR" "${CONFIG_ARGS[@]}" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	((rc == 1)) || fail "$name: exit $rc, expected 1: $(tail -5 "$WORK/$name.err")"
	# (the data files' own warnings and info lines come first: a bad row by FILE:LINE, a
	# symbol's repeated day by SYMBOL, as BTC-USD.csv's 2018-03-25)
	grep -v -e '^kticker: info: ' -e '^kticker: warn: .*\.csv:' -e '^kticker: warn: [^ ]*: a second row dated ' \
		"$WORK/$name.err" >"$WORK/$name.message" || true
	(($(wc -l <"$WORK/$name.message") == 1)) ||
		fail "$name: expected one message, got: $(cat "$WORK/$name.message")"
	note "$name: refused after $ms ms: $(cat "$WORK/$name.message")"
	((ms < 10000)) || fail "$name: it took $ms ms to give up (limit 10 s)"
}
