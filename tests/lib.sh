# lib.sh: helpers for kticker's integration tests (sourced, bash).
# Each test is one behaviour: it starts the real binary, checks what it printed, exits
# 0 (pass), 1 (fail) or 77 (skip).
set -euo pipefail

: "${KTICKER:?set by make check}"
: "${TESTS_DIR:?set by make check}"
: "${DATA_DIR:?set by make check}"
: "${TEST_TMP:=${TMPDIR:-/tmp}/kticker-tests}"
mkdir -p "$TEST_TMP"
WORK=$(mktemp -d "$TEST_TMP/$(basename "$0" .sh).XXXXXX")
# No config file of the user's (conffile.h) reaches a test: each names its own.
export XDG_CONFIG_HOME="$WORK/xdg-config"
unset KTICKER_CONFIG
cleanup_steps=()
cleanup() {
	local i
	for ((i = ${#cleanup_steps[@]} - 1; i >= 0; i--)); do eval "${cleanup_steps[$i]}" || true; done
}
# A command that fails outside a check (set -e) ends the test: say which, so no test fails
# without a reason in its log. The ERR trap names the line, but only of the test's own
# commands (functions do not inherit it); at the exit, the command that failed in a function.
said_why=""
trap 'echo "FAIL: line $LINENO exited $?: $BASH_COMMAND" >&2; said_why=1' ERR
exit_with_reason() {
	if (($1 != 0 && $1 != 77)) && [[ -z "$said_why" ]]; then
		echo "FAIL: exit $1 after: $2" >&2
	fi
	cleanup
}
trap 'exit_with_reason $? "$BASH_COMMAND"' EXIT
on_exit() { cleanup_steps+=("$1"); }

fail() { echo "FAIL: $*" >&2; said_why=1; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
note() { echo "# $*" >&2; }

# unique_name PREFIX: a topic or group name no other test run uses
unique_name() { echo "$1-$$-$RANDOM"; }

# field NAME FILE: the value of NAME=... on the "result:" line kticker printed
field() { sed -n "s/^result:.* $1=\([0-9-]*\).*/\1/p; s/^result: $1=\([0-9-]*\).*/\1/p" "$2" | head -n1; }

# expect_field NAME VALUE FILE
expect_field() {
	local got
	got=$(field "$1" "$3")
	[[ "$got" == "$2" ]] || fail "$1 is '${got}', expected '$2' (in $3: $(grep '^result:' "$3" || echo 'no result line'))"
}

# signal_and_wait PID [SIGNAL]: sends SIGNAL (default TERM) to PID and waits for it to end;
# sets EXIT_RC to its exit status and EXIT_MS to how long it took
signal_and_wait() {
	local t0
	t0=$(date +%s%3N)
	kill -"${2:-TERM}" "$1"
	EXIT_RC=0
	wait "$1" || EXIT_RC=$?
	EXIT_MS=$(($(date +%s%3N) - t0))
}

# expect_accounted OUT: the result line counts every tick produced as delivered or failed,
# and some as failed (a run whose brokers went away)
expect_accounted() {
	local produced delivered failed
	produced=$(field produced "$1")
	delivered=$(field delivered "$1")
	failed=$(field failed "$1")
	((failed > 0 && produced == delivered + failed)) ||
		fail "$1: produced $produced, delivered $delivered, failed $failed"
}

# wait_for_line FILE REGEX SECONDS: waits until a line matching REGEX appears in FILE
wait_for_line() {
	local deadline=$((SECONDS + $3))
	until grep -qE "$2" "$1" 2>/dev/null; do
		((SECONDS < deadline)) || fail "no line matching '$2' in $1 within $3 s"
		sleep 0.2
	done
}

# wait_paused_delivered SECONDS: the --headless run (stdout $WORK/out, stderr $WORK/err) paused
# its feed at its scenario's +SECONDS, and a status line printed since says every tick produced
# was delivered or failed: nothing more can land in the topic.
wait_paused_delivered() {
	local deadline=$((SECONDS + $1 + 20)) from
	wait_for_line "$WORK/err" "scenario feed \\+$1\\.0s: pause" $(($1 + 15))
	from=$(($(wc -l <"$WORK/out") + 1))
	until tail -n +"$from" "$WORK/out" | grep -E ' produced [0-9]+ .* delivered [0-9]+ failed [0-9]+ ' |
		awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1); if (v["produced"] == v["delivered"] + v["failed"]) ok = 1 }
		     END { exit !ok }'; do
		((SECONDS < deadline)) || fail "the paused feed's ticks were not all delivered: $(tail -n 2 "$WORK/out")"
		sleep 0.2
	done
}

# keys_after_pause PID SECONDS: after wait_paused_delivered SECONDS, kcat writes the key of every
# message of topic ticks to $WORK/keys, one a line, and to $WORK/distinct-keys those of the
# distinct messages (one the embedded cluster wrote twice, when a broker went down with the
# request in flight, once); then waits for the run PID to end, which must succeed.
keys_after_pause() {
	wait_paused_delivered "$2"
	kcat -C -b "$(bootstrap_of "$WORK/out")" -t ticks -e -q -f '%k\t%s\n' >"$WORK/messages" 2>"$WORK/kcat.err" ||
		fail "kcat could not read ticks: $(cat "$WORK/kcat.err")"
	cut -f1 "$WORK/messages" >"$WORK/keys"
	sort -u "$WORK/messages" | cut -f1 >"$WORK/distinct-keys"
	wait "$1" || fail "kticker exited $?: $(tail -3 "$WORK/err")"
}

# event_ms FILE REGEX [AFTER_MS]: the time (ms, as kticker stamped it in its --log FILE) of
# the first event matching REGEX at or after AFTER_MS; nothing when there is none
event_ms() {
	awk -v after="${3:-0}" -v re="$2" '$1 >= after && $0 ~ re { print $1; exit }' "$1"
}

# wait_for_event FILE REGEX AFTER_MS SECONDS: waits for an event matching REGEX stamped at or
# after AFTER_MS; prints its time
wait_for_event() {
	local t deadline=$((SECONDS + $4))
	until t=$(event_ms "$1" "$2" "$3") && [[ -n "$t" ]]; do
		((SECONDS < deadline)) || fail "no event matching '$2' after $3 in $1 within $4 s: $(tail -5 "$1")"
		sleep 0.2
	done
	echo "$t"
}

# within_ms FILE CAUSE_REGEX EFFECT_REGEX LIMIT_MS: waits for the effect to be logged after
# the cause, then checks kticker's own timestamps put it within LIMIT_MS
within_ms() {
	local cause effect deadline=$((SECONDS + $4 / 1000 + 20))
	cause=$(event_ms "$1" "$2")
	[[ -n "$cause" ]] || fail "no event matching '$2' in $1"
	until effect=$(event_ms "$1" "$3" "$cause") && [[ -n "$effect" ]]; do
		((SECONDS < deadline)) || fail "no event matching '$3' after '$2' in $1: $(tail -5 "$1")"
		sleep 0.2
	done
	note "'$3' $((effect - cause)) ms after '$2'"
	((effect - cause <= $4)) || fail "'$3' came $((effect - cause)) ms after '$2' (limit $4 ms)"
}

# bootstrap_of FILE: the address a running kticker printed
bootstrap_of() { sed -n 's/^bootstrap: //p' "$1" | head -n1; }

# headless_start OPTION...: runs kticker --headless with the OPTIONs in the background (stdout
# $WORK/out, stderr $WORK/err, killed at exit), sets pid to its pid, waits (20 s) for the
# address it prints and sets bootstrap to it
headless_start() {
	"$KTICKER" --headless "$@" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	on_exit "kill $pid 2>/dev/null"
	wait_for_line "$WORK/out" '^bootstrap: ' 20
	bootstrap=$(bootstrap_of "$WORK/out")
}

# kcat_high_watermark BOOTSTRAP TOPIC PARTITION: the partition's high watermark as kcat reads
# it (the offset after its last message)
kcat_high_watermark() {
	local last
	last=$(kcat -C -b "$1" -t "$2" -p "$3" -o -1 -e -q -f '%o\n' 2>/dev/null | tail -n1)
	echo $((${last:--1} + 1))
}

# need_tool NAME PACKAGE: skips without it, except in CI, where it is a failure
need_tool() {
	command -v "$1" >/dev/null && return
	[[ "${CI:-}" == "true" ]] && fail "$1 is needed (Debian package $2)"
	skip "$1 is not installed (Debian package $2)"
}

# check_topic BOOTSTRAP TOPIC EXPECTED [DUPLICATES]: reads the whole topic with kcat and checks, apart
# from kticker, that every message is a valid tick and every producer's ticks arrive exactly
# once and in order per symbol (with DUPLICATES: that many, no more and no fewer, twice).
check_topic() {
	dump_topic "$1" "$2"
	check_dump "$3" ${4:+"$4"}
}

# kcat_count BOOTSTRAP TOPIC: how many messages the topic holds, read with kcat
kcat_count() {
	kcat -C -b "$1" -t "$2" -e -q -f '%o\n' >"$WORK/kcat.offsets" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $2: $(cat "$WORK/kcat.err")"
	wc -l <"$WORK/kcat.offsets"
}

# dump_topic BOOTSTRAP TOPIC: the whole topic, read with kcat into $WORK/topic.tsv
dump_topic() {
	need_tool kcat kcat
	kcat -C -b "$1" -t "$2" -e -q -f '%k\t%s\n' >"$WORK/topic.tsv" 2>"$WORK/kcat.err" ||
		fail "kcat could not read $2: $(cat "$WORK/kcat.err")"
}

# check_dump EXPECTED [DUPLICATES]: check_topic's checks, of the topic dump_topic read
check_dump() {
	python3 "$TESTS_DIR/check_ticks.py" "$1" ${2:+"$2"} <"$WORK/topic.tsv" || fail "the topic is not right"
}

# expect_exactly_once COUNT OUT: the result line in OUT says COUNT ticks were produced,
# delivered and read, each once and in order: none failed, lost, duplicated or undecodable
expect_exactly_once() {
	local name
	for name in produced delivered own; do expect_field "$name" "$1" "$2"; done
	for name in failed undecodable gaps duplicates; do expect_field "$name" 0 "$2"; done
}

# tick_ids: of the ticks on stdin (JSON, one a line), "SYMBOL SEQ" of each distinct one, sorted:
# a tick's identity where one producer writes the topic
tick_ids() { sed -E 's/.*"symbol":"([^"]*)".*"seq":([0-9]+).*/\1 \2/' | sort -u; }

# archived_tick_ids DIR: tick_ids of what the --archive DIR holds (each tick the consumer read)
archived_tick_ids() { cat "$1"/*/*.ndjson | tick_ids; }

# count_unread_ticks ARCHIVE: after keys_after_pause, the tick_ids of the log as kcat read it
# ($WORK/messages) go to $WORK/log.ids, those of the --archive ARCHIVE to $WORK/read.ids; fails
# if the archive holds a tick kcat did not read; sets unread to how many of the log's it lacks
count_unread_ticks() {
	cut -f2 "$WORK/messages" | tick_ids >"$WORK/log.ids"
	archived_tick_ids "$1" >"$WORK/read.ids"
	[[ -z "$(comm -13 "$WORK/log.ids" "$WORK/read.ids")" ]] ||
		fail "the archive holds ticks kcat did not read: $(comm -13 "$WORK/log.ids" "$WORK/read.ids" | head -5 | tr '\n' ' ')"
	unread=$(comm -23 "$WORK/log.ids" "$WORK/read.ids" | wc -l)
}

# check_report_counts KEYS REPORT: the --report file counts, per symbol, the messages keyed with
# it in KEYS (one key a line, as kcat -f '%k\n' wrote the whole topic): each tick once
check_report_counts() {
	sort "$1" | uniq -c | awk '{ print $2 "," $1 }' >"$WORK/keys.counts"
	tail -n +2 "$2" | cut -d, -f1,2 | sort >"$WORK/report.counts"
	diff "$WORK/keys.counts" "$WORK/report.counts" >"$WORK/counts.diff" ||
		fail "the report's tick counts are not the log's (< kcat, > report): $(tr '\n' ' ' <"$WORK/counts.diff")"
}

# need_broker: sets BROKER to a real Apache Kafka broker. Uses $KTICKER_TEST_BROKER when the
# test run started one; otherwise starts one for this test. Without Java or Maven the test is
# skipped, except in CI (CI=true), where a missing broker is a failure.
need_broker() {
	if [[ -n "${KTICKER_TEST_BROKER:-}" ]]; then
		BROKER=$KTICKER_TEST_BROKER
		return
	fi
	own_broker "$WORK/broker"
}

# need_retention_broker: need_broker, one that deletes within seconds: a broker started before
# broker.sh checked retention every second (Kafka's default is 5 minutes) cannot, and the test
# starts one of its own then
need_retention_broker() {
	need_broker
	[[ -n "${KTICKER_TEST_BROKER:-}" ]] || return 0
	local interval
	interval=$(kafka_tool configs --bootstrap-server "$BROKER" --describe --all --entity-type brokers \
		--entity-name 1 2>/dev/null | sed -n 's/^ *log.retention.check.interval.ms=\([0-9]*\).*/\1/p') || true
	((${interval:-300000} > 1000)) || return 0
	note "the test broker checks retention every ${interval:-?} ms: starting one of this test's own"
	unset KTICKER_TEST_BROKER_STATE
	own_broker "$WORK/broker"
}

# need_kafka_jars: the Apache Kafka jars that --cluster local runs (fetched once, then cached);
# without them the test is skipped, except in CI, where that is a failure
need_kafka_jars() {
	local rc=0
	need_tool java openjdk-17-jdk-headless
	bash "$TESTS_DIR/kafka/broker.sh" fetch || rc=$?
	((rc == 0)) && return
	[[ "${CI:-}" == "true" ]] && fail "could not fetch the Apache Kafka jars (exit $rc); CI needs them"
	((rc == 77)) && skip "no Apache Kafka jars: needs Java 17 and Maven (scripts/install-deps.sh --kafka)"
	fail "could not fetch the Apache Kafka jars (exit $rc)"
}

# own_broker STATEDIR: starts a broker for this test alone (one it may kill), sets BROKER
own_broker() {
	local state=$1 rc=0
	mkdir -p "$state"
	BROKER=$(bash "$TESTS_DIR/kafka/broker.sh" start "$state") || rc=$?
	if ((rc != 0)); then
		if [[ "${CI:-}" == "true" ]]; then
			fail "could not start the Apache Kafka broker (exit $rc); CI needs it"
		fi
		((rc == 77)) && skip "no Apache Kafka broker: needs Java 17 and Maven (see README)"
		fail "could not start the Apache Kafka broker (exit $rc)"
	fi
	on_exit "bash '$TESTS_DIR/kafka/broker.sh' stop '$state'"
}

# own_cluster STATEDIR: starts a three-broker cluster for this test alone (broker.sh
# start-cluster; nodes to kill by id), sets brokers to its bootstrap list
own_cluster() {
	local state=$1 rc=0
	mkdir -p "$state"
	brokers=$(bash "$TESTS_DIR/kafka/broker.sh" start-cluster "$state" 3) || rc=$?
	on_exit "bash '$TESTS_DIR/kafka/broker.sh' stop '$state'"
	if ((rc != 0)); then
		[[ "${CI:-}" == "true" ]] && fail "the three-broker cluster did not start (exit $rc); CI needs it"
		((rc == 77)) && skip "no Apache Kafka cluster: needs Java 17 and Maven (see README)"
		fail "the three-broker cluster did not start (exit $rc)"
	fi
	note "cluster: $brokers"
}

# own_cluster_named PREFIX: own_cluster with its state in $WORK/cluster (sets state and
# brokers), and names this run's topic after PREFIX and its group (sets topic and group; it
# creates neither)
own_cluster_named() {
	state="$WORK/cluster"
	own_cluster "$state"
	topic=$(unique_name "$1")
	group=$(unique_name group)
}

# group_coordinator STATEDIR GROUP: the node id of GROUP's coordinator on own_cluster's
# cluster, as kafka-consumer-groups names it; nothing when it names none
group_coordinator() {
	bash "$TESTS_DIR/kafka/broker.sh" tool "$1" consumer-groups --bootstrap-server "$brokers" \
		--describe --group "$2" --state 2>/dev/null | sed -nE "s/^$2 +[^ ]+ +\(([0-9]+)\).*/\1/p"
}

# cluster_topic STATEDIR TOPIC: creates TOPIC on own_cluster's cluster: 6 partitions, each on
# all three brokers, writes acknowledged by two (min.insync.replicas=2)
cluster_topic() {
	bash "$TESTS_DIR/kafka/broker.sh" tool "$1" topics --bootstrap-server "$brokers" --create \
		--topic "$2" --partitions 6 --replication-factor 3 --config min.insync.replicas=2 \
		>"$WORK/create.out" 2>&1 || fail "could not create $2: $(cat "$WORK/create.out")"
}

# kafka_tool NAME ARGS...: one of Kafka's own command-line tools against BROKER
kafka_tool() {
	local state="${KTICKER_TEST_BROKER_STATE:-$WORK/broker}"
	bash "$TESTS_DIR/kafka/broker.sh" tool "$state" "$@"
}

# frame_times_start FILE: each frame a screen started after this draws (KTICKER_FRAME_LOG's
# line, through a pipe) is stamped in FILE, in ms of the wall clock, as it comes: the time
# kticker drew it, without tmux's own polling in it
frame_times_start() {
	need_tool python3 python3
	mkfifo "$WORK/frames"
	python3 -u -c 'import sys, time
for line in open(sys.argv[1]): print(int(time.time() * 1000))' "$WORK/frames" >"$1" &
	on_exit "kill $! 2>/dev/null"
	export KTICKER_FRAME_LOG="$WORK/frames"
}

# first_frame_after FRAME_TIMES MS: the time of the first frame drawn at or after MS, if any
first_frame_after() { awk -v t="$2" '$1 >= t { print; exit }' "$1"; }

# ---- the screen, driven in tmux ------------------------------------------------------------
# tui_start COLSxROWS ARGS...: runs kticker (screen mode) in a detached tmux session of its
# own; when it exits, the pane prints EXIT=<status> and the terminal's stty settings.
tui_start() {
	need_tool tmux tmux
	local size=$1
	shift
	TUI_SESSION="kt-$$-$RANDOM"
	TUI_SOCKET="$WORK/tmux.sock"
	local cmd
	cmd=$(printf '%q ' "$KTICKER" "$@")
	tmux -S "$TUI_SOCKET" new-session -d -s "$TUI_SESSION" -x "${size%x*}" -y "${size#*x}" \
		"TERM=xterm-256color LANG=C.UTF-8 $cmd 2>'$WORK/tui.err'; echo EXIT=\$?; for f in icanon echo; do if stty -a | grep -qE \"(^| )\$f( |\\\$)\"; then echo TTY \$f on; else echo TTY \$f off; fi; done; sleep 600"
	on_exit "tmux -S '$TUI_SOCKET' kill-server 2>/dev/null"
}

tui_keys() { tmux -S "$TUI_SOCKET" send-keys -t "$TUI_SESSION" "$@"; }
tui_screen() { tmux -S "$TUI_SOCKET" capture-pane -p -t "$TUI_SESSION"; }
tui_resize() { tmux -S "$TUI_SOCKET" resize-window -t "$TUI_SESSION" -x "$1" -y "$2"; }

# ---- kticker under a shell with job control, in tmux -------------------------------------------
# jobs_start OPTION...: an interactive bash in a tmux session of its own (job control: Ctrl-Z
# stops its job), its terminal modes kept in $WORK/tty.before; runs kticker with the OPTIONs
# there (stderr $WORK/jobs.err), waits for the health line and sets pid to kticker's
jobs_start() {
	JOBS_SESSION="kt-jobs-$$-$RANDOM" JOBS_SOCKET="$WORK/jobs.sock"
	tmux -S "$JOBS_SOCKET" new-session -d -s "$JOBS_SESSION" -x 120 -y 40 \
		"TERM=xterm-256color LANG=C.UTF-8 bash --norc --noprofile -i"
	on_exit "tmux -S '$JOBS_SOCKET' kill-server 2>/dev/null"
	jobs_keys "PS1='$ '; stty -g >'$WORK/tty.before'; echo \$\$ >'$WORK/shell.pid'" Enter
	wait_for_line "$WORK/shell.pid" '[0-9]' 5
	jobs_keys "$(printf '%q ' "$KTICKER" "$@")2>'$WORK/jobs.err'" Enter
	jobs_wait '^ OK ' 30
	pid=$(pgrep -P "$(cat "$WORK/shell.pid")" -x kticker) || fail "no kticker under the shell"
}
jobs_keys() { tmux -S "$JOBS_SOCKET" send-keys -t "$JOBS_SESSION" "$@"; }
jobs_screen() { tmux -S "$JOBS_SOCKET" capture-pane -p -t "$JOBS_SESSION"; }
jobs_alternate() { tmux -S "$JOBS_SOCKET" display -p -t "$JOBS_SESSION" '#{alternate_on}'; }
jobs_wait() {
	local deadline=$((SECONDS + $2))
	until jobs_screen | grep -qE -- "$1"; do
		((SECONDS < deadline)) || fail "the shell's pane did not show '$1' within $2 s: $(jobs_screen)"
		sleep 0.3
	done
}

# kcat_leaders BOOTSTRAP TOPIC: "PARTITION LEADER" lines as kcat -L reads them (apart from
# kticker), by partition
kcat_leaders() {
	kcat -L -b "$1" -t "$2" 2>/dev/null | sed -nE 's/^ *partition ([0-9]+), leader ([0-9-]+),.*/\1 \2/p' | sort -n
}

# wait_for_kcat_leaders BOOTSTRAP TOPIC PARTITIONS FILE: waits (10 s) until kcat_leaders lists
# all PARTITIONS of TOPIC (a new topic's metadata may come in parts), into FILE
wait_for_kcat_leaders() {
	local deadline=$((SECONDS + 10))
	until kcat_leaders "$1" "$2" >"$4" && (($(wc -l <"$4") == $3)); do
		((SECONDS < deadline)) || fail "kcat -L does not list the $3 partitions of $2: $(tr '\n' ' ' <"$4")"
		sleep 0.2
	done
}

# tui_partition_rows: the partitions panel's rows ("*  P Owner Ldr ..."); tui_screen_leaders:
# "PARTITION LDR" of each, by partition. The mark and the partition take 4 columns, Ldr
# columns 12-15 (0-based), wherever the owner's name ends.
tui_partition_rows() { tui_screen | sed -nE '/^ *P +Owner +Ldr /,/^ *$/p' | grep -E '^[* ] *[0-9]+ '; }
# partition_sparks FILE: each partition row of a screen dump as "P LAG CELLS": its Lag column
# as shown (a ~ kept) and its lag sparkline from column 87, a block as its level 0-7 and a
# stale second's cell as ~
partition_sparks() {
	python3 - "$1" <<'EOF'
import re, sys
blocks = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
rows = False
for line in open(sys.argv[1], encoding="utf-8"):
    if re.match(r"^ *P +Owner +Ldr ", line):
        rows = True
        continue
    m = re.match(r"^[* ] *(\d+) ", line)
    if not rows or not m:
        continue
    lag = line.split()[8 if line.startswith("*") else 7]
    cells = "".join(c if c == "~" else str(blocks.index(c)) for c in line[86:].rstrip() if c == "~" or c in blocks)
    print(m.group(1), lag, cells or "-")
EOF
}
# lag_disagreement SCREEN_FILE: where the health line's group lag is not the sum of the rows'
# Lag column ("-" when no row has one, as kafka-consumer-groups shows a partition with nothing
# committed), what each says; nothing when they agree or the screen has no exact figures
lag_disagreement() {
	awk '
		/^[* ] +[0-9]+ [^ ]+ / {
			o = substr($0, 1, 1) == "*" ? 2 : 1; l = $(o + 7); rows = rows " " l; sub(/^~/, "", l)
			if (l ~ /^[0-9]+$/) { sum += l; n++ } else if (l != "-") odd = 1
		}
		match($0, /(^ OK|\|) lag ~?[^ ]+/) { s = substr($0, RSTART, RLENGTH); sub(/.* lag ~?/, "", s); shown = s }
		END { if (!odd && shown != "" && shown != (n ? sum "" : "-")) print "health line lag " shown ", rows" rows }' "$1"
}
# tui_check_lag_sum: the screen's group lag is its rows' (lag_disagreement), judged on one
# whole frame (tui_frozen_screen): a capture of the live screen may hold two frames' rows
tui_check_lag_sum() {
	local said
	tui_frozen_screen "$WORK/lag-sum.txt"
	said=$(lag_disagreement "$WORK/lag-sum.txt")
	[[ -z "$said" ]] || fail "$said:
$(grep -E '^ +P Owner|^[* ] +[0-9]+ |lag ' "$WORK/lag-sum.txt")"
}
tui_screen_leaders() {
	tui_partition_rows | awk '{ l = substr($0, 13, 4); gsub(/ /, "", l); print substr($0, 2, 3) + 0, l }' | sort -n
}
# tui_wait_for_leaders FILE: waits (6 s) until the Ldr column is FILE's "PARTITION LDR" lines
tui_wait_for_leaders() {
	local deadline=$((SECONDS + 6))
	until tui_screen_leaders | cmp -s - "$1"; do
		((SECONDS < deadline)) || fail "the Ldr column is not $(tr '\n' ' ' <"$1"):
$(tui_partition_rows)"
		sleep 0.3
	done
}

# tui_leadership SCREEN_FILE: "PARTITION LDR ISR EP" of the partition rows of a whole screen
# (tui_frozen_screen's), by partition; the columns where the rows put them on a screen of 87
# columns or more (Ldr 13-16, ISR 75-80, Ep 82-85), "-" standing for an empty one
tui_leadership() {
	sed -nE '/^ *P +Owner +Ldr .* Ep /,/^ *$/p' "$1" | grep -E '^[* ] *[0-9]+ ' |
		awk '{ printf "%d", substr($0, 2, 3)
		       split(substr($0, 13, 4) "|" substr($0, 75, 6) "|" substr($0, 82, 4), c, "|")
		       for (i = 1; i <= 3; i++) { gsub(/ /, "", c[i]); printf " %s", c[i] == "" ? "-" : c[i] }
		       print "" }' | sort -n
}
# tui_wait_for_leadership CHECK SECONDS: waits for a whole screen whose tui_leadership rows,
# in $WORK/leadership, pass CHECK (a command, given no argument); leaves them there
tui_wait_for_leadership() {
	local deadline=$((SECONDS + $2))
	while :; do
		tui_frozen_screen "$WORK/leadership-screen"
		tui_leadership "$WORK/leadership-screen" >"$WORK/leadership"
		[[ -s "$WORK/leadership" ]] || fail "no partition rows on the screen: $(cat "$WORK/leadership-screen")"
		$1 && return
		((SECONDS < deadline)) || fail "the rows (P Ldr ISR Ep) do not pass $1 within $2 s:
$(cat "$WORK/leadership")"
		sleep 0.3
	done
}
# leadership_marked: the rows of $WORK/leadership with a ~ in Ldr, ISR or Ep
leadership_marked() { awk '$2 ~ /^~/ || $3 ~ /^~/ || $4 ~ /^~/' "$WORK/leadership"; }
# leadership_unmarked: the rows of $WORK/leadership with a figure in Ldr, ISR or Ep and no ~
leadership_unmarked() { awk '$2 ~ /^[0-9]/ || $3 ~ /^[0-9]/ || $4 ~ /^[0-9]/' "$WORK/leadership"; }

# tui_wait REGEX SECONDS: waits until the screen shows a line matching REGEX
tui_wait() {
	local deadline=$((SECONDS + $2))
	until tui_screen | grep -qE -- "$1"; do
		if ((SECONDS >= deadline)); then
			tui_screen >"$WORK/screen.txt"
			fail "the screen did not show '$1' within $2 s; it shows:
$(cat "$WORK/screen.txt")
stderr: $(tail -5 "$WORK/tui.err" 2>/dev/null)"
		fi
		sleep 0.3
	done
}

# tui_switch_topic TOPIC EVENTS GROUP: t, then TOPIC; waits for the member of GROUP to be
# subscribed to TOPIC and given its partitions (as kticker's --log EVENTS tells), and for the
# header to name it
tui_switch_topic() {
	local from
	from=$(date +%s%3N)
	tui_keys t
	tui_wait '^Topic: ' 5
	tui_keys -l "$1"
	tui_keys Enter
	wait_for_event "$2" "consumer: group $3 subscribed to $1" "$from" 15 >/dev/null
	wait_for_event "$2" 'rebalance: assigned partitions' "$from" 30 >/dev/null
	tui_wait "topic $1 \\(" 5
}

# tui_frozen_screen FILE: the screen caught whole, into FILE. The feed changes it each frame,
# and tmux sees no frame's end: two captures in a row rarely agreed on a loaded machine. So Z
# freezes it, and once the mark shows in the footer (the last row a frame writes) a capture
# has the whole frozen frame, mark and all; Z again resumes it before the test goes on.
TUI_FROZEN_MARK='FROZEN at [0-9]{2}:[0-9]{2}:[0-9]{2} - Z resumes'
tui_frozen_screen() {
	tui_keys Z
	tui_wait "$TUI_FROZEN_MARK" 10
	tui_screen >"$1"
	grep -qE "$TUI_FROZEN_MARK" "$1" || fail "the frozen screen lost its mark: $(tail -n1 "$1")"
	tui_keys Z
	local deadline=$((SECONDS + 10))
	while tui_screen | grep -qE "$TUI_FROZEN_MARK"; do
		((SECONDS < deadline)) || fail "Z did not resume the screen in 10 s"
		sleep 0.1
	done
}

# tui_start_embedded EVENTS SIZE [OPTION...]: tui_start SIZE on the embedded cluster, the test
# data from 2017-05-01 at 4 ticks a day, the --log file EVENTS and the OPTIONs; waits until the
# health line says OK and the consumer reads, then sets bootstrap to the cluster's address as
# the event log tells it
tui_start_embedded() {
	local events=$1 size=$2
	shift 2
	tui_start "$size" --data "$DATA_DIR" --from 2017-05-01 --ticks-per-day 4 --log "$events" "$@"
	tui_wait '^ OK ' 30
	tui_wait 'Consumer [1-9][0-9]* read [1-9]' 20
	bootstrap=$(sed -nE 's/.*embedded cluster: [0-9]+ brokers at ([^ ]+).*/\1/p' "$events" | head -n1)
	[[ -n "$bootstrap" ]] || fail "no bootstrap address in the event log"
}

# tui_command EVENTS COMMAND REGEX: types COMMAND at the : prompt and waits until the --log
# file EVENTS has a line matching REGEX
tui_command() {
	tui_keys : "$2" Enter
	wait_for_line "$1" "$3" 5
}

# tui_expect_clean_exit: kticker exited 0 with its summary, and left the terminal as it was
tui_expect_clean_exit() {
	tui_wait '^EXIT=0' 20
	tui_wait '^result: produced=[0-9]+ delivered=[0-9]+ failed=0 ' 5
	tui_wait '^TTY echo' 5
	tui_screen | grep -q '^TTY icanon on' || fail "terminal left without canonical mode: $(tui_screen | grep TTY)"
	tui_screen | grep -q '^TTY echo on' || fail "terminal echo not restored: $(tui_screen | grep TTY)"
	grep -q 'flushing the producer and committing offsets' "$WORK/tui.err" || fail "no shutdown message"
}

# tui_value REGEX: the first number after REGEX on the screen (e.g. tui_value 'Producer ')
tui_value() { tui_screen | grep -oE -- "$1[0-9]+" | head -n1 | grep -oE '[0-9]+$'; }

# group_cluster real|embedded TOPIC GROUP: sets cluster=(--broker ADDRESS) for tests of a
# consumer group: the real broker, or the embedded cluster of a kticker that only watches
# TOPIC, in a group of its own.
group_cluster() {
	if [[ "$1" == real ]]; then
		need_broker
		cluster=(--broker "$BROKER")
		return
	fi
	# one file per cluster: a test may start a second one while the first still writes
	local out="$WORK/cluster-$2"
	"$KTICKER" --headless --role consumer --duration 120 --data "$DATA_DIR" --topic "$2" \
		--group "$3-watch" >"$out.out" 2>"$out.err" &
	on_exit "kill $! 2>/dev/null"
	wait_for_line "$out.out" '^bootstrap: ' 20
	cluster=(--broker "$(bootstrap_of "$out.out")")
}

GROUP_SESSION_S=6 # group_consumer's session.timeout.ms, in seconds

# group_consumer NAME SECONDS [OPTION...]: a headless consumer of $topic in $group on $cluster,
# in the background ($! is its pid), with a session short enough for a test to see the group
# settle: on a real cluster too, the 6 s kticker's consumers take on an embedded one (which a
# kticker given --broker knows by its cluster id).
group_consumer() {
	local name=$1 seconds=$2
	shift 2
	"$KTICKER" --headless --role consumer "${cluster[@]}" --topic "$topic" --group "$group" \
		--duration "$seconds" --data "$DATA_DIR" -X session.timeout.ms=$((GROUP_SESSION_S * 1000)) \
		-X heartbeat.interval.ms=1000 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	on_exit "kill $! 2>/dev/null"
}

# kill_mid_run TICKS DELAY TICKS-PER-DAY SECONDS [OPTION...]: a consumer "doomed" (with the
# options) joins $group, a producer writes TICKS ticks in the background ($producer is its
# pid), and after SECONDS the consumer is killed with SIGKILL: no commit, no leaving. Returns
# once the group's coordinator has let the dead member go (its session and a second more of
# the embedded cluster's once-a-second check, and a second to spare): a member joining
# while the dead one still counted was, in one CI run on the embedded cluster, never given a
# partition in 40 s. librdkafka 2.0.2's mock had dropped it: its thread, held up past the
# joining member's session, expired both (crash-mock-stall.sh); joining later leaves the
# member more than the one second its session otherwise outlasts the group's election.
kill_mid_run() {
	local ticks=$1 delay=$2 per_day=$3 seconds=$4
	shift 4
	group_consumer doomed 120 "$@"
	local doomed=$!
	wait_for_line "$WORK/doomed.err" 'assigned partitions' 30
	timeout 90 "$KTICKER" --headless --role producer "${cluster[@]}" --topic "$topic" --count "$ticks" \
		--delay "$delay" --ticks-per-day "$per_day" --from 2017-05-01 --data "$DATA_DIR" \
		>"$WORK/producer.out" 2>"$WORK/producer.err" &
	producer=$!
	on_exit "kill $producer 2>/dev/null"
	sleep "$seconds"
	{ kill -KILL "$doomed" && wait "$doomed"; } 2>/dev/null || true # quietly: bash reports kills
	sleep $((GROUP_SESSION_S + 2))
}

# ---- a topic made again while another member holds its partitions (real broker) ----------
# remade_produce COUNT FROM OPTION...: a headless producer of COUNT ticks of the test data from
# FROM into $topic
remade_produce() {
	local count=$1 from=$2
	shift 2
	timeout 60 "$KTICKER" --headless --role producer --broker "$BROKER" --topic "$topic" \
		--count "$count" --from "$from" --delay 20 --data "$DATA_DIR" "$@" \
		>>"$WORK/producer.out" 2>>"$WORK/producer.err" ||
		fail "the producer of $count ticks failed: $(tail -n3 "$WORK/producer.err")"
}
# partition_0_position: partition 0's Position on the screen ("" without a row)
partition_0_position() {
	tui_partition_rows | awk '{ o = substr($0, 1, 1) == "*" } $(1 + o) == 0 { print $(7 + o) }'
}
# wait_read_to_end: waits (30 s) until this member's position in partition 0 is kcat's end
wait_read_to_end() {
	local end deadline=$((SECONDS + 30))
	end=$(kcat_high_watermark "$BROKER" "$topic" 0)
	until [[ "$(partition_0_position)" == "$end" ]]; do
		((SECONDS < deadline)) || fail "partition 0 not read to kcat's end $end: $(tui_partition_rows | tr '\n' ';')"
		sleep 0.2
	done
	echo "$end"
}
# remade_while_held_elsewhere: the screen (--role consumer, in $group, events to $events) reads
# $topic's 3 partitions to their end, partition 0 to $old_end; a second member (a headless
# kticker, $second, whose client id sorts first, so the range assignor gives it partitions 0
# and 1, and the re-made topic's only one) joins; the topic is deleted and made again by a
# producer of 11 ticks (the broker makes it with 1 partition); returns once the second member
# has committed the new log's end, "PARTITION COMMITTED LOG-END CONSUMER-ID" in $WORK/offsets
remade_while_held_elsewhere() {
	remade_produce 900 2017-05-01 --partitions 3 # some 300 ticks a partition
	tui_start 140x45 --broker "$BROKER" --topic "$topic" --group "$group" --role consumer \
		--data "$DATA_DIR" --log "$events"
	tui_wait 'Partitions +3 assigned of 3' 30
	old_end=$(wait_read_to_end)
	"$KTICKER" --headless --role consumer --broker "$BROKER" --topic "$topic" --group "$group" \
		-X client.id=a-second --duration 120 --data "$DATA_DIR" >"$WORK/second.out" 2>"$WORK/second.err" &
	second=$!
	on_exit "kill $second 2>/dev/null"
	wait_for_line "$WORK/second.err" 'assigned partitions' 40
	tui_wait 'Partitions +1 assigned of 3' 30
	[[ -z "$(tui_partition_rows | awk '$1 == "*" && $2 != 2')" ]] ||
		fail "this member holds more than partition 2: $(tui_partition_rows | tr '\n' ';')"
	kafka_tool topics --bootstrap-server "$BROKER" --delete --topic "$topic" >"$WORK/delete.out" 2>&1 ||
		fail "kafka-topics could not delete $topic: $(cat "$WORK/delete.out")"
	remade_produce 11 2017-05-01 --partitions 1
	local partitions deadline=$((SECONDS + 40))
	partitions=$(kcat -L -b "$BROKER" -t "$topic" 2>/dev/null | grep -c 'partition [0-9]*,')
	((partitions == 1)) || fail "$topic made again with $partitions partitions, not 1: $(kcat -L -b "$BROKER" -t "$topic" 2>&1 | tr '\n' ';')"
	until kafka_tool consumer-groups --bootstrap-server "$BROKER" --describe --group "$group" 2>/dev/null |
		awk -v t="$topic" '$2 == t { print $3, $4, $5, $7 }' >"$WORK/offsets" &&
		awk '$1 != 0 || $2 != $3 || $4 !~ /^a-second/ { bad = 1 } END { exit bad || NR != 1 }' "$WORK/offsets"; do
		((SECONDS < deadline)) || fail "the second member did not commit the re-made topic's end (partition committed log-end consumer-id): $(tr '\n' ';' <"$WORK/offsets")"
		sleep 1
	done
}
# check_quotes_are_kcat_latest WHAT: every quote's Last on the screen is the close of its
# symbol's latest tick in $topic as kcat reads it; WHAT says in a failure how the topic came
check_quotes_are_kcat_latest() {
	# "SYMBOL CLOSE" of each symbol's latest tick in the topic, and "SYMBOL LAST" on the screen
	timeout 20 kcat -C -b "$BROKER" -t "$topic" -e -q -f '%s\n' |
		sed -nE 's/.*"symbol":"([^"]+)".*"close":([-0-9.e]+).*/\1 \2/p' |
		awk '{ last[$1] = $2 } END { for (s in last) print s, last[s] }' | sort >"$WORK/kcat"
	[[ -s "$WORK/kcat" ]] || fail "kcat reads no tick of $topic"
	tui_frozen_screen "$WORK/screen"
	awk '/^ Symbol +Last / { q = 1; next } /^ Partitions / { q = 0 }
	     q && $2 ~ /^~?[0-9.]+$/ { sub(/^~/, "", $2); print $1, $2 }' "$WORK/screen" | sort >"$WORK/shown"
	join -a1 "$WORK/kcat" "$WORK/shown" | awk 'NF < 3 { print; bad = 1; next }
		{ d = $2 - $3; if (d < 0) d = -d; if (d > 0.0001 * $2 + 0.005) { print; bad = 1 } } END { exit bad }' \
		>"$WORK/differ" ||
		fail "the quotes are not the latest ticks of $topic $1 (symbol, kcat's close, screen's Last): $(tr '\n' ';' <"$WORK/differ")
$(cat "$WORK/screen")"
}
