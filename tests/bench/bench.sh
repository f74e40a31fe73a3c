#!/bin/bash
# bench.sh: kticker's headless pipeline against kcat moving the same bytes, on a real
# Apache Kafka broker (the test fixture tests/kafka/broker.sh).
#
#   scripts/bench.sh [N]        N ticks (default $BENCH_TICKS or 200000), from the repo root
#
# Environment:
#   BENCH_TICKS=N               tick count when no argument is given
#   KTICKER_TEST_BROKER=h:p     use this running broker instead of starting one
#   KTICKER=PATH                the kticker binary (default ./src/kticker)
#   BENCH_PERF_TEST=0           skip Kafka's own producer/consumer perf tools (JVM, slower)
#   BENCH_KEEP=1                keep the work directory (logs, the topic dump) afterwards
#
# Figures are wall times, process start included (except the java rows: the tools' own
# timers), on whatever else the machine is doing: compare rows of one run, not machines.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."

N=${1:-${BENCH_TICKS:-200000}}
KTICKER=${KTICKER:-./src/kticker}
BROKER_SH=tests/kafka/broker.sh
PARTITIONS=6
WORK=""
STATE=""        # the broker's state directory, set only when this script started it
BOOTSTRAP=""
ROWS=()         # table rows: label, what, seconds, ticks, bytes, rss_kb; tab-separated
BYTES=0         # key + value bytes of the N ticks, as kcat read them back
BG_PID=""       # the background kcat consumer while one runs

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

