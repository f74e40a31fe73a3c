#!/bin/bash
# No broker at the address: a clear message within about 10 s, not a hang.
. "$TESTS_DIR/lib.sh"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$SECONDS rc=0
timeout 40 "$KTICKER" --headless --broker "127.0.0.1:$port" --count 10 --data "$DATA_DIR" >"$WORK/out" 2>"$WORK/err" || rc=$?
elapsed=$((SECONDS - start))
((rc == 1)) || fail "exit $rc, expected 1"
((elapsed <= 20)) || fail "took $elapsed s to give up"
grep -q "no Kafka broker answered at 127.0.0.1:$port within 10 s" "$WORK/err" ||
	fail "unclear message: $(cat "$WORK/err")"
echo "unreachable-broker: ok (gave up after $elapsed s)"
