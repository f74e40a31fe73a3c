#!/bin/bash
# Sets up everything on a fresh Debian/Ubuntu machine and runs the whole test suite: unit
# tests, integration tests on the embedded cluster and on a real Apache Kafka broker (fetched
# with Maven and started here), then make distcheck. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
scripts/build.sh --enable-werror

# One broker for the whole run (each test would otherwise start its own).
state=$(mktemp -d "${TMPDIR:-/tmp}/kticker-broker.XXXXXX")
stop_broker() { bash tests/kafka/broker.sh stop "$state" >/dev/null 2>&1 || true; }
trap stop_broker EXIT
if broker=$(bash tests/kafka/broker.sh start "$state"); then
	export KTICKER_TEST_BROKER=$broker KTICKER_TEST_BROKER_STATE=$state
	echo "test: Apache Kafka broker at $broker"
elif [[ "${CI:-}" == "true" ]]; then
	echo "test: the Apache Kafka broker did not start, and CI needs it" >&2
	exit 1
else
	echo "test: no Apache Kafka broker (needs Java 17 and Maven): real-broker tests will skip" >&2
fi

status=0
make -j2 check || status=$?
if ((status == 0)); then
	make -j2 distcheck || status=$?
fi

# One closing line for people and CI alike, from the test harness's own results.
pass=0 fail=0 skip=0
for trs in $(find . -name '*.trs' -not -path './kticker-*'); do
	case $(sed -n 's/^:test-result: //p' "$trs") in
	PASS | XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
((status == 0)) || ((fail > 0)) || fail=1 # a build or distcheck failure is a failure too
echo "$pass passed, $fail failed, $skip skipped"
exit "$status"
