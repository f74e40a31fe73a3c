#!/bin/bash
# SASL/SCRAM-SHA-512 against a real Apache Kafka 3.9.1 broker, which accepts Debian's
# librdkafka 2.0.2 (Kafka 4.x does not: see real-secure.sh): every tick arrives, read back by
# kcat through the same listener; a wrong password is refused once.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/kafka/secure.sh"
need_tool kcat kcat
secure_broker 3.9.1

client_config "$WORK/scram.conf" security.protocol=SASL_PLAINTEXT sasl.mechanisms=SCRAM-SHA-512 \
	sasl.username=alice sasl.password=alice-secret
secure_count "$SASL" "$WORK/scram.conf" 2000

# a wrong password: one message within 10 s, naming the password as a cause beside librdkafka's
# SCRAM bug (which Kafka 3.9 does not mind)
client_config "$WORK/scram-wrong.conf" security.protocol=SASL_PLAINTEXT \
	sasl.mechanisms=SCRAM-SHA-512 sasl.username=alice sasl.password=not-alices
secure_refused scram-wrong "$SASL" "$WORK/scram-wrong.conf"
grep -qE "authentication failed at $SASL: .*(check sasl.username and sasl.password|invalid credentials)" \
	"$WORK/scram-wrong.message" || fail "wrong SCRAM password: $(cat "$WORK/scram-wrong.message")"
echo "real-secure-scram: ok"
