#!/bin/bash
# broker.sh: a single-node Apache Kafka 4.x broker (KRaft) on 127.0.0.1 for kticker's tests.
#
#   broker.sh fetch                 fetch the jars with Maven (cached)
#   broker.sh start STATEDIR        start a broker; prints its bootstrap address
#   broker.sh stop STATEDIR         stop it and remove its data
#   broker.sh kill STATEDIR         SIGKILL it, keeping its data (a crash)
#   broker.sh restart STATEDIR      start a killed broker again on the same ports
#   broker.sh tool STATEDIR NAME .. run one of Kafka's tools: topics, consumer-groups,
#                                   producer-perf, consumer-perf, e2e-latency
#
# Exit status 77 when Java or Maven is missing, so callers can tell "cannot" from "broken".
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
version=4.1.1
jars=${KTICKER_KAFKA_CACHE:-$HOME/.cache/kticker/kafka-$version}

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
	cp "$here/pom.xml" "$build/pom.xml"
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

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
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

start() {
	local state=$1
	need java openjdk-17-jdk-headless
	fetch
	mkdir -p "$state/logs"
	local port cport
	port=$(free_port)
	cport=$(free_port)
	while [[ "$cport" == "$port" ]]; do cport=$(free_port); done
	cat >"$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
	run_java 256m kafka.tools.StorageTool format -t "$(cluster_id)" -c "$state/server.properties" \
		>"$state/format.log" 2>&1 || { cat "$state/format.log" >&2; exit 1; }
	echo "127.0.0.1:$port" >"$state/bootstrap"
	launch "$state"
}

# Runs the broker of STATEDIR and waits until it answers; prints its address.
launch() {
	local state=$1 port
	port=$(sed 's/.*://' "$state/bootstrap")
	setsid java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
		-cp "$jars/*" kafka.Kafka "$state/server.properties" \
		>>"$state/broker.log" 2>&1 </dev/null &
	echo $! >"$state/broker.pid"
	local deadline=$((SECONDS + 60))
	until kcat -L -b "127.0.0.1:$port" -m 2 >/dev/null 2>&1; do
		if ((SECONDS >= deadline)) || ! kill -0 "$(cat "$state/broker.pid")" 2>/dev/null; then
			echo "broker.sh: the broker did not answer within 60 s; its log ends with:" >&2
			tail -20 "$state/broker.log" >&2
			stop "$state"
			exit 1
		fi
		sleep 0.5
	done
	echo "127.0.0.1:$port"
}

stop() {
	local state=$1 pid
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
	producer-perf) main=org.apache.kafka.tools.ProducerPerformance ;;
	consumer-perf) main=org.apache.kafka.tools.ConsumerPerformance ;;
	e2e-latency) main=org.apache.kafka.tools.EndToEndLatency ;;
	*) echo "broker.sh: unknown tool $name" >&2; exit 2 ;;
	esac
	need java openjdk-17-jdk-headless
	fetch
	run_java 256m "$main" "$@"
}

case "${1:-}" in
fetch) fetch ;;
start) start "${2:?usage: broker.sh start STATEDIR}" ;;
stop) stop "${2:?usage: broker.sh stop STATEDIR}" ;;
kill) crash "${2:?usage: broker.sh kill STATEDIR}" ;;
restart) launch "${2:?usage: broker.sh restart STATEDIR}" ;;
tool) shift 2; tool "$@" ;;
*) echo "usage: broker.sh fetch | start|stop|kill|restart STATEDIR | tool STATEDIR NAME ARGS..." >&2; exit 2 ;;
esac
