#!/bin/bash
# Every kticker command the README shows (in its code blocks, in `inline code`, and in the
# scripts it tells users to run) works as written: the headless ones finish within a timeout
# with exit 0 and a result line that says so; the screen ones come up in tmux and exit 0 on q.
# Placeholders become real addresses: 127.0.0.1:PORT the address a running kticker printed,
# kafka1:9092 the shared test broker. Commands that need what a test cannot have are listed
# below as skipped, with the reason printed. A README command this test does not know fails it.
. "$TESTS_DIR/lib.sh"
need_tool tmux tmux
README="$TESTS_DIR/../README.md"
SCRIPTS_DIR="$TESTS_DIR/../scripts"
cd "$WORK"
ln -s "$DATA_DIR" data # the README's relative paths (data/scenarios/...) are the source tree's

# ---- the commands, as the README and its scripts show them --------------------------------
# readme_commands: one line per command: `kticker -...` lines of the code blocks (a `$ ` prompt
# and a trailing `# comment` dropped, `\` continuations joined), `kticker ...` inline code, and
# the kticker line of scripts/quickstart.sh and scripts/test.sh, which the README names.
readme_commands() {
	awk '
		/^```/ { block = !block; next }
		block && (cmd != "" || /^(\$ )?kticker -/) {
			line = $0
			sub(/^\$ /, "", line)
			cont = line ~ /\\$/
			sub(/[ \t]*\\$/, "", line)
			if (cont) { cmd = cmd line " "; next }
			sub(/[ \t]+#.*$/, "", line)
			print cmd line
			cmd = ""
		}
		!block {
			rest = $0
			while (match(rest, /`kticker -[^`]*`/)) {
				print substr(rest, RSTART + 1, RLENGTH - 2)
				rest = substr(rest, RSTART + RLENGTH)
			}
		}' "$README"
	# scripts: the line that runs kticker, its binary's path shortened to kticker
	for script in quickstart.sh test.sh; do
		awk '/(^|[ \/"])kticker"? -/ {
			line = $0
			while (line ~ /\\$/ && (getline next_line) > 0) { sub(/[ \t]*\\$/, " ", line); line = line next_line }
			sub(/^.*kticker"? /, "kticker ", line)
			print line
		}' "$SCRIPTS_DIR/$script"
	done
}
readme_commands | sed 's/[ \t][ \t]*/ /g; s/ $//' | sort -u >"$WORK/commands.txt"
note "$(wc -l <"$WORK/commands.txt") kticker commands in README.md and its scripts"

# ---- how each is run ----------------------------------------------------------------------
# Every command in the README must have a line here, and every line here must still be in it.
declare -A how=(
	["kticker --lesson 0"]=finishes
	["kticker --lesson 6"]=finishes
	["kticker --headless --count 20000 --delay 0 --ticks-per-day 3"]=finishes
	["kticker --headless --duration 30 --ticks-per-day 20 --scenario data/scenarios/acks0-loss.txt"]=finishes
	["kticker --headless --broker kafka1:9092,kafka2:9092 --topic ticks --partitions 12 --idempotence --duration 30"]=finishes-real
	["kticker --headless --broker 127.0.0.1:PORT --group second --duration 30"]=finishes-joined
	["kticker --from 2017-05-01 --ticks-per-day 8 \"\$@\""]=screen
	["kticker --idempotence --scenario data/scenarios/broker-failover.txt --metrics run.csv"]=screen
	["kticker --transform --archive /tmp/ticks --report run.csv"]=screen
	["kticker --role transform --broker 127.0.0.1:PORT"]=screen-joined
	["kticker --role consumer --broker <the printed bootstrap>"]=screen-joined
	["kticker --cluster local --from 2017-05-01"]=local
	["kticker --role consumer --broker 127.0.0.1:PORT,..."]=local-joined
	["kticker --broker kafka1:9093 -X security.protocol=SSL -X ssl.ca.location=/etc/kafka/ca.pem"]="skip: an SSL listener with its CA; tests/integration/real-secure.sh runs kticker through one on a real broker"
	["kticker --broker kafka1:9094 -X security.protocol=SASL_SSL -X sasl.mechanisms=PLAIN -X sasl.username=carol -X sasl.password=... -X ssl.ca.location=/etc/kafka/ca.pem"]="skip: a SASL listener with a password; tests/integration/real-secure.sh runs SASL/PLAIN on a real broker"
	["kticker --broker kafka1:9094 -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 ..."]="skip: SCRAM needs its own broker; tests/integration/real-secure-scram.sh runs SCRAM-SHA-512 on Kafka 3.9.1"
	["kticker --headless --idempotence --transform --archive archive --metrics metrics.csv --report report.csv --delay 100 --ticks-per-day 20 --scenario ../data/scenarios/broker-failover.txt --duration 32 >tsan.out 2>tsan.err"]="skip: scripts/test.sh's own run under ThreadSanitizer, in its TSan build; CI runs it"
)
unknown=$(while read -r cmd; do [[ -n "${how[$cmd]+x}" ]] || echo "  $cmd"; done <"$WORK/commands.txt")
[[ -z "$unknown" ]] || fail "README commands this test neither runs nor lists as skipped (add them to 'how'):
$unknown"
for cmd in "${!how[@]}"; do
	grep -qxF -- "$cmd" "$WORK/commands.txt" || fail "no longer in the README or its scripts (remove it from 'how'): $cmd"
