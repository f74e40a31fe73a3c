#!/bin/bash
# bench.sh: kticker beside its peers on one cluster and the same bytes (`make bench`; not part
# of `make check`). Starts a real Apache Kafka broker (tests/kafka/broker.sh) and measures, each
# pair repeated with the order of its members alternating:
#   - throughput and CPU per tick: kticker produce / consume / both against kcat moving the same
#     bytes, and Kafka's ProducerPerformance and ConsumerPerformance;
#   - end-to-end latency at ~1 k ticks/s, acks=all: the medians of kticker's per-second --metrics
#     p50/p99 beside Kafka's EndToEndLatency p99, on 6 partitions and on 1 as EndToEndLatency's
#     topic (librdkafka 2.0.2 sends one produce request per partition: man page, Producer line),
#     and beside kticker's Kafka clients alone, in the feed's shape (tests/bench/e2efloor.c),
#     on 6, with the machine's own timer lateness (e2efloor --timer);
#   - the embedded (mock) cluster: throughput and latency, kticker alone;
#   - the screen: frame time at 64 partitions x 50 symbols (KTICKER_FRAME_LOG) and CPU while
#     paused, in a tmux window;
#   - scale: whole-process CPU of the screen on the real broker at 200x60 with a 1000-partition
#     topic against a 6-partition one: at the screen's default rate running and paused, and
#     running at ~1 k ticks/s;
#   - RSS at the start and the end of a long headless run.
# Then prints one table: min and median of each figure and of the ratio kticker / peer, with the
# machine's load and the CPU time its hypervisor took for others over the run.
#
#   tests/bench/bench.sh            from anywhere; `make bench` runs it
#
# Environment:
#   BENCH_QUICK=1           a short run to check the script (fewer ticks, 2 repeats, 15 s RSS run)
#   BENCH_TICKS=N           ticks per throughput run (default 1000000; quick 20000): on a fast
#                           machine 200 000 took 0.2 s, which process start and warm-up
#                           moved by a third from run to run
#   BENCH_REPEATS=R         repeats of the latency, embedded, screen and scale pairs (default
#                           3; quick 2)
#   BENCH_THROUGHPUT_REPEATS=R  repeats of the throughput pairs, and with them of the start-up
#                           rows (default 5; quick 2): their ratio moves by a tenth or more
#                           from pair to pair with the broker (both clients are librdkafka
#                           2.0.2 with the same settings: the broker's answer bounds them),
#                           and 3 pairs left the median a coin's throw
#   BENCH_DURATION=S        seconds of the RSS run (default 600; quick 15)
#   BENCH_LATENCY_SECS=S    seconds of each latency run (default 20; quick 8)
#   BENCH_PERF_TEST=0       skip Kafka's own tools (JVM, slower)
#   BENCH_ONLY=throughput   only the throughput rows (produce, consume, both); no latency,
#                           embedded, screen or RSS runs
#   BENCH_ONLY=latency      only the latency rows on the real broker (kticker, its clients
#                           alone, the machine's timer, EndToEndLatency), ~5 minutes
#   BENCH_ONLY=scale        only the scale rows (1000 against 6 partitions)
#   BENCH_ONLY=screen       only the screen rows (frame time, paused CPU; no broker), ~1 minute
#   BENCH_SCALE_SECS=S      seconds of each scale sample, running and paused (default 20; quick 10)
#   BENCH_SETTLE_SECS=S     wait at most S seconds for a quiet machine before the timed runs
#                           (default 120; quick 10; 0: do not wait, before them nor before
#                           each timed run, which otherwise waits up to 30 s after sync)
#   BENCH_KEEP=1            keep the work directory (logs, metrics, frame logs) afterwards
#   KTICKER_TEST_BROKER=h:p use this running broker instead of starting one
#   KTICKER=PATH            the kticker binary (default src/kticker)
#   E2EFLOOR=PATH           tests/bench/e2efloor (default: beside KTICKER's build; make bench
#                           builds it)
#
# Every producer (kticker, kcat, ProducerPerformance) runs with the same settings, PRODUCER_X:
# kticker's interactive defaults (acks=all so that acks show; idempotence, so a retry cannot
# reorder ticks; linger.ms=0, so the ack time is the broker's and not the linger's), which kcat
# and Kafka's tool would not choose themselves. The two librdkafka clients also keep one request
# in flight per connection, as kticker does with idempotence (librdkafka 2.0.2 could otherwise
# acknowledge a batch it lost: man page, --idempotence); Kafka's Java producer has no such flaw
# and keeps its default.
#
# Figures are whole-process wall and CPU times (process start included) except where a row
# says otherwise, on whatever else the machine is doing: compare the rows of one run.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/../.."

if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
	N=${BENCH_TICKS:-20000} REPEATS=${BENCH_REPEATS:-2} TP_REPEATS=${BENCH_THROUGHPUT_REPEATS:-2}
	DURATION=${BENCH_DURATION:-15} LAT_SECS=${BENCH_LATENCY_SECS:-8} E2E_COUNT=1000
	SCALE_SECS=${BENCH_SCALE_SECS:-10} SETTLE_SECS=${BENCH_SETTLE_SECS:-10}
else
	N=${BENCH_TICKS:-1000000} REPEATS=${BENCH_REPEATS:-3} TP_REPEATS=${BENCH_THROUGHPUT_REPEATS:-5}
	DURATION=${BENCH_DURATION:-600} LAT_SECS=${BENCH_LATENCY_SECS:-20} E2E_COUNT=5000
	SCALE_SECS=${BENCH_SCALE_SECS:-20} SETTLE_SECS=${BENCH_SETTLE_SECS:-120}
fi
SETTLE_BUSY=15 # % of the CPU busy below which the machine counts as quiet (an idle broker: ~1 %)
KTICKER=${KTICKER:-src/kticker}
E2EFLOOR=${E2EFLOOR:-$(dirname "$KTICKER")/../tests/bench/e2efloor}
BROKER_SH=tests/kafka/broker.sh
PARTITIONS=6
# ~1 k ticks/s: from 2017 the 12 bundled symbols trade on weekdays and BTC-USD every day, so
# a day averages (12 x 5 + 2) / 7 ~ 8.9 x 10 ticks; 89 ticks every 90 ms. --metrics says.
RATE_ARGS=(--ticks-per-day 10 --delay 90 --from 2017-05-01 --loop)
FAST_ARGS=(--ticks-per-day 10 --delay 0 --from 2017-05-01 --loop)
# e2efloor's days as RATE_ARGS's (--delay 90), 10 ticks a symbol: BTC-USD alone on weekends,
# 106 a weekday where 12 symbols would give 120 (holidays and days without rows): ~870 ticks/s,
# kticker's rate with RATE_ARGS as its --metrics show it, and the rate the table shows for both
FLOOR_SHAPE=(90 106 10)
PRODUCER_SETTINGS=(acks=all enable.idempotence=true linger.ms=0)
PRODUCER_X=()     # the same as -X options, for kticker and kcat
for setting in "${PRODUCER_SETTINGS[@]}" max.in.flight.requests.per.connection=1; do PRODUCER_X+=(-X "$setting"); done
WORK="" STATE="" BOOTSTRAP="" BG_PID="" TMUX_SOCK=""
declare -A VAL    # "measure|side" -> the repeats' values, space-separated (side kt, peer, ratio)
ORDER=()          # measures in the order they are printed
declare -A UNIT PEER BETTER
LOAD_START="" CPU_START="" SETTLED="" BYTES=0 SIZE=0 QUIET_RUNS=0 QUIET_WAITS=0

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

