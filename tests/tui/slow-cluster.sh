#!/bin/bash
# A cluster that takes connections and never answers in time must not freeze the screen: the
# keys that ask the cluster something (t lists topics, g describes the group, b reads who leads
# what) hand the request to a worker, and the screen goes on drawing and taking keys.
# Every broker of the embedded cluster is given a 30 s round trip: its sockets stay open and
# answer nothing for 30 s, as a hung broker would.
. "$TESTS_DIR/lib.sh"
events="$WORK/events.log"
tui_start_embedded "$events" 120x40
for broker in 1 2 3; do
	tui_command "$events" "latency $broker 30000" "broker $broker: round-trip latency 30000 ms"
done

# ms from now until the screen shows REGEX (fails after 10 s)
ms_until() {
	local start=$(date +%s%3N)
	until tui_screen | grep -qE -- "$1"; do
		(($(date +%s%3N) - start < 10000)) || fail "the screen did not show '$1': $(tui_screen)"
		sleep 0.05
	done
	echo $(($(date +%s%3N) - start))
}

# Each key that asks the cluster, then ? on top: before the fix t and g blocked the screen
# 1.5 s each and broker-down 2 s (8 s in all) before the help could open.
tui_keys t Escape g q t Escape g q b Enter '?'
took=$(ms_until 'kticker keys')
note "help opened ${took} ms after t, g and b (twice each) and broker-down against a hung cluster"
((took <= 3000)) || fail "the screen froze: help took ${took} ms to open"
tui_keys q

# and each key alone shows its effect at once: the prompt or overlay says it is asking
tui_keys t
took=$(ms_until '(asking the cluster|topics:)')
((took <= 1000)) || fail "t took ${took} ms to open its prompt"
tui_keys Escape
tui_keys g
took=$(ms_until '(asking the coordinator|group .* not described|state )')
((took <= 1000)) || fail "g took ${took} ms to open the group overlay"
tui_keys q

# the screen keeps drawing: the event log takes the next events while the cluster hangs
tui_keys p
took=$(ms_until 'producer paused')
((took <= 1000)) || fail "a command took ${took} ms to show its effect"
echo "tui slow-cluster: ok"