cleanup() {
	if [[ -n "$BG_PID" ]]; then
		kill "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
	if [[ -n "$STATE" ]]; then
		bash "$BROKER_SH" stop "$STATE" || true
	fi
	if [[ -n "$WORK" ]]; then
		if [[ "${BENCH_KEEP:-0}" == 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
	fi
}

check_args() {
	[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "tick count must be a positive integer, not '$N'"
	[[ -x "$KTICKER" ]] || die "$KTICKER not found: build first (make -j2)"
	command -v kcat >/dev/null || die "kcat not found (scripts/install-deps.sh --tests)"
	# GNU time gives the max RSS; bash's time keyword cannot.
	[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package time)"
}

start_broker() {
	if [[ -n "${KTICKER_TEST_BROKER:-}" ]]; then
		BOOTSTRAP=$KTICKER_TEST_BROKER
		note "using the running broker $BOOTSTRAP"
		return
	fi
	note "starting an Apache Kafka broker (tests/kafka/broker.sh)"
	mkdir -p "$WORK/broker"
	# Set STATE before start: if start fails half way, the trap still stops what it began.
	STATE=$WORK/broker
	BOOTSTRAP=$(bash "$BROKER_SH" start "$STATE") || die "the broker did not start (needs java and mvn)"
	note "broker at $BOOTSTRAP"
}

# kafka_tool NAME ARGS...: one of Kafka's own tools (topics, producer-perf, consumer-perf); the
# fixture's tools need no state directory, only the bootstrap address given in ARGS.
kafka_tool() { bash "$BROKER_SH" tool "${STATE:-$WORK}" "$@"; }

create_topic() { # TOPIC
	kafka_tool topics --bootstrap-server "$BOOTSTRAP" --create --topic "$1" \
		--partitions "$PARTITIONS" --replication-factor 1 >"$WORK/topic-$1.log" 2>&1 ||
		die "cannot create topic $1: $(tail -3 "$WORK/topic-$1.log")"
}

# timed NAME CMD...: runs CMD under GNU time; its stdout goes to $WORK/NAME.out, stderr to
# $WORK/NAME.err, and "seconds rss_kb user_s sys_s" to $WORK/NAME.time. Fails with CMD's status.
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
}

secs_of() { cut -d' ' -f1 "$WORK/$1.time"; }
rss_of() { cut -d' ' -f2 "$WORK/$1.time"; }
cpu_of() { awk '{ printf "user %.2f s + sys %.2f s", $3, $4 }' "$WORK/$1.time"; }

add_row() { local IFS=$'\t'; ROWS+=("$*"); } # LABEL WHAT SECONDS TICKS BYTES RSS_KB

# A fresh broker creates __consumer_offsets at the first group join, which takes a second or
# more: pay that here, so it is not charged to whichever client happens to run first.
warm_up() {
	local topic=bench-warm-$$
	note "warming up the broker (first consumer group)"
	create_topic "$topic"
	printf 'warm\tup\n' | kcat -P -b "$BOOTSTRAP" -t "$topic" -K '\t' -X acks=all 2>"$WORK/warm.err" ||
		die "kcat cannot produce: $(cat "$WORK/warm.err")"
	kcat -C -b "$BOOTSTRAP" -G "bench-warm-$$" -X auto.offset.reset=earliest -e -q "$topic" \
		>/dev/null 2>>"$WORK/warm.err" || die "kcat cannot consume: $(cat "$WORK/warm.err")"
}

# run_kticker NAME COUNT: the headless pipeline on a new topic bench-kt-$$-NAME, in its own
# group so a kticker someone else runs on a shared broker cannot rebalance it.
run_kticker() {
	local name=$1 count=$2
	timed "$name" "$KTICKER" --headless --broker "$BOOTSTRAP" --topic "bench-kt-$$-$name" \
		--group "bench-kt-$$-$name" --partitions "$PARTITIONS" --count "$count" --delay 0 \
		--ticks-per-day 10 --from 2017-05-01 --loop --data data ||
		die "kticker failed: $(tail -5 "$WORK/$name.err" "$WORK/$name.out")"
	grep -q "^result:.* consumed=$count " "$WORK/$name.out" ||
		die "kticker did not consume $count ticks: $(grep '^result:' "$WORK/$name.out" || echo 'no result line')"
}

# ---- 1. kticker: CSV -> JSON -> produce -> consume -> decode, in one process ----------------
bench_kticker() {
	note "kticker: $N ticks"
	run_kticker kticker "$N"
	KT_RESULT=$(grep '^result:' "$WORK/kticker.out")
	dump_topic "bench-kt-$$-kticker"
	add_row kticker "csv->json->produce->consume->decode" "$(secs_of kticker)" "$N" "$BYTES" "$(rss_of kticker)"
	# The fixed part of that time: start, CSV loading, topic creation, group join, close.
	note "kticker: 1000 ticks, for the fixed cost"
	run_kticker kticker-small 1000
	add_row kticker "the same, 1000 ticks (~ fixed cost)" "$(secs_of kticker-small)" 1000 \
		"$((BYTES / N * 1000))" "$(rss_of kticker-small)"
}

# dump_topic TOPIC: the topic, one "key<TAB>value" line per message, into $WORK/dump.tsv;
# sets BYTES to the key and value bytes (the tab and newline kcat adds are not on the wire).
dump_topic() {
	kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -f '%k\t%s\n' >"$WORK/dump.tsv" 2>"$WORK/dump.err" ||
		die "kcat could not read $1: $(cat "$WORK/dump.err")"
	local lines chars
	lines=$(wc -l <"$WORK/dump.tsv")
	chars=$(wc -c <"$WORK/dump.tsv")
	((lines == N)) || die "topic $1 holds $lines messages, expected $N"
	BYTES=$((chars - 2 * lines))
}

# ---- 2. kcat moving the same bytes -----------------------------------------------------------
# Both clients run librdkafka with its defaults; kticker sets acks=all, so kcat does too.
bench_kcat() {
	local topic=bench-kcat-$$
	create_topic "$topic"
	note "kcat: producing the same $N messages into $topic"
	timed kcat-produce kcat -P -b "$BOOTSTRAP" -t "$topic" -K '\t' -X acks=all -l "$WORK/dump.tsv" ||
		die "kcat produce failed: $(cat "$WORK/kcat-produce.err")"
	add_row kcat "produce (same bytes, acks=all)" "$(secs_of kcat-produce)" "$N" "$BYTES" "$(rss_of kcat-produce)"

	# In a consumer group, as kticker is: a new group starts where auto.offset.reset says.
	note "kcat: consuming them back in a group"
	timed kcat-consume kcat -C -b "$BOOTSTRAP" -G "bench-kcat-$$" -X auto.offset.reset=earliest \
		-e -q -f '%k\t%s\n' "$topic" || die "kcat consume failed: $(cat "$WORK/kcat-consume.err")"
	local got
	got=$(wc -l <"$WORK/kcat-consume.out")
	((got == N)) || die "kcat consumed $got messages, expected $N"
	rm -f "$WORK/kcat-consume.out"
	add_row kcat "consume (group, to a file)" "$(secs_of kcat-consume)" "$N" "$BYTES" "$(rss_of kcat-consume)"

	local sum rss
	sum=$(awk -v a="$(secs_of kcat-produce)" -v b="$(secs_of kcat-consume)" 'BEGIN { printf "%.2f", a + b }')
	rss=$(($(rss_of kcat-produce) + $(rss_of kcat-consume)))
	add_row kcat "produce + consume, one after the other" "$sum" "$N" "$BYTES" "$rss"
	bench_kcat_concurrent
}

# A kcat consumer waiting on an empty topic while a kcat producer fills it: the closest kcat
# comes to kticker's concurrent pipeline (minus CSV parsing and JSON work).
bench_kcat_concurrent() {
	local topic=bench-kcat2-$$ start end rc=0
	create_topic "$topic"
	note "kcat: producer and consumer concurrently into $topic"
	start=$(date +%s%N)
	# -c N instead of -e: the consumer must not stop at an end it reaches before the producer
	# does. A background job ignores Ctrl-C, so a timeout bounds the wait should the producer
	# be interrupted short of N; timeout also passes cleanup's kill on to kcat.
	timeout "$((60 + N / 10000))" /usr/bin/time -f '%e %M' -o "$WORK/kcat-cc.time" \
		kcat -C -b "$BOOTSTRAP" -t "$topic" -o beginning -c "$N" \
		-q -f '%k\t%s\n' >/dev/null 2>"$WORK/kcat-cc.err" &
	BG_PID=$!
	timed kcat-cp kcat -P -b "$BOOTSTRAP" -t "$topic" -K '\t' -X acks=all -l "$WORK/dump.tsv" || rc=$?
	((rc == 0)) || die "concurrent kcat produce failed: $(cat "$WORK/kcat-cp.err")"
	wait "$BG_PID" || die "concurrent kcat consume failed or timed out: $(cat "$WORK/kcat-cc.err")"
	BG_PID=""
	end=$(date +%s%N)
	local secs
	secs=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
	add_row kcat "produce | consume, concurrently" "$secs" "$N" "$BYTES" \
		"$(($(rss_of kcat-cp) + $(rss_of kcat-cc)))"
}

# ---- 3. Kafka's own perf tools, records of the same mean size --------------------------------
# Their rows use the rate each tool measures itself: the JVM's start (1-2 s) would swamp it.
bench_perf_test() {
	[[ "${BENCH_PERF_TEST:-1}" == 0 ]] && return 0
	local topic=bench-perf-$$ size rate
	size=$((BYTES / N))
	create_topic "$topic"
	note "kafka-producer-perf-test: $N x $size B"
	timed perf-produce bash "$BROKER_SH" tool "${STATE:-$WORK}" producer-perf --topic "$topic" \
		--num-records "$N" --record-size "$size" --throughput -1 \
		--producer-props bootstrap.servers="$BOOTSTRAP" acks=all ||
		die "producer-perf failed: $(tail -5 "$WORK/perf-produce.err")"
	# "200000 records sent, 60864.3 records/sec (14.16 MB/sec), ..."
	rate=$(tail -1 "$WORK/perf-produce.out" | sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p')
	[[ -n "$rate" ]] || die "producer-perf printed no rate: $(tail -2 "$WORK/perf-produce.out")"
	add_row java "producer-perf-test, ${size} B (own timer)" "$(per_second "$N" "$rate")" "$N" \
		"$((size * N))" "$(rss_of perf-produce)"

	note "kafka-consumer-perf-test: $N"
	timed perf-consume bash "$BROKER_SH" tool "${STATE:-$WORK}" consumer-perf \
		--bootstrap-server "$BOOTSTRAP" --topic "$topic" --messages "$N" --group "bench-perf-$$" ||
		die "consumer-perf failed: $(tail -5 "$WORK/perf-consume.err")"
	# CSV: start, end, MB, MB.sec, nMsg, nMsg.sec (group join included), rebalance ms, ...
	rate=$(tail -1 "$WORK/perf-consume.out" | awk -F', *' 'NF >= 6 { print $6 }')
	[[ -n "$rate" ]] || die "consumer-perf printed no rate: $(tail -2 "$WORK/perf-consume.out")"
	add_row java "consumer-perf-test, group (own timer)" "$(per_second "$N" "$rate")" "$N" \
		"$((size * N))" "$(rss_of perf-consume)"
	PERF_WALL="producer-perf $(secs_of perf-produce) s, consumer-perf $(secs_of perf-consume) s"
}

per_second() { awk -v n="$1" -v r="$2" 'BEGIN { printf "%.2f", n / r }'; } # COUNT RATE -> seconds

# ---- report -----------------------------------------------------------------------------------
print_row() { # LABEL WHAT SECONDS TICKS BYTES RSS_KB
	awk -v l="$1" -v w="$2" -v s="$3" -v t="$4" -v b="$5" -v r="$6" 'BEGIN {
		d = (s > 0) ? s : 0.01  # GNU time has 10 ms resolution
		printf "%-8s %-40s %6.2f s %8.0f ticks/s %6.1f MB/s  rss %4.0f MB\n",
			l, w, s, t / d, b / d / 1e6, r / 1024
	}'
}

# The per-second status lines show where kticker's time went: producing vs. draining.
print_kticker_trace() {
	echo
	echo "kticker status lines (produced / delivered / consumed per second):"
	grep -E '^\[ *[0-9.]+s\]' "$WORK/kticker.out" | sed 's/^/  /'
	grep '^summary:' "$WORK/kticker.out" | sed 's/^/  /' || true
	echo "  $KT_RESULT"
	echo "  cpu: $(cpu_of kticker) over $(secs_of kticker) s wall (kcat produce $(cpu_of kcat-produce)," \
		"consume $(cpu_of kcat-consume))"
}

print_report() {
	echo
	echo "bench: $N ticks, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB" \
		"(key + value), $PARTITIONS partitions, broker $BOOTSTRAP, $(nproc) cores"
	local row
	for row in "${ROWS[@]}"; do
		IFS=$'\t' read -r l w s t b r <<<"$row"
		print_row "$l" "$w" "$s" "$t" "$b" "$r"
	done
	if [[ -n "${PERF_WALL:-}" ]]; then
		echo "(java rows: the tools' own timers; wall time with JVM start: $PERF_WALL)"
	fi
	print_kticker_trace
	cat <<'REF'

For context, /work/shared/KAFKA.md (same kind of machine, 1,000,000 x 199 B, 6 partitions):
  kcat produce 2.3 s (cold broker), kcat consume 1.3 s, kcat produce|consume concurrently 1.3 s;
  ProducerPerformance 174 k records/s, ConsumerPerformance 661 k records/s.
kticker's one end-to-end time also covers process start, CSV loading, topic creation, the
group join and the final commit; the kcat rows do not parse CSV or encode/decode JSON.
REF
}

main() {
	check_args
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/kticker-bench.XXXXXX")
	trap cleanup EXIT
	# Through the EXIT trap, so the broker is stopped. Note that bash skips an INT trap when
	# the foreground child (kticker, kcat, java) handles Ctrl-C itself and exits normally;
	# then that step comes out short, its check fails, and die() leaves through EXIT too.
	trap 'exit 130' INT TERM
	start_broker
	warm_up
	bench_kticker
	bench_kcat
	bench_perf_test
	print_report
}

main