done
while read -r cmd; do
	[[ "${how[$cmd]}" == skip:* ]] && note "SKIPPED $cmd — ${how[$cmd]#skip: }"
done <"$WORK/commands.txt"

# words CMD: the command's arguments after kticker, one per line ("$@" of a script dropped)
words() {
	local line=${1#kticker }
	eval "set -- ${line% \"\$@\"}"
	printf '%s\n' "$@"
}

# placed CMD BOOTSTRAP: the arguments with the README's placeholders filled in
placed() {
	local cmd=$1
	cmd=${cmd//127.0.0.1:PORT,.../$2}
	cmd=${cmd//127.0.0.1:PORT/$2}
	cmd=${cmd//<the printed bootstrap>/$2}
	cmd=${cmd//kafka1:9092,kafka2:9092/$2}
	cmd=${cmd//\/tmp\/ticks/$WORK/ticks}
	cmd=${cmd//--topic ticks/--topic $(unique_name readme)}
	words "$cmd"
}

# ---- the headless ones: run to the end in the background, checked at the end --------------
jobs_started=()
# finish NAME SECONDS ARGS...: runs kticker ARGS in the background under a timeout
finish() {
	local name=$1 limit=$2
	shift 2
	(
		rc=0
		timeout "$limit" "$KTICKER" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
		echo "$rc" >"$WORK/$name.rc"
	) &
	jobs_started+=("$name:$limit:$!")
}

# a running kticker, for the commands that join the embedded cluster of one
"$KTICKER" --headless --duration 900 --data "$DATA_DIR" --group readme-host >"$WORK/host.out" 2>"$WORK/host.err" &
host_pid=$!
on_exit "kill $host_pid 2>/dev/null"
wait_for_line "$WORK/host.out" '^bootstrap: ' 20
host=$(bootstrap_of "$WORK/host.out")

declare -A job_cmd
n=0
while read -r cmd; do
	case "${how[$cmd]}" in
	finishes) args=$(placed "$cmd" "") ;;
	finishes-joined) args=$(placed "$cmd" "$host") ;;
	finishes-real)
		need_broker
		args=$(placed "$cmd" "$BROKER")
		;;
	*) continue ;;
	esac
	n=$((n + 1))
	job_cmd[job$n]=$cmd
	mapfile -t argv <<<"$args"
	finish "job$n" 90 "${argv[@]}"
done <"$WORK/commands.txt"

# ---- the screen ones: each in tmux; it must come up, and q must end it with exit 0 --------
TUI_SOCKET="$WORK/tmux.sock"
on_exit "tmux -S '$TUI_SOCKET' kill-server 2>/dev/null"
screens=0
# screen NAME SECONDS ARGS...: starts kticker ARGS in a tmux window of its own and waits up to
# SECONDS for its header and Producer or Consumer line
screen_up() {
	local name=$1 limit=$2
	shift 2
	local cmd
	cmd=$(printf '%q ' "$KTICKER" "$@")
	if ((screens++ == 0)); then
		tmux -S "$TUI_SOCKET" new-session -d -s readme -n "$name" -x 120 -y 40 -c "$WORK" \
			"TERM=xterm-256color LANG=C.UTF-8 $cmd 2>'$WORK/$name.err'; echo EXIT=\$?; sleep 600"
	else
		tmux -S "$TUI_SOCKET" new-window -d -t readme -n "$name" -c "$WORK" \
			"TERM=xterm-256color LANG=C.UTF-8 $cmd 2>'$WORK/$name.err'; echo EXIT=\$?; sleep 600"
	fi
	local deadline=$((SECONDS + limit))
	until window "$name" | grep -q '^ kticker ' && window "$name" | grep -qE '^ (Producer|Consumer|Transform) '; do
		((SECONDS < deadline)) || fail "the screen of '$*' did not come up within $limit s:
$(window "$name")
stderr: $(tail -5 "$WORK/$name.err")"
		sleep 0.5
	done
}
window() { tmux -S "$TUI_SOCKET" capture-pane -p -t "readme:$1" 2>/dev/null; }

# screen_quit NAME: q ends it with exit 0 and its result line
screen_quit() {
	tmux -S "$TUI_SOCKET" send-keys -t "readme:$1" q
	local deadline=$((SECONDS + 30))
	until window "$1" | grep -q '^EXIT='; do
		((SECONDS < deadline)) || fail "$1 did not exit within 30 s of q: $(window "$1" | tail -5)"
		sleep 0.3
	done
	window "$1" | grep -q '^EXIT=0$' || fail "$1 exited $(window "$1" | grep '^EXIT=') on q:
$(window "$1" | grep -E '^(result|EXIT)')
stderr: $(tail -5 "$WORK/$1.err")"
	window "$1" | grep -qE '^result: .* failed=0 ' || fail "$1 left no clean result line: $(window "$1" | grep '^result')"
}

n=0
local_cmds=()
while read -r cmd; do
	case "${how[$cmd]}" in
	screen) args=$(placed "$cmd" "") ;;
	screen-joined) args=$(placed "$cmd" "$host") ;;
	local | local-joined)
		local_cmds+=("$cmd")
		continue
		;;
	*) continue ;;
	esac
	n=$((n + 1))
	mapfile -t argv <<<"$args"
	screen_up "screen$n" 30 "${argv[@]}"
	sleep 3 # a few seconds of it running
	screen_quit "screen$n"
	note "ran: $cmd"
