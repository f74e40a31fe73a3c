#!/bin/bash
# broker.sh: a single-node Apache Kafka 4.x broker (KRaft) on 127.0.0.1 for kticker's tests.
#
#   broker.sh fetch                 fetch the jars with Maven (cached)
#   broker.sh start STATEDIR        start a broker; prints its bootstrap address
#   broker.sh start-secure STATEDIR start a broker with PLAINTEXT, SASL_PLAINTEXT and SSL
#                                   listeners; prints "plaintext|sasl|ssl ADDRESS" lines
#                                   (also in STATEDIR/listeners); see start_secure
#   broker.sh stop STATEDIR         stop it and remove its data
#   broker.sh kill STATEDIR         SIGKILL it, keeping its data (a crash)
#   broker.sh restart STATEDIR      start a killed broker again on the same ports
#   broker.sh tool STATEDIR NAME .. run one of Kafka's tools: topics, consumer-groups, configs,
#                                   delete-records, producer-perf, consumer-perf, e2e-latency, ...
#
# KTICKER_KAFKA_VERSION=3.9.1 selects Kafka 3.9.1 (pom-3.9.1.xml) instead of 4.1.1 (pom.xml).
# A cluster of N combined broker+controller nodes (ids 1..N), each in STATEDIR/nodeID, which
# is a single-node STATEDIR of its own for stop, kill and restart:
#   broker.sh start-cluster STATEDIR N   start it; prints the bootstrap list of all N brokers
#   broker.sh stop STATEDIR              stop every node and remove the data
#   broker.sh kill STATEDIR ID           SIGKILL node ID, keeping its data
#   broker.sh restart STATEDIR ID        start node ID again on the same ports
#
# Exit status 77 when Java or Maven is missing, so callers can tell "cannot" from "broken".
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
version=${KTICKER_KAFKA_VERSION:-4.1.1}
if [[ "$version" == 4.1.1 ]]; then
	pom=$here/pom.xml
	jars=${KTICKER_KAFKA_CACHE:-$HOME/.cache/kticker/kafka-$version}
else
	pom=$here/pom-$version.xml
	[[ -f "$pom" ]] || { echo "broker.sh: no pom for Kafka $version" >&2; exit 2; }
	jars=${KTICKER_KAFKA_CACHE:+$KTICKER_KAFKA_CACHE-$version}
	jars=${jars:-$HOME/.cache/kticker/kafka-$version}
fi

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "skip: $1 not found (install $2)" >&2; exit 77; }
}

fetch() {
	[[ -f "$jars/.complete" ]] && return 0
	need java openjdk-17-jdk-headless
	need mvn maven
	mkdir -p "$jars"
	# Maven writes beside the pom: work on a copy, so a read-only source tree is fine.
	local build
	build=$(mktemp -d)
	cp "$pom" "$build/pom.xml"
	if ! mvn -q -B -f "$build/pom.xml" dependency:copy-dependencies \
		-DoutputDirectory="$jars" -DincludeScope=runtime >"$build/mvn.log" 2>&1; then
		echo "broker.sh: Maven could not fetch Apache Kafka $version:" >&2
		tail -20 "$build/mvn.log" >&2
		rm -rf "$build"
		exit 1
	fi
	rm -rf "$build"
	touch "$jars/.complete"
}

# free_ports N: N distinct free ports on 127.0.0.1, one a line (all bound at once, so distinct)
free_ports() {
	python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
for s in socks: print(s.getsockname()[1])' "$1"
}

# 16 random bytes, base64url without padding; one starting with '-' reads as an option.
cluster_id() {
	local id
	while :; do
		id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
		[[ "$id" != -* ]] && { echo "$id"; return; }
	done
}

run_java() { # HEAP MAINCLASS ARGS...
	local heap=$1
	shift
	java "-Xmx$heap" -Dlog4j2.level=WARN -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
		-cp "$jars/*" "$@"
}

# The properties of every broker here, listeners apart (PLAINTEXT is always the inter-broker one).
# Retention is checked every second from the start (Kafka's default: every 5 minutes, the first
# after 30 s), so a topic's retention.ms or retention.bytes set by a test acts within seconds.
common_properties() { # STATEDIR CONTROLLER-PORT
	cat <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$2
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$1/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.check.interval.ms=1000
log.initial.task.delay.ms=0
PROPS
}

# format_storage STATEDIR [StorageTool option...]: formats the broker's log dir under a new cluster id
format_storage() {
	local state=$1
	shift
	run_java 256m kafka.tools.StorageTool format -t "$(cluster_id)" -c "$state/server.properties" \
		"$@" >"$state/format.log" 2>&1 || { cat "$state/format.log" >&2; exit 1; }
}

