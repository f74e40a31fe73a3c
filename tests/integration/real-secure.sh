#!/bin/bash
# Secured listeners of a real Apache Kafka 4.1.1 broker (one broker for every case here):
# SASL/PLAIN and SSL runs deliver every tick (read back by kcat through the same listener),
# a wrong password, a missing CA and SCRAM on a librdkafka older than 2.6.1 each stop kticker
# at start-up with one message, within 10 s.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/kafka/secure.sh"
need_tool kcat kcat
need_tool pkg-config pkg-config
secure_broker 4.1.1

client_config "$WORK/plain.conf" security.protocol=SASL_PLAINTEXT sasl.mechanisms=PLAIN \
	sasl.username=carol sasl.password=carol-secret
secure_count "$SASL" "$WORK/plain.conf" 2000

client_config "$WORK/ssl.conf" security.protocol=SSL "ssl.ca.location=$CA"
secure_count "$SSL" "$WORK/ssl.conf" 2000

client_config "$WORK/wrong-password.conf" security.protocol=SASL_PLAINTEXT sasl.mechanisms=PLAIN \
	sasl.username=carol sasl.password=not-carols
secure_refused wrong-password "$SASL" "$WORK/wrong-password.conf"
grep -q "cannot connect to $SASL: SASL authentication error: .*Invalid username or password" \
	"$WORK/wrong-password.message" || fail "wrong password: $(cat "$WORK/wrong-password.message")"

# without ssl.ca.location the broker's certificate cannot be verified
client_config "$WORK/no-ca.conf" security.protocol=SSL
secure_refused no-ca "$SSL" "$WORK/no-ca.conf"
grep -q "cannot connect to $SSL: SSL handshake failed: .*certificate verify failed" \
	"$WORK/no-ca.message" || fail "no CA: $(cat "$WORK/no-ca.message")"

# Kafka 4.x refuses librdkafka's SCRAM before 2.6.1 (a client nonce bug): kticker says so
client_config "$WORK/scram.conf" security.protocol=SASL_PLAINTEXT sasl.mechanisms=SCRAM-SHA-512 \
	sasl.username=alice sasl.password=alice-secret
version=$(pkg-config --modversion rdkafka)
if [[ "$(printf '%s\n' "$version" 2.6.1 | sort -V | head -n1)" == 2.6.1 ]]; then
	secure_count "$SASL" "$WORK/scram.conf" 2000
else
	secure_refused scram "$SASL" "$WORK/scram.conf"
	grep -qF "kticker: SCRAM-SHA-512 authentication failed at $SASL: kticker runs on librdkafka $version, which cannot do SCRAM with Kafka 4.x brokers (a client nonce bug fixed in librdkafka 2.6.1)" \
		"$WORK/scram.message" || fail "SCRAM on librdkafka $version: $(cat "$WORK/scram.message")"
fi
echo "real-secure: ok"