cleanup() {
	[[ -n "$BG_PID" ]] && { kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; }
	[[ -n "$TMUX_SOCK" ]] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	[[ -n "$STATE" ]] && { bash "$BROKER_SH" stop "$STATE" || true; }
	if [[ -n "$WORK" ]]; then
		if [[ "${BENCH_KEEP:-0}" == 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
	fi
}

check_args() {
	local v
	for v in N REPEATS TP_REPEATS DURATION LAT_SECS SCALE_SECS; do
		[[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
	done
	((DURATION >= 10)) || die "BENCH_DURATION must be at least 10 s"
	[[ "${BENCH_ONLY:-all}" =~ ^(all|throughput|latency|scale|screen)$ ]] ||
		die "BENCH_ONLY must be all, throughput, latency, scale or screen, not '$BENCH_ONLY'"
	[[ -x "$KTICKER" ]] || die "$KTICKER not found: build first (make -j2)"
	[[ ! "${BENCH_ONLY:-all}" =~ ^(all|latency)$ || -x "$E2EFLOOR" ]] ||
		die "$E2EFLOOR not found: make bench builds it (make tests/bench/e2efloor)"
	local tool
	for tool in kcat tmux; do command -v "$tool" >/dev/null || die "$tool not found"; done
	# GNU time gives CPU times and the max RSS; bash's time keyword cannot.
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
	STATE=$WORK/broker # set before start: if start fails half way, the trap still stops it
	BOOTSTRAP=$(bash "$BROKER_SH" start "$STATE") || die "the broker did not start (needs java and mvn)"
	note "broker at $BOOTSTRAP"
}

kafka_tool() { bash "$BROKER_SH" tool "${STATE:-$WORK}" "$@"; } # NAME ARGS...

create_topic() { # TOPIC [PARTITIONS]
	kafka_tool topics --bootstrap-server "$BOOTSTRAP" --create --topic "$1" \
		--partitions "${2:-$PARTITIONS}" --replication-factor 1 >"$WORK/topic-$1.log" 2>&1 ||
		die "cannot create topic $1: $(tail -n 3 "$WORK/topic-$1.log")"
	# a consumer that subscribes before the broker has the topic's leaders fails at once
	for _ in $(seq 100); do
		(($(kcat -L -b "$BOOTSTRAP" -t "$1" 2>/dev/null | grep -c ', leader [0-9]') == ${2:-$PARTITIONS})) &&
			return
		sleep 0.1
	done
	die "topic $1 has no leaders after 10 s"
}

# timed NAME CMD...: CMD under GNU time; stdout to $WORK/NAME.out, stderr to $WORK/NAME.err,
# "wall_s rss_kb user_s sys_s" to $WORK/NAME.time. Fails with CMD's status. The wall time is
# the clock's, to the millisecond: GNU time gives hundredths, and kcat's 1000-tick run takes
# less than one.
timed() {
	local name=$1 start end rc=0
	shift
	start=$(date +%s%N)
	/usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	end=$(date +%s%N)
	awk -v s="$(((end - start) / 1000000))" '
		END { $1 = sprintf("%.3f", s / 1000); print }' "$WORK/$name.time" >"$WORK/$name.time.ms" &&
		mv "$WORK/$name.time.ms" "$WORK/$name.time"
	return "$rc"
}
timed_run() { quiet_for_run; timed "$@"; } # NAME COMMAND...: a timed run of the table's figures
# The last line: GNU time puts "Command exited with non-zero status N" before its figures.
wall_of() { awk 'END { print $1 }' "$WORK/$1.time"; }
cpu_of() { awk 'END { print $3 + $4 }' "$WORK/$1.time"; }
calc() { awk "BEGIN { printf \"%.6g\", $* }"; } # EXPRESSION -> number

# ---- recording and the table ------------------------------------------------------------------
# define MEASURE UNIT PEER BETTER: a row of the table; BETTER is "higher" or "lower".
define() { ORDER+=("$1"); UNIT[$1]=$2; PEER[$1]=$3; BETTER[$1]=$4; }
# record MEASURE SIDE VALUE
record() { VAL["$1|$2"]+="$3 "; }
# pair MEASURE KT PEER: one repeat of a pair, and its ratio
pair() {
	record "$1" kt "$2"
	record "$1" peer "$3"
	record "$1" ratio "$(calc "($3 > 0) ? $2 / $3 : 0")"
}
# stats VALUES...: "min median"
stats() {
	[[ $# -gt 0 ]] || { echo "- -"; return; }
	printf '%s\n' "$@" | sort -g |
		awk '{ v[NR] = $1 } END { printf "%s %.6g", v[1], (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}
fmt() { # NUMBER -> 3 significant digits, or "-"
	[[ "$1" == - ]] && { echo -; return; }
	awk -v x="$1" 'BEGIN { a = x < 0 ? -x : x
		if (a >= 100) printf "%.0f", x; else if (a >= 10) printf "%.1f", x; else printf "%.2f", x }'
}
cell() { # MEASURE SIDE -> "min / median"
	local s
	# shellcheck disable=SC2086  # the values are space-separated numbers
	s=$(stats ${VAL["$1|$2"]:-})
	echo "$(fmt "${s% *}") / $(fmt "${s#* }")"
}

print_table() {
	echo
	if scale_only; then
		echo "kticker bench: scale rows only, $REPEATS repeats (order alternating), $(nproc) cores," \
			"Kafka broker $BOOTSTRAP"
	elif screen_only; then
		echo "kticker bench: screen rows only (the embedded cluster), $REPEATS repeats, $(nproc) cores"
	elif latency_only; then
		echo "kticker bench: latency rows only, $REPEATS repeats (order alternating), $(nproc) cores," \
			"Kafka broker $BOOTSTRAP"
	elif throughput_only; then
		echo "kticker bench: $N ticks of $SIZE B (key + value) per throughput run, $PARTITIONS partitions," \
			"throughput and start-up rows only, $TP_REPEATS repeats (order alternating), $(nproc) cores," \
			"Kafka broker $BOOTSTRAP"
	else
		echo "kticker bench: $N ticks of $SIZE B (key + value) per throughput run, $PARTITIONS partitions," \
			"$TP_REPEATS repeats of the throughput and start-up rows and $REPEATS of the rest (order" \
			"alternating), $(nproc) cores, Kafka broker $BOOTSTRAP"
	fi
	echo "before the timed runs the machine was $SETTLED"
	((QUIET_RUNS == 0)) ||
		echo "each timed run started after sync, once the machine was quiet for 3 s (waiting up to 30 s):" \
			"$((QUIET_RUNS - QUIET_WAITS)) of $QUIET_RUNS did, $QUIET_WAITS started busy"
	echo "load average (1/5/15 min): $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end;" \
		"CPU stolen by the hypervisor over the run: $(steal_percent_since "$CPU_START") %"
	scale_only || screen_only || echo "every producer: ${PRODUCER_SETTINGS[*]} (kticker's defaults), and for kticker and kcat max.in.flight.requests.per.connection=1; consumers in a group"
	echo
	local fmt='| %-50s | %-7s | %-17s | %-36s | %-17s | %s |\n'
	# shellcheck disable=SC2059  # the format is the one above
	printf "$fmt" measure unit "kticker min / med" peer "peer min / med" "kticker / peer min / med"
	# shellcheck disable=SC2059
	printf "$fmt" "" "" "" "" "" "" | sed 's/ /-/g'
	local m ratio
	for m in "${ORDER[@]}"; do
		ratio="-"
		[[ -n "${VAL["$m|ratio"]:-}" ]] && ratio="$(cell "$m" ratio) (${BETTER[$m]} is better)"
		# shellcheck disable=SC2059
		printf "$fmt" "$m" "${UNIT[$m]}" "$(cell "$m" kt)" \
			"${PEER[$m]}" "$(cell "$m" peer)" "$ratio"
	done
	scale_only && return
	cat <<'NOTES'

kticker's throughput runs include process start, CSV loading, the topic check and, when it
consumes, the group join; kcat's include its start and join; every topic exists before the
timed runs; Kafka's tools report their own timers (JVM start excluded). Latency: kticker's
figures are the medians over the per-second --metrics windows (warm-up seconds left out);
EndToEndLatency sends one record at a time and reports whole milliseconds, cut down (its
"99th = 5" is a p99 from 5.00 to 5.99 ms), so each p99 against it has a row with kticker's
cut the same way. kticker's clients alone is tests/bench/e2efloor: a producer and a consumer made as kticker makes its own, in one
process with nothing between them, sending in the feed's shape at about kticker's rate over the
same partitions, read the same way (kticker's histogram, per-second windows): the floor that
this broker, this machine and librdkafka put under kticker's latency. "The machine" is
e2efloor --timer: a thread sleeping to each millisecond in turn, no client running and the
broker idle, and how late it woke (medians of the per-second p99 and max).
NOTES
}

# ---- the same bytes -----------------------------------------------------------------------------
# kticker's producer writes N ticks once; kcat dumps them as "key<TAB>value" lines, which every
# kcat producer then sends, and a topic filled with them is what every consumer reads. That topic
# has one partition, so the dump keeps kticker's order: ticks of every symbol, and so of every
# partition, in turn. Read back from several partitions, kcat would get them partition by
# partition, and send each partition's ticks in one run: kcat -P then needed ~30 % less CPU than
# for the same 200 000 ticks in kticker's order (medians of 10 alternating runs, 210 / 296 ms).
prepare_bytes() {
	note "kticker: producing the $N ticks every client will move"
	create_topic "bench-src-$$" 1
	run_kticker_producer src "bench-src-$$" timed # no figure: the bytes of the others
	kcat -C -b "$BOOTSTRAP" -t "bench-src-$$" -e -q -f '%k\t%s\n' >"$WORK/dump.tsv" 2>"$WORK/dump.err" ||
		die "kcat could not read bench-src-$$: $(cat "$WORK/dump.err")"
	local lines chars
	lines=$(wc -l <"$WORK/dump.tsv")
	chars=$(wc -c <"$WORK/dump.tsv")
	((lines == N)) || die "bench-src-$$ holds $lines messages, expected $N"
	BYTES=$((chars - 2 * lines)) # the tab and newline kcat adds are not on the wire
	SIZE=$((BYTES / N))
	create_topic "bench-fill-$$"
	kcat -P -b "$BOOTSTRAP" -t "bench-fill-$$" -K '\t' -X acks=all -l "$WORK/dump.tsv" 2>"$WORK/fill.err" ||
		die "kcat could not fill bench-fill-$$: $(cat "$WORK/fill.err")"
	create_topic "bench-kcat-$$"
	create_topic "bench-ktp-$$"
	create_topic "bench-perf-$$"
}

# A fresh broker creates __consumer_offsets at the first group join, which takes a second or
# more: pay that here, so it is not charged to whichever client happens to run first.
warm_up() {
	note "warming up the broker (first consumer group)"
	kcat -C -b "$BOOTSTRAP" -G "bench-warm-$$" -X auto.offset.reset=earliest -e -q "bench-fill-$$" \
		>/dev/null 2>"$WORK/warm.err" || die "kcat cannot consume: $(cat "$WORK/warm.err")"
}

# ---- throughput: one function per client, each leaves $WORK/NAME.time -------------------------
run_kticker_producer() { # NAME TOPIC [TIMER]: TIMER timed_run (the default) or timed
	"${3:-timed_run}" "$1" "$KTICKER" --headless --role producer --broker "$BOOTSTRAP" --topic "$2" \
		--partitions "$PARTITIONS" --count "$N" "${FAST_ARGS[@]}" "${PRODUCER_X[@]}" ||
		die "kticker producer failed: $(tail -n 3 "$WORK/$1.err" "$WORK/$1.out")"
	grep -q "^result: produced=$N delivered=$N " "$WORK/$1.out" ||
		die "kticker did not deliver $N ticks: $(grep '^result:' "$WORK/$1.out" || echo 'no result line')"
}

run_kticker_consumer() { # NAME
	timed_run "$1" "$KTICKER" --headless --role consumer --broker "$BOOTSTRAP" --topic "bench-fill-$$" \
		--group "bench-$1-$$" --count "$N" --data data ||
		die "kticker consumer failed: $(tail -n 3 "$WORK/$1.err" "$WORK/$1.out")"
	grep -q "^result:.* consumed=$N " "$WORK/$1.out" ||
		die "kticker did not consume $N ticks: $(grep '^result:' "$WORK/$1.out" || echo 'no result line')"
}

run_kticker_both() { # NAME: the whole pipeline, CSV to decoded state, in one process
	create_topic "bench-$1-$$" # outside the timed run, as kcat's
	timed_run "$1" "$KTICKER" --headless --broker "$BOOTSTRAP" --topic "bench-$1-$$" --group "bench-$1-$$" \
		--partitions "$PARTITIONS" --count "$N" "${FAST_ARGS[@]}" "${PRODUCER_X[@]}" ||
		die "kticker failed: $(tail -n 3 "$WORK/$1.err" "$WORK/$1.out")"
	grep -q "^result:.* consumed=$N " "$WORK/$1.out" ||
		die "kticker did not consume $N ticks: $(grep '^result:' "$WORK/$1.out" || echo 'no result line')"
}

# Both clients run librdkafka 2.0.2 with the same producer settings (PRODUCER_X).
run_kcat_producer() { # NAME
	timed_run "$1" kcat -P -b "$BOOTSTRAP" -t "bench-kcat-$$" -K '\t' "${PRODUCER_X[@]}" -l "$WORK/dump.tsv" ||
		die "kcat produce failed: $(cat "$WORK/$1.err")"
}

run_kcat_consumer() { # NAME: in a consumer group, as kticker is
	timed_run "$1" kcat -C -b "$BOOTSTRAP" -G "bench-$1-$$" -X auto.offset.reset=earliest -e -q \
		-f '%k\t%s\n' "bench-fill-$$" || die "kcat consume failed: $(cat "$WORK/$1.err")"
	local got
	got=$(wc -l <"$WORK/$1.out")
	((got == N)) || die "kcat consumed $got messages, expected $N"
	: >"$WORK/$1.out"
}

# A kcat consumer in a group, as kticker's, waiting on an empty topic while a kcat producer
# fills it: the closest kcat comes to kticker's concurrent pipeline (minus CSV parsing and JSON
# work). Writes NAME.time with the wall time from start to the last message and the two
# processes' CPU together.
run_kcat_both() { # NAME
	local name=$1 topic=bench-$1-$$ start end rc=0
	create_topic "$topic"
	quiet_for_run
	start=$(date +%s%N)
	# -c N instead of -e: the consumer must not stop at an end it reaches before the producer
	# does; a timeout bounds the wait should the producer stop short of N.
	timeout "$((60 + N / 10000))" /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name-c.time" \
		kcat -C -b "$BOOTSTRAP" -G "bench-$1-$$" -X auto.offset.reset=earliest -c "$N" -q -f '%k\t%s\n' \
		"$topic" >/dev/null 2>"$WORK/$name-c.err" &
	BG_PID=$!
	timed "$name-p" kcat -P -b "$BOOTSTRAP" -t "$topic" -K '\t' "${PRODUCER_X[@]}" -l "$WORK/dump.tsv" || rc=$?
	((rc == 0)) || die "concurrent kcat produce failed: $(cat "$WORK/$name-p.err")"
	wait "$BG_PID" || die "concurrent kcat consume failed or timed out: $(cat "$WORK/$name-c.err")"
	BG_PID=""
	end=$(date +%s%N)
	awk -v ns=$((end - start)) '{ u += $3; s += $4 } END { printf "%.2f 0 %.2f %.2f\n", ns / 1e9, u, s }' \
		"$WORK/$name-p.time" "$WORK/$name-c.time" >"$WORK/$name.time"
}

# Kafka's tools, records of the same mean size; their own rates, the JVM's start left out.
run_producer_perf() { # NAME -> prints records/s
	timed "$1" bash "$BROKER_SH" tool "${STATE:-$WORK}" producer-perf --topic "bench-perf-$$" --num-records "$N" \
		--record-size "$SIZE" --throughput -1 --producer-props bootstrap.servers="$BOOTSTRAP" "${PRODUCER_SETTINGS[@]}" ||
		die "producer-perf failed: $(tail -n 5 "$WORK/$1.err")"
	# "200000 records sent, 60864.3 records/sec (14.16 MB/sec), ..."
	local rate
	rate=$(tail -1 "$WORK/$1.out" | sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p')
	[[ -n "$rate" ]] || die "producer-perf printed no rate: $(tail -n 2 "$WORK/$1.out")"
	echo "$rate"
}

run_consumer_perf() { # NAME -> prints records/s
	timed "$1" bash "$BROKER_SH" tool "${STATE:-$WORK}" consumer-perf --bootstrap-server "$BOOTSTRAP" --topic "bench-fill-$$" \
		--messages "$N" --group "bench-$1-$$" || die "consumer-perf failed: $(tail -n 5 "$WORK/$1.err")"
	# CSV: start, end, MB, MB.sec, nMsg, nMsg.sec (group join included), rebalance ms, ...
	local rate
	rate=$(tail -1 "$WORK/$1.out" | awk -F', *' 'NF >= 6 { print $6 }')
	[[ -n "$rate" ]] || die "consumer-perf printed no rate: $(tail -n 2 "$WORK/$1.out")"
	echo "$rate"
}

rate_of() { calc "$N / ($(wall_of "$1") > 0 ? $(wall_of "$1") : 0.01)"; } # NAME -> ticks/s
# startup_ms NAME WHAT: a part of kticker's "summary: start-up:" line ("data loaded in",
# "cluster and topic in", "first partition assignment"), in ms
startup_ms() {
	sed -n "s/^summary: start-up: .*$2 \([0-9.]*\)\(us\|ms\|s\)\b.*/\1 \2/p" "$WORK/$1.out" |
		awk '{ print $1 * ($2 == "us" ? 0.001 : $2 == "s" ? 1000 : 1) }'
}
cpu_us_per_tick() { calc "$(cpu_of "$1") * 1e6 / $N"; }                     # NAME -> µs

# in_order R FN_A FN_B: FN_A then FN_B on odd repeats, the other way round on even ones
in_order() { if (($1 % 2)); then "$2"; "$3"; else "$3"; "$2"; fi; }

bench_produce() { # R
	local r=$1 jrate=""
	note "[$r/$TP_REPEATS] produce: kticker, kcat, ProducerPerformance"
	kt() { run_kticker_producer "kt-p$r" "bench-ktp-$$"; }
	peer() {
		run_kcat_producer "kcat-p$r"
		if [[ "${BENCH_PERF_TEST:-1}" != 0 ]]; then quiet_for_run; jrate=$(run_producer_perf "pp$r"); fi
	}
	in_order "$r" kt peer
	pair "produce, ticks/s" "$(rate_of "kt-p$r")" "$(rate_of "kcat-p$r")"
	pair "produce, CPU per tick" "$(cpu_us_per_tick "kt-p$r")" "$(cpu_us_per_tick "kcat-p$r")"
	bench_startup "$r"
	[[ -z "$jrate" ]] || pair "produce, ticks/s vs ProducerPerformance" "$(rate_of "kt-p$r")" "$jrate"
}

# The fixed cost of a run (process start, CSV loading, metadata, close): 1000 ticks each.
bench_startup() { # R
	local r=$1
	head -1000 "$WORK/dump.tsv" >"$WORK/dump1000.tsv"
	kt() {
		timed_run "kt-s$r" "$KTICKER" --headless --role producer --broker "$BOOTSTRAP" \
			--topic "bench-ktp-$$" --count 1000 "${FAST_ARGS[@]}" "${PRODUCER_X[@]}" ||
			die "kticker producer failed: $(tail -n 3 "$WORK/kt-s$r.err")"
	}
	peer() {
		timed_run "kcat-s$r" kcat -P -b "$BOOTSTRAP" -t "bench-kcat-$$" -K '\t' "${PRODUCER_X[@]}" \
			-l "$WORK/dump1000.tsv" || die "kcat produce failed: $(cat "$WORK/kcat-s$r.err")"
	}
	in_order "$r" kt peer
	pair "produce 1000 ticks (~ start-up cost), wall" "$(calc "$(wall_of "kt-s$r") * 1000")" \
		"$(calc "$(wall_of "kcat-s$r") * 1000")"
	record "start-up: loading the CSV files" kt "$(startup_ms "kt-s$r" "data loaded in")"
	record "start-up: cluster and topic" kt "$(startup_ms "kt-s$r" "cluster and topic in")"
}

bench_consume() { # R
	local r=$1 jrate=""
	note "[$r/$TP_REPEATS] consume: kticker, kcat, ConsumerPerformance"
	kt() { run_kticker_consumer "kt-c$r"; }
	peer() {
		run_kcat_consumer "kcat-c$r"
		if [[ "${BENCH_PERF_TEST:-1}" != 0 ]]; then quiet_for_run; jrate=$(run_consumer_perf "cp$r"); fi
	}
	in_order "$r" kt peer
	pair "consume (group), ticks/s" "$(rate_of "kt-c$r")" "$(rate_of "kcat-c$r")"
	pair "consume (group), CPU per tick" "$(cpu_us_per_tick "kt-c$r")" "$(cpu_us_per_tick "kcat-c$r")"
	[[ -z "$jrate" ]] || pair "consume, ticks/s vs ConsumerPerformance" "$(rate_of "kt-c$r")" "$jrate"
}

bench_both() { # R
	local r=$1
	note "[$r/$TP_REPEATS] produce and consume concurrently: kticker, kcat | kcat"
	kt() { run_kticker_both "kt-b$r"; }
	peer() { run_kcat_both "kcat-b$r"; }
	in_order "$r" kt peer
	pair "produce + consume at once, ticks/s" "$(rate_of "kt-b$r")" "$(rate_of "kcat-b$r")"
	record "start-up: group join (first assignment)" kt "$(startup_ms "kt-b$r" "first partition assignment")"
	pair "produce + consume at once, CPU per tick" "$(cpu_us_per_tick "kt-b$r")" \
		"$(cpu_us_per_tick "kcat-b$r")"
}

# ---- latency --------------------------------------------------------------------------------------
# per_second_medians FILE CONSUMED-COLUMN COLUMN...: the medians of the COLUMNs over a per-second
# CSV's rows from the 4th second on (start and group join), counting only seconds that consumed
# something.
per_second_medians() {
	local file=$1 consumed=$2
	shift 2
	awk -F, -v c="$consumed" -v cols="$*" 'BEGIN { n = split(cols, col, " ") }
		NR > 1 && $1 > 3.5 && $c > 0 { line = $col[1]; for (i = 2; i <= n; i++) line = line " " $col[i]; print line }' \
		"$file" >"$file.rows"
	[[ -s "$file.rows" ]] || die "no per-second rows with consumed ticks in $file"
	local i out=""
	for ((i = 1; i <= $#; i++)); do
		# shellcheck disable=SC2046
		out+="$(stats $(cut -d' ' -f"$i" "$file.rows") | cut -d' ' -f2) "
	done
	echo "$out"
}
# metrics_medians FILE: "rate p50 p99" of kticker's --metrics (columns: seconds, produced_per_s,
# delivered_per_s, consumed_per_s, ..., end_to_end_p50_ms (9), end_to_end_p99_ms (10), ...).
metrics_medians() { per_second_medians "$1" 4 2 9 10; }
# timer_medians FILE: "p99 max" of e2efloor --timer's rows (seconds, wakeups_per_s, late_p50_ms,
# late_p99_ms (4), late_max_ms (5)).
timer_medians() { per_second_medians "$1" 2 4 5; }
# floor_medians FILE: "rate p50 p99" of e2efloor's rows (seconds, produced_per_s, consumed_per_s,
# delivery p50, p99, end_to_end_p50_ms (6), end_to_end_p99_ms (7)).
floor_medians() { per_second_medians "$1" 3 2 6 7; }

run_kticker_latency() { # NAME PARTITIONS [ARGS...]: ~1 k ticks/s, acks=all, for LAT_SECS
	local name=$1 partitions=$2
	shift 2
	timed_run "$name" "$KTICKER" --headless --acks all "$@" --partitions "$partitions" \
		--duration "$LAT_SECS" --metrics "$WORK/$name.csv" "${RATE_ARGS[@]}" ||
		note "$name: kticker exited with status 1: $(grep '^result:' "$WORK/$name.out" || tail -n 3 "$WORK/$name.err")"
	[[ -s "$WORK/$name.csv" ]] || die "kticker latency run wrote no metrics: $(tail -n 3 "$WORK/$name.err")"
}

run_e2e_latency() { # NAME -> prints the p99 in ms
	timed "$1" bash "$BROKER_SH" tool "${STATE:-$WORK}" e2e-latency "$BOOTSTRAP" "bench-e2e-$$" "$E2E_COUNT" all "$SIZE" ||
		die "EndToEndLatency failed: $(tail -n 5 "$WORK/$1.err")"
	# "Percentiles: 50th = 1, 99th = 34, 99.9th = 122"
	local p99
	p99=$(sed -n 's/^Percentiles:.* 99th = \([0-9.]*\).*/\1/p' "$WORK/$1.out")
	[[ -n "$p99" ]] || die "EndToEndLatency printed no percentiles: $(tail -n 2 "$WORK/$1.out")"
	echo "$p99"
}

# kticker's Kafka clients with nothing of kticker between them, on PARTITIONS partitions and
# in the feed's shape (tests/bench/e2efloor.c): the floor under kticker's latency on this broker
# and machine. A failed run is noted; its rows, if any, still count.
run_floor_latency() { # NAME
	create_topic "bench-floor-$$-$1"
	timed_run "$1" "$E2EFLOOR" "$BOOTSTRAP" "bench-floor-$$-$1" "$PARTITIONS" "$LAT_SECS" \
		"${FLOOR_SHAPE[@]}" "$((SIZE - 2))" ||
		note "$1: e2efloor exited with status 1: $(tail -n 3 "$WORK/$1.err")"
}

# The machine's own floor, no Kafka client running: how late a thread sleeping to each
# millisecond wakes.
run_timer_floor() { # NAME
	timed_run "$1" "$E2EFLOOR" --timer "$LAT_SECS" || die "e2efloor --timer failed: $(tail -n 3 "$WORK/$1.err")"
}

# need_figures COUNT WHAT FIGURES...: ends the bench unless there are COUNT figures (a die in
# the command substitution that made them ends only that subshell).
need_figures() {
	local count=$1 what=$2
	shift 2
	(($# == count)) || die "$what: expected $count figures, got '$*'"
}

bench_latency() { # R
	local r=$1 rate p50 p99 frate fp50 fp99 tp99 tmax jp99=""
	note "[$r/$REPEATS] latency at ~1 k ticks/s, acks=all: kticker, its clients alone and the machine's timer ${LAT_SECS} s, EndToEndLatency"
	kt() {
		run_kticker_latency "kt-l$r" "$PARTITIONS" --broker "$BOOTSTRAP" --topic "bench-lat-$$-$r" \
			--group "bench-lat-$$-$r"
		run_kticker_latency "kt1-l$r" 1 --broker "$BOOTSTRAP" --topic "bench-lat1-$$-$r" \
			--group "bench-lat1-$$-$r"
	}
	peer() {
		run_floor_latency "floor-l$r"
		run_timer_floor "timer-l$r"
		if [[ "${BENCH_PERF_TEST:-1}" != 0 ]]; then
			quiet_for_run
			jp99=$(run_e2e_latency "e2e$r")
		fi
	}
	in_order "$r" kt peer
	local kt6 floor timer kt1
	kt6=$(metrics_medians "$WORK/kt-l$r.csv") floor=$(floor_medians "$WORK/floor-l$r.out")
	timer=$(timer_medians "$WORK/timer-l$r.out") kt1=$(metrics_medians "$WORK/kt1-l$r.csv")
	# shellcheck disable=SC2086 # the figures, space-separated
	need_figures 3 "kticker's latency run" $kt6
	# shellcheck disable=SC2086
	need_figures 3 "e2efloor's run" $floor
	# shellcheck disable=SC2086
	need_figures 2 "e2efloor --timer" $timer
	# shellcheck disable=SC2086
	need_figures 3 "kticker's 1-partition run" $kt1
	read -r rate p50 p99 <<<"$kt6"
	read -r frate fp50 fp99 <<<"$floor"
	record "real broker: produced per second (latency runs)" kt "$rate"
	record "real broker: produced per second (latency runs)" peer "$frate"
	pair "real broker: e2e p50 vs kticker's clients alone" "$p50" "$fp50"
	pair "real broker: e2e p99 vs kticker's clients alone" "$p99" "$fp99"
	pair_or_record "real broker: e2e p99 vs EndToEndLatency p99" "$p99" "$jp99"
	pair_or_record "real broker: e2e p99, whole ms, vs EndToEndLatency" "$(whole_ms "$p99")" "$jp99"
	read -r tp99 tmax <<<"$timer"
	record "the machine: a 1 ms sleep's lateness, p99" peer "$tp99"
	record "the machine: a 1 ms sleep's lateness, max" peer "$tmax"
	read -r rate p50 p99 <<<"$kt1"
	record "real broker, 1 p: e2e p50, ~1 k ticks/s" kt "$p50"
	pair_or_record "real broker, 1 p: e2e p99 vs EndToEndLatency" "$p99" "$jp99"
	pair_or_record "real broker, 1 p: p99 whole ms vs EndToEndLatency" "$(whole_ms "$p99")" "$jp99"
}

# EndToEndLatency keeps each latency as whole milliseconds, cut down (elapsed / 1000 / 1000 of
# its nanoseconds): its "99th = 5" is a p99 from 5.00 to 5.99 ms. kticker's figure cut the
# same way compares at the one resolution both have.
whole_ms() { awk -v x="$1" 'BEGIN { printf "%d", x }'; } # MS -> whole ms, cut down

# The pair of a kticker figure and its peer's, or kticker's alone when the peer did not run.
pair_or_record() { # MEASURE KT PEER
	if [[ -n "$3" ]]; then pair "$1" "$2" "$3"; else record "$1" kt "$2"; fi
}

# ---- the embedded cluster, kticker alone ------------------------------------------------------------
bench_embedded() { # R
	local r=$1 rate p50 p99 consumed
	note "[$r/$REPEATS] embedded cluster: $N ticks, then ~1 k ticks/s for ${LAT_SECS} s"
	# Exit status 1 when ticks were lost (retention on the mock, at start-up): count them instead.
	timed_run "emb$r" "$KTICKER" --headless --partitions "$PARTITIONS" --count "$N" "${FAST_ARGS[@]}" || true
	consumed=$(sed -n 's/^result:.* consumed=\([0-9]*\) .*/\1/p' "$WORK/emb$r.out")
	[[ -n "$consumed" ]] ||
		die "kticker on the embedded cluster failed: $(tail -n 3 "$WORK/emb$r.err" "$WORK/emb$r.out")"
	record "embedded: produce + consume at once, ticks/s" kt "$(calc "$consumed / $(wall_of "emb$r")")"
	record "embedded: ticks of that run never consumed" kt "$((N - consumed))"
	record "embedded: CPU per tick" kt "$(cpu_us_per_tick "emb$r")"
	# the same run archiving every tick read (daily data: a file per symbol and date)
	rm -rf "$WORK/archive$r"
	timed_run "emb-a$r" "$KTICKER" --headless --partitions "$PARTITIONS" --count "$N" "${FAST_ARGS[@]}" \
		--archive "$WORK/archive$r" || true
	local archived
	archived=$(sed -n 's/^result:.* archived=\([0-9]*\) .*/\1/p' "$WORK/emb-a$r.out")
	[[ -n "$archived" ]] || die "kticker with --archive failed: $(tail -n 3 "$WORK/emb-a$r.err")"
	pair "embedded: with --archive vs without, ticks/s" "$(calc "$archived / $(wall_of "emb-a$r")")" \
		"$(calc "$consumed / $(wall_of "emb$r")")"
	rm -rf "$WORK/archive$r"
	run_kticker_latency "emb-l$r" "$PARTITIONS"
	read -r rate p50 p99 <<<"$(metrics_medians "$WORK/emb-l$r.csv")"
	record "embedded: e2e p50, ~1 k ticks/s, acks=all" kt "$p50"
	record "embedded: e2e p99, ~1 k ticks/s, acks=all" kt "$p99"
}

# ---- the screen ----------------------------------------------------------------------------------
# 64 partitions x 50 symbols: the bundled CSVs copied under 50 names.
make_50_symbols() {
	mkdir -p "$WORK/syms"
	local files=(data/*.csv) i
	for i in $(seq 1 50); do
		cp "${files[$(((i - 1) % ${#files[@]}))]}" "$WORK/syms/S$(printf %02d "$i").csv"
	done
}

# The machine's CPU time so far, all of it and the part stolen (a virtual machine's CPUs
# running something else of the host): "TOTAL STEAL" in clock ticks, from /proc/stat.
# The machine's CPU time so far, in clock ticks: "TOTAL STEAL IDLE" (idle with iowait)
cpu_times() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9, $5 + $6; exit }' /proc/stat; }

# The stolen share of the CPU time since cpu_times said START: a machine whose host is busy
# runs everything in bursts, which no figure of one run can tell from kticker's own delays.
steal_percent_since() { # START, as cpu_times printed it
	local now
	now=$(cpu_times)
	awk -v a="$1" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " ");
		d = y[1] - x[1]; printf "%.1f", (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }'
}

# The share of the machine's CPU that was busy over the next second, in %.
busy_percent_next_second() {
	local a b
	a=$(cpu_times)
	sleep 1
	b=$(cpu_times)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1]
		printf "%.0f", (d > 0 ? 100 * (1 - (y[3] - x[3]) / d) : 0) }'
}

# Waits, at most SETTLE_SECS, until the machine is quiet (under SETTLE_BUSY % of its CPU busy
# for 3 seconds in a row) before the timed runs: a test run that has just ended, or the
# broker's own start, would otherwise load the first repeat (a run started at load 6.9 had
# its first throughput pair 0.88 x kcat, and the rest 0.92 to 1.34 x). SETTLED says how it went.
settle() {
	if ((SETTLE_SECS <= 0)); then
		SETTLED="not waited for (BENCH_SETTLE_SECS=0)"
		return
	fi
	if wait_quiet "$SETTLE_SECS"; then
		SETTLED="quiet (under $SETTLE_BUSY % of the CPU busy for 3 s) after ${QUIET_WAITED} s"
	else
		SETTLED="not quiet after ${QUIET_WAITED} s ($QUIET_BUSY % of the CPU busy): every figure carries that load"
		note "the machine is still $QUIET_BUSY % busy after ${QUIET_WAITED} s: measuring anyway"
	fi
}

# wait_quiet SECONDS: true once the machine was under SETTLE_BUSY % busy for 3 seconds in a
# row, false when SECONDS passed first; QUIET_WAITED and QUIET_BUSY (the last second's) say how.
wait_quiet() {
	local quiet=0
	QUIET_WAITED=0
	while ((QUIET_WAITED < $1)); do
		QUIET_BUSY=$(busy_percent_next_second)
		QUIET_WAITED=$((QUIET_WAITED + 1))
		if ((QUIET_BUSY < SETTLE_BUSY)); then
			quiet=$((quiet + 1))
			((quiet < 3)) || return 0
		else
			quiet=0
		fi
	done
	return 1
}

# Each timed run (throughput, embedded, latency, screen and scale) starts with nothing left to
# write back and on a quiet machine. A producing run leaves ~300 MB of the broker's log dirty
# in the page cache (1 000 000 ticks of 274 B), and the bytes prepared before the first repeat
# ~900 MB (two topics and dump.tsv); the kernel writes them back 30 s later
# (vm.dirty_expire_centisecs), during whichever run comes then: the first latency run after the throughput runs read ~2 ms
# more at the p99 than the second of its pair, and throughput pairs moved by a fifth with their
# order; a run made after kafka-topics' JVM (its topic) waits for that JVM to be gone too.
# wait_quiet counts the CPU waiting for that disk as idle, so sync writes it back before.
# QUIET_WAITS counts the runs (of QUIET_RUNS) that found the machine busy all the same.
quiet_for_run() {
	((SETTLE_SECS > 0)) || return 0
	QUIET_RUNS=$((QUIET_RUNS + 1))
	sync
	wait_quiet 30 || QUIET_WAITS=$((QUIET_WAITS + 1))
}

proc_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # PID -> utime + stime, in clock ticks

# The screen in a tmux window large enough for all of it: frame times from KTICKER_FRAME_LOG
# (take the state, draw it, write it: CPU time, so the terminal's own delays are not in them;
# the write(2)'s own CPU, a row of its own, is) of the frames drawn while ~1 k ticks/s arrive,
# then CPU while paused (Space) for 10 s, from /proc, once the Consumer line says its fetching
# rests.
bench_screen() { # R
	local r=$1 pid c0 c1 hz
	note "[$r/$REPEATS] screen: 64 partitions x 50 symbols, 10 s running, 10 s paused"
	quiet_for_run # as every timed run: the frame time is the drawing thread's CPU time, and
	# the kernel writing the broker's log back shared the cores and their caches with it
	TMUX_SOCK=kticker-bench-$$
	tmux -L "$TMUX_SOCK" new-session -d -x 200 -y 130 \
		"KTICKER_FRAME_LOG=$WORK/frames$r.log exec $KTICKER --partitions 64 --data $WORK/syms ${RATE_ARGS[*]} 2>$WORK/screen$r.err"
	pid=$(tmux -L "$TMUX_SOCK" display -p '#{pane_pid}')
	sleep 10
	# the frame rows are the running feed's frames: a paused screen draws only the frames that
	# changed (a second's), and skipping its unchanged ones would show as a dearer median
	local running_frames
	running_frames=$(wc -l <"$WORK/frames$r.log")
	tmux -L "$TMUX_SOCK" send-keys ' '
	# measured once the consumer's fetching rests (2 s after the last tick: consumer_rest.h);
	# until then the embedded cluster is asked for data 100 times a second per broker
	local i
	for i in $(seq 50); do
		tmux -L "$TMUX_SOCK" capture-pane -p | grep -q 'fetch resting' && break
		sleep 0.2
	done
	kill -0 "$pid" 2>/dev/null || die "the screen exited early: $(cat "$WORK/screen$r.err")"
	hz=$(getconf CLK_TCK)
	c0=$(proc_cpu_ticks "$pid")
	sleep 10
	c1=$(proc_cpu_ticks "$pid")
	tmux -L "$TMUX_SOCK" send-keys q
	for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	TMUX_SOCK=""
	((running_frames > 0)) || die "no frame times in $WORK/frames$r.log"
	head -n "$running_frames" "$WORK/frames$r.log" >"$WORK/frames$r.running"
	# in us, as logged: the goal is under 200, and 0.195 ms was "0.20" in ms to 2 places
	# shellcheck disable=SC2046
	record "screen: frame (take, draw, write), 64 p x 50 s" kt \
		"$(stats $(cut -d' ' -f1 "$WORK/frames$r.running") | cut -d' ' -f2)"
	# shellcheck disable=SC2046
	record "screen: of it, the write to the terminal" kt \
		"$(stats $(cut -d' ' -f2 "$WORK/frames$r.running") | cut -d' ' -f2)"
	record "screen: CPU while paused" kt "$(calc "($c1 - $c0) * 100 / $hz / 10")"
}

# ---- scale: 1000 partitions against 6 -----------------------------------------------------------
# screen_cpu PARTITIONS LABEL [ARGS...]: kticker's screen in tmux at 200x60 on the real broker,
# once all partitions are assigned; writes its CPU % running, then paused (Space), over
# SCALE_SECS each, to $WORK/scale-LABEL-PARTITIONS.cpu. The topic is deleted afterwards: 1000
# partitions weigh on a test broker.
screen_cpu() {
	local parts=$1 label=$2 topic=bench-scale-$1-$$-$RANDOM pid hz c0 c1 c2 c3 i
	shift 2
	quiet_for_run # before the screen starts: running, it keeps the machine busy itself
	TMUX_SOCK=kticker-bench-$$
	tmux -L "$TMUX_SOCK" new-session -d -x 200 -y 60 \
		"exec $KTICKER --broker $BOOTSTRAP --topic $topic --group $topic --partitions $parts --data data $* 2>$WORK/$topic.err"
	pid=$(tmux -L "$TMUX_SOCK" display -p '#{pane_pid}')
	for i in $(seq 120); do
		tmux -L "$TMUX_SOCK" capture-pane -p | grep -qE "Partitions +$parts assigned of $parts" && break
		kill -0 "$pid" 2>/dev/null || die "the screen exited early: $(cat "$WORK/$topic.err")"
		sleep 1
	done
	sleep 10 # the first commits and rounds of questions are over
	hz=$(getconf CLK_TCK)
	c0=$(proc_cpu_ticks "$pid")
	sleep "$SCALE_SECS"
	c1=$(proc_cpu_ticks "$pid")
	tmux -L "$TMUX_SOCK" send-keys ' '
	sleep 5
	c2=$(proc_cpu_ticks "$pid")
	sleep "$SCALE_SECS"
	c3=$(proc_cpu_ticks "$pid")
	tmux -L "$TMUX_SOCK" send-keys q
	for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	TMUX_SOCK=""
	kafka_tool topics --bootstrap-server "$BOOTSTRAP" --delete --topic "$topic" >/dev/null 2>&1 || true
	echo "$(calc "($c1 - $c0) * 100 / $hz / $SCALE_SECS") $(calc "($c3 - $c2) * 100 / $hz / $SCALE_SECS")" \
		>"$WORK/scale-$label-$parts.cpu"
}

# The screen's defaults (a day a second from 2004: ~10 ticks/s), and ~1 k ticks/s. At that rate
# librdkafka's own work grows with the partition count whoever the client is: without fetch
# sessions (librdkafka 2.0.2) every fetch names every partition, and a fetch goes out for
# nearly every tick (kcat -C -G alone, measured: 3.3 % at 6 partitions, 20.7 % at 1000).
screen_default_1000() { screen_cpu 1000 default; }
screen_default_6() { screen_cpu 6 default; }
screen_fast_1000() { screen_cpu 1000 fast "${RATE_ARGS[@]}"; }
screen_fast_6() { screen_cpu 6 fast "${RATE_ARGS[@]}"; }
scale_cpu() { cat "$WORK/scale-$1.cpu"; } # LABEL-PARTITIONS -> "running paused"

bench_scale() { # R
	local r=$1 big small
	note "[$r/$REPEATS] scale: the screen at 1000 and at 6 partitions, ${SCALE_SECS} s running and paused"
	in_order "$r" screen_default_1000 screen_default_6
	in_order "$r" screen_fast_1000 screen_fast_6
	big=$(scale_cpu default-1000) small=$(scale_cpu default-6)
	pair "scale: CPU running, 1000 p vs 6 p" "${big% *}" "${small% *}"
	pair "scale: CPU paused, 1000 p vs 6 p" "${big#* }" "${small#* }"
	big=$(scale_cpu fast-1000) small=$(scale_cpu fast-6)
	pair "scale: CPU at ~1 k ticks/s, 1000 p vs 6 p" "${big% *}" "${small% *}"
}

# ---- memory over a long run -------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

bench_rss() {
	local start_at=10 pid start_kb end_kb
	note "RSS: kticker headless on the real broker at ~1 k ticks/s for $DURATION s"
	"$KTICKER" --headless --broker "$BOOTSTRAP" --topic "bench-rss-$$" --group "bench-rss-$$" \
		--partitions "$PARTITIONS" --duration "$DURATION" "${RATE_ARGS[@]}" \
		>"$WORK/rss.out" 2>"$WORK/rss.err" &
	pid=$!
	BG_PID=$pid
	sleep "$start_at"
	start_kb=$(rss_kb "$pid") || die "kticker exited early: $(tail -n 3 "$WORK/rss.err")"
	sleep "$((DURATION - start_at - 2))"
	end_kb=$(rss_kb "$pid") || die "kticker exited early: $(tail -n 3 "$WORK/rss.err")"
	wait "$pid" || die "the RSS run failed: $(tail -n 3 "$WORK/rss.err")"
	BG_PID=""
	define "RSS at ${start_at} s of a ${DURATION} s run" MB - lower
	define "RSS 2 s before the end of that run" MB - lower
	record "RSS at ${start_at} s of a ${DURATION} s run" kt "$(calc "$start_kb / 1024")"
	record "RSS 2 s before the end of that run" kt "$(calc "$end_kb / 1024")"
}

all_rows() { [[ "${BENCH_ONLY:-all}" == all ]]; }
throughput_only() { [[ "${BENCH_ONLY:-all}" == throughput ]]; }
scale_only() { [[ "${BENCH_ONLY:-all}" == scale ]]; }
screen_only() { [[ "${BENCH_ONLY:-all}" == screen ]]; }
latency_only() { [[ "${BENCH_ONLY:-all}" == latency ]]; }

define_screen_rows() {
	define "screen: frame (take, draw, write), 64 p x 50 s" us - lower
	define "screen: of it, the write to the terminal" us - lower
	define "screen: CPU while paused" "%" - lower
}

define_scale_rows() {
	define "scale: CPU running, 1000 p vs 6 p" "%" "6 partitions" lower
	define "scale: CPU paused, 1000 p vs 6 p" "%" "6 partitions" lower
	define "scale: CPU at ~1 k ticks/s, 1000 p vs 6 p" "%" "6 partitions" lower
}

define_latency_rows() {
	local ee="EndToEndLatency ($E2E_COUNT x ${SIZE} B, 1 p)"
	[[ "${BENCH_PERF_TEST:-1}" == 0 ]] && ee="-"
	local floor="kticker's clients alone ($PARTITIONS p)"
	define "real broker: produced per second (latency runs)" ticks/s "$floor" -
	define "real broker: e2e p50 vs kticker's clients alone" ms "$floor" lower
	define "real broker: e2e p99 vs kticker's clients alone" ms "$floor" lower
	define "real broker: e2e p99 vs EndToEndLatency p99" ms "$ee" lower
	define "real broker: e2e p99, whole ms, vs EndToEndLatency" ms "$ee" lower
	define "the machine: a 1 ms sleep's lateness, p99" ms "e2efloor --timer, broker idle" lower
	define "the machine: a 1 ms sleep's lateness, max" ms "e2efloor --timer, broker idle" lower
	define "real broker, 1 p: e2e p50, ~1 k ticks/s" ms - lower
	define "real broker, 1 p: e2e p99 vs EndToEndLatency" ms "$ee" lower
	define "real broker, 1 p: p99 whole ms vs EndToEndLatency" ms "$ee" lower
}

define_rows() {
	scale_only && { define_scale_rows; return; }
	screen_only && { define_screen_rows; return; }
	latency_only && { define_latency_rows; return; }
	define "produce, ticks/s" ticks/s "kcat -P, same bytes" higher
	define "produce, CPU per tick" "us" "kcat -P" lower
	define "produce 1000 ticks (~ start-up cost), wall" ms "kcat -P, same bytes" lower
	define "start-up: loading the CSV files" ms - lower
	define "start-up: cluster and topic" ms - lower
	[[ "${BENCH_PERF_TEST:-1}" == 0 ]] ||
		define "produce, ticks/s vs ProducerPerformance" ticks/s "ProducerPerformance, ${SIZE} B" higher
	define "consume (group), ticks/s" ticks/s "kcat -C -G" higher
	define "consume (group), CPU per tick" "us" "kcat -C -G" lower
	[[ "${BENCH_PERF_TEST:-1}" == 0 ]] ||
		define "consume, ticks/s vs ConsumerPerformance" ticks/s "ConsumerPerformance" higher
	define "produce + consume at once, ticks/s" ticks/s "kcat -P & kcat -C -G" higher
	define "produce + consume at once, CPU per tick" "us" "kcat -P & kcat -C -G" lower
	define "start-up: group join (first assignment)" ms - lower
	throughput_only && return
	define_latency_rows
	define "embedded: produce + consume at once, ticks/s" ticks/s - higher
	define "embedded: ticks of that run never consumed" ticks - lower
	define "embedded: CPU per tick" "us" - lower
	define "embedded: with --archive vs without, ticks/s" ticks/s "without --archive" higher
	define "embedded: e2e p50, ~1 k ticks/s, acks=all" ms - lower
	define "embedded: e2e p99, ~1 k ticks/s, acks=all" ms - lower
	define_screen_rows
	define_scale_rows
}

main() {
	check_args
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/kticker-bench.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	screen_only || start_broker
	if screen_only; then
		make_50_symbols
	elif ! scale_only; then
		prepare_bytes
		warm_up
		[[ "${BENCH_PERF_TEST:-1}" == 0 ]] || create_topic "bench-e2e-$$" 1
		make_50_symbols
	fi
	define_rows
	settle
	LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
	CPU_START=$(cpu_times)
	local r rounds=$REPEATS
	throughput_only && rounds=$TP_REPEATS
	all_rows && rounds=$((TP_REPEATS > REPEATS ? TP_REPEATS : REPEATS))
	for ((r = 1; r <= rounds; r++)); do
		if screen_only; then
			bench_screen "$r"
			continue
		fi
		if latency_only; then
			bench_latency "$r"
			continue
		fi
		if ! scale_only && ((r <= TP_REPEATS)); then
			bench_produce "$r"
			bench_consume "$r"
			bench_both "$r"
		fi
		if throughput_only || ((r > REPEATS)); then continue; fi
		if ! scale_only; then
			bench_latency "$r"
			bench_embedded "$r"
			bench_screen "$r"
		fi
		bench_scale "$r"
	done
	throughput_only || scale_only || screen_only || latency_only || bench_rss
	print_table
}

main