start() {
	local state=$1
	need java openjdk-17-jdk-headless
	fetch
	mkdir -p "$state/logs"
	local port cport
	{ read -r port; read -r cport; } < <(free_ports 2)
	{
		common_properties "$state" "$cport"
		cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
PROPS
	} >"$state/server.properties"
	format_storage "$state"
	echo "127.0.0.1:$port" >"$state/bootstrap"
	launch "$state"
}

# make_certs DIR PASSWORD: a CA (DIR/ca.pem, what clients trust) and a broker certificate it
# signed for 127.0.0.1 and localhost (librdkafka checks the host name), in a PKCS12 keystore
# (DIR/broker.p12) as Kafka reads it.
make_certs() {
	local dir=$1 pass=$2
	mkdir -p "$dir"
	(
		cd "$dir"
		openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=kticker test CA" \
			-keyout ca.key -out ca.pem
		openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout broker.key -out broker.csr
		echo "subjectAltName=IP:127.0.0.1,DNS:localhost" >san.ext
		openssl x509 -req -days 30 -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
			-extfile san.ext -out broker.pem
		openssl pkcs12 -export -name broker -in broker.pem -inkey broker.key -certfile ca.pem \
			-passout "pass:$pass" -out broker.p12
	) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; exit 1; }
}

# A broker that asks clients to prove who they are, for tests of kticker's security settings:
#   plaintext  no security (inter-broker; the readiness check uses it)
#   sasl       SASL_PLAINTEXT: PLAIN user carol, password carol-secret;
#              SCRAM-SHA-512 user alice, password alice-secret
#   ssl        SSL, with a certificate signed by the CA in STATEDIR/tls/ca.pem
start_secure() {
	local state=$1 pass=kticker-keystore
	need java openjdk-17-jdk-headless
	need openssl openssl
	fetch
	mkdir -p "$state/logs"
	make_certs "$state/tls" "$pass"
	local port sport tport cport
	{ read -r port; read -r sport; read -r tport; read -r cport; } < <(free_ports 4)
	local plain_module=org.apache.kafka.common.security.plain.PlainLoginModule
	local scram_module=org.apache.kafka.common.security.scram.ScramLoginModule
	{
		common_properties "$state" "$cport"
		cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sport,SSL://127.0.0.1:$tport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sport,SSL://127.0.0.1:$tport
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=$plain_module required user_carol="carol-secret";
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$scram_module required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$state/tls/broker.p12
ssl.keystore.password=$pass
ssl.key.password=$pass
PROPS
	} >"$state/server.properties"
	# KRaft keeps SCRAM credentials in the metadata log: the user is added at format time.
	format_storage "$state" --add-scram 'SCRAM-SHA-512=[name=alice,password=alice-secret]'
	echo "127.0.0.1:$port" >"$state/bootstrap"
	printf 'plaintext 127.0.0.1:%s\nsasl 127.0.0.1:%s\nssl 127.0.0.1:%s\n' "$port" "$sport" "$tport" \
		>"$state/listeners"
	launch "$state" >/dev/null
	cat "$state/listeners"
}

# Runs the broker of STATEDIR and waits until it answers; prints its address.
launch() {
	local state=$1
	spawn "$state"
	wait_for_brokers "$state" "$(cat "$state/bootstrap")" 1
	cat "$state/bootstrap"
}

# Starts the broker of STATEDIR in the background, without waiting for it.
spawn() {
	local state=$1
	# The JVM options kafka-server-start.sh and kafka-run-class.sh give a broker: with 256 to
	# 512 MB of heap, G1 ran a concurrent cycle every ~12 000 records (~80 in a 1 000 000-record
	# run of the bench), on a 2-core machine whose clients the bench times. (kticker's own
	# --cluster local keeps a small heap: a classroom laptop, not a benchmark.)
	setsid java -Xms1g -Xmx1g -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
		-XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 \
		-Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
		-cp "$jars/*" kafka.Kafka "$state/server.properties" \
		>>"$state/broker.log" 2>&1 </dev/null &
	echo $! >"$state/broker.pid"
}

# wait_for_brokers STATEDIR ADDRESS N: waits up to 60 s until the broker at ADDRESS lists N
# brokers in its metadata; on failure shows the log, stops STATEDIR and exits.
wait_for_brokers() {
	local state=$1 address=$2 want=$3 deadline=$((SECONDS + 60))
	until (($(kcat -L -b "$address" -m 2 2>/dev/null | grep -c '^  broker ') >= want)); do
		if ((SECONDS >= deadline)) || ! pids_alive "$state"; then
			echo "broker.sh: $want broker(s) did not answer within 60 s; the log ends with:" >&2
			tail -20 "$(find "$state" -name broker.log | head -n1)" >&2
			stop "$state"
			exit 1
		fi
		sleep 0.5
	done
}

# True while every broker process of STATEDIR (one node or a cluster) runs.
pids_alive() {
	local pidfile
	for pidfile in "$1"/broker.pid "$1"/node*/broker.pid; do
		[[ -f "$pidfile" ]] || continue
		kill -0 "$(cat "$pidfile")" 2>/dev/null || return 1
	done
}