done <"$WORK/commands.txt"
[[ -s "$WORK/run.csv" ]] || fail "--metrics run.csv / --report run.csv wrote nothing"
[[ -n "$(find "$WORK/ticks" -name '*.ndjson' -size +0 2>/dev/null | head -n1)" ]] ||
	fail "--archive /tmp/ticks (here $WORK/ticks) archived nothing"

# ---- the headless ones' ends, before the local cluster starts (three JVMs want the machine) --
for job in "${jobs_started[@]}"; do
	IFS=: read -r name limit pid <<<"$job"
	wait "$pid" || true
	rc=$(cat "$WORK/$name.rc")
	((rc != 124)) || fail "did not finish within $limit s: ${job_cmd[$name]}"
	((rc == 0)) || fail "exit $rc: ${job_cmd[$name]}
$(tail -5 "$WORK/$name.err")"
	case "${job_cmd[$name]}" in
	*--lesson*) grep -qE '^(Lesson [0-9]+: | 1  Keys and partitions)' "$WORK/$name.out" || fail "no lesson printed: ${job_cmd[$name]}" ;;
	*) grep -qE '^result: produced=[1-9][0-9]* delivered=[0-9]+ failed=0 consumed=[1-9]' "$WORK/$name.out" ||
		fail "no result line with ticks through: ${job_cmd[$name]}: $(grep '^result' "$WORK/$name.out")" ;;
	esac
	note "ran: ${job_cmd[$name]}"
done
# the host's commands are done: it goes, so that the local cluster has the machine to itself
kill -TERM "$host_pid"
wait "$host_pid" || true

# ---- --cluster local: one start of three real brokers, a second member joins ------------
# Without Java or the jars (exit 77 of broker.sh fetch) they are skipped, said, except in CI.
kafka_jars() {
	local rc=0
	command -v java >/dev/null || rc=77
	((rc != 0)) || bash "$TESTS_DIR/kafka/broker.sh" fetch || rc=$?
	((rc == 0)) && return 0
	[[ "${CI:-}" != "true" && $rc == 77 ]] ||
		fail "no Apache Kafka jars for --cluster local (exit $rc; scripts/install-deps.sh --kafka)"
	for cmd in "${local_cmds[@]}"; do note "SKIPPED $cmd — no Java 17 or Kafka jars here"; done
	return 1
}
if ((${#local_cmds[@]})) && kafka_jars; then
	export TMPDIR="$WORK" # the cluster's state, removed with the test's
	for cmd in "${local_cmds[@]}"; do
		[[ "${how[$cmd]}" == local ]] || continue
		mapfile -t argv < <(words "$cmd")
		screen_up local 120 "${argv[@]}"
		note "ran: $cmd"
	done
	bootstrap=$(sed -n 's/^kticker: bootstrap: //p; s/^bootstrap: //p' "$WORK/local.err" | head -n1)
	[[ -n "$bootstrap" ]] || bootstrap=$(window local | grep -oE '127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*' | head -n1)
	[[ -n "$bootstrap" ]] || fail "no bootstrap address from the local cluster: $(tail -5 "$WORK/local.err")"
	for cmd in "${local_cmds[@]}"; do
		[[ "${how[$cmd]}" == local-joined ]] || continue
		mapfile -t argv < <(placed "$cmd" "$bootstrap")
		screen_up joined 60 "${argv[@]}"
		sleep 3
		screen_quit joined
		note "ran: $cmd (with $bootstrap)"
	done
	screen_quit local
fi

echo "readme-commands: ok"