# start-cluster STATEDIR N: N combined broker+controller nodes sharing one cluster id and one
# controller quorum; prints the bootstrap list once all N brokers are registered.
start_cluster() {
	local state=$1 nodes=$2 i
	need java openjdk-17-jdk-headless
	fetch
	local -a ports=() cports=()
	local voters="" p
	i=1
	while read -r p; do
		if ((i <= nodes)); then ports+=("$p"); else cports+=("$p"); fi
		i=$((i + 1))
	done < <(free_ports $((2 * nodes)))
	for ((i = 1; i <= nodes; i++)); do
		voters+="${voters:+,}$i@127.0.0.1:${cports[i - 1]}"
	done
	local id replicas=$((nodes < 3 ? nodes : 3)) bootstrap=""
	id=$(cluster_id)
	for ((i = 1; i <= nodes; i++)); do
		local node="$state/node$i"
		mkdir -p "$node/logs"
		cat >"$node/server.properties" <<PROPS
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:${ports[i - 1]},CONTROLLER://127.0.0.1:${cports[i - 1]}
advertised.listeners=PLAINTEXT://127.0.0.1:${ports[i - 1]}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$node/logs
num.partitions=1
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
		echo "127.0.0.1:${ports[i - 1]}" >"$node/bootstrap"
		bootstrap+="${bootstrap:+,}127.0.0.1:${ports[i - 1]}"
	done
	# the nodes' storage formatted side by side: each is a JVM start of several seconds
	local -a formats=()
	for ((i = 1; i <= nodes; i++)); do
		run_java 256m kafka.tools.StorageTool format -t "$id" -c "$state/node$i/server.properties" \
			>"$state/node$i/format.log" 2>&1 &
		formats+=($!)
	done
	for ((i = 1; i <= nodes; i++)); do
		wait "${formats[i - 1]}" || { cat "$state/node$i/format.log" >&2; exit 1; }
	done
	echo "$bootstrap" >"$state/bootstrap"
	# all at once: a node alone has no quorum and would never answer
	for ((i = 1; i <= nodes; i++)); do spawn "$state/node$i"; done
	wait_for_brokers "$state" "$bootstrap" "$nodes"
	echo "$bootstrap"
}

stop() {
	local state=$1 pid node
	for node in "$state"/node*/; do
		[[ -f "$node/broker.pid" ]] && stop "${node%/}"
	done
	[[ -f "$state/broker.pid" ]] || return 0
	pid=$(cat "$state/broker.pid")
	if kill -TERM "$pid" 2>/dev/null; then
		local deadline=$((SECONDS + 15))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -rf "$state/logs" "$state/broker.pid"
}

crash() {
	local state=$1 pid
	pid=$(cat "$state/broker.pid")
	kill -KILL "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

tool() {
	local name=$1 main
	shift
	case $name in
	topics) main=org.apache.kafka.tools.TopicCommand ;;
	consumer-groups) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
	configs) main=kafka.admin.ConfigCommand ;;
	delete-records) main=org.apache.kafka.tools.DeleteRecordsCommand ;;
	producer-perf) main=org.apache.kafka.tools.ProducerPerformance ;;
	consumer-perf) main=org.apache.kafka.tools.ConsumerPerformance ;;
	e2e-latency) main=org.apache.kafka.tools.EndToEndLatency ;;
	dump-log) main=kafka.tools.DumpLogSegments ;;
	get-offsets) main=org.apache.kafka.tools.GetOffsetShell ;;
	*) echo "broker.sh: unknown tool $name" >&2; exit 2 ;;
	esac
	need java openjdk-17-jdk-headless
	fetch
	run_java 256m "$main" "$@"
}

# node STATEDIR [ID]: the state directory of node ID of a cluster, or STATEDIR itself
node() { if [[ -n "${2:-}" ]]; then echo "$1/node$2"; else echo "$1"; fi; }

case "${1:-}" in
fetch) fetch ;;
start) start "${2:?usage: broker.sh start STATEDIR}" ;;
start-secure) start_secure "${2:?usage: broker.sh start-secure STATEDIR}" ;;
start-cluster) start_cluster "${2:?usage: broker.sh start-cluster STATEDIR N}" "${3:-3}" ;;
stop) stop "${2:?usage: broker.sh stop STATEDIR}" ;;
kill) crash "$(node "${2:?usage: broker.sh kill STATEDIR [ID]}" "${3:-}")" ;;
restart) launch "$(node "${2:?usage: broker.sh restart STATEDIR [ID]}" "${3:-}")" ;;
tool) shift 2; tool "$@" ;;
*) echo "usage: broker.sh fetch | start|start-secure|stop STATEDIR | kill|restart STATEDIR [ID] | start-cluster STATEDIR N | tool STATEDIR NAME ARGS..." >&2; exit 2 ;;
esac
