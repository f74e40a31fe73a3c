#!/bin/bash
# Sets up everything on a fresh Debian/Ubuntu machine and runs the whole test suite: unit
# tests, integration tests on the embedded cluster and on a real Apache Kafka broker (fetched
# with Maven and started here), then make distcheck (with the unit tests and a sample of the
# others: the tarball's completeness), the unit and embedded tests again under
# ASan and UBSan, and each fuzz target for FUZZ_SECONDS (60). Prints "N passed, N failed" at
# the end.
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

# The unit tests and the embedded integration tests that reach most of kticker's code (the
# slower repeats of the same paths are left out), built with ASan and UBSan in a build
# directory of their own, over an unconfigured copy of the sources. Every report fails the
# run, even in a test that expected kticker to fail anyway: ASan writes its reports to files,
# UBSan (which prints to stderr when linked beside ASan) aborts, and the tests' logs and the
# output they kept under tests/tmp are searched for reports.
SAN_TESTS="tests/integration/cli-usage.sh tests/integration/bad-input.sh
	tests/integration/embedded-count.sh tests/integration/embedded-kcat.sh
	tests/integration/unreachable-broker.sh tests/integration/embedded-faults.sh
	tests/integration/embedded-acks0-loss.sh tests/integration/embedded-retention.sh
	tests/integration/scenario-metrics.sh tests/integration/report.sh
	tests/integration/archive-kill.sh tests/integration/transform.sh
	tests/integration/rewind-date.sh tests/integration/group-split.sh
	tests/integration/kill-resume.sh"
sanitizer_check() {
	local reports=$PWD/san-tree/reports
	rm -rf san-tree
	make distdir distdir=san-tree >/dev/null
	mkdir san-tree/build-san "$reports"
	(
		cd san-tree/build-san
		../configure --enable-sanitizers --enable-werror >configure.out
		make -j2 >make.out
		units=$(make -s print-unit-tests)
		export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$reports/asan"
		export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
		make -j2 check TESTS="$units $SAN_TESTS"
	) || return 1
	local found
	if found=$(grep -rlE 'runtime error:|ERROR: (Address|Leak)Sanitizer' san-tree/build-san/tests); then
		echo "test: sanitizer reports in the tests' output: $found" >&2
		return 1
	fi
	# a report is an ERROR; a WARNING (the allocation-failure test asks ASan for too much on
	# purpose, and is told no) is not
	if compgen -G "$reports/*" >/dev/null && found=$(grep -lE 'ERROR: |runtime error' "$reports"/*); then
		echo "test: sanitizer reports:" >&2
		cat $found >&2
		return 1
	fi
}

# A ThreadSanitizer build (its shim routes librdkafka's C11 threads to pthreads) running the
# broker-failover lab scenario headless with every worker thread kticker has (transform,
# archive, metrics): any report fails, but for librdkafka's own in tests/tsan/suppressions.txt.
tsan_check() {
	local reports=$PWD/san-tree/reports
	mkdir -p san-tree/build-tsan "$reports"
	(
		cd san-tree/build-tsan
		../configure --enable-tsan --enable-werror >configure.out
		make -j2 >make.out
		TSAN_OPTIONS="second_deadlock_stack=1:log_path=$reports/tsan:suppressions=$PWD/../tests/tsan/suppressions.txt" \
			./src/kticker --headless --idempotence --transform --archive archive \
			--metrics metrics.csv --report report.csv --delay 100 --ticks-per-day 20 \
			--scenario ../data/scenarios/broker-failover.txt --duration 32 >tsan.out 2>tsan.err
	) || { echo "test: kticker under TSan failed: $(tail -3 san-tree/build-tsan/tsan.err)" >&2; return 1; }
	if compgen -G "$reports/tsan*" >/dev/null; then
		echo "test: ThreadSanitizer reports:" >&2
		cat "$reports"/tsan* >&2
		return 1
	fi
}

# make distcheck builds the release tarball, then builds, installs and checks it in a clean
# tree: with the unit tests and the integration tests that need the files a tarball must
# carry (tests/lib.sh, the broker and secure-listener fixtures, the bad-input table, the
# scenarios, the man page's lessons). The whole suite has just run in the source tree.
DISTCHECK_TESTS="tests/integration/cli-usage.sh tests/integration/bad-input.sh
	tests/integration/embedded-count.sh tests/integration/real-count.sh
	tests/integration/real-secure.sh tests/integration/install.sh
	tests/integration/scenario-metrics.sh tests/tui/startup.sh tests/tui/help.sh"

status=0
make -j2 check || status=$?
if ((status == 0)); then
	make -j2 distcheck TESTS="$(make -s print-unit-tests) $DISTCHECK_TESTS" || status=$?
fi
if ((status == 0)); then
	start=$SECONDS
	sanitizer_check || status=$?
	echo "test: ASan/UBSan build and tests took $((SECONDS - start)) s"
fi
if ((status == 0)); then
	start=$SECONDS
	tsan_check || status=$?
	echo "test: TSan build and scenario took $((SECONDS - start)) s"
fi
if ((status == 0)); then
	# two targets at a time, each for FUZZ_SECONDS
	make -j2 fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}" || status=$?
fi

# One closing line for people and CI alike, from the test harness's own results.
# A failed test's log ends with what failed: its last lines go to stderr, where a CI log
# keeps them (the logs themselves stay on the machine that ran them).
pass=0 fail=0 skip=0
for trs in $(find . -name '*.trs' -not -path './kticker-*'); do
	case $(sed -n 's/^:test-result: //p' "$trs") in
	PASS | XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*)
		fail=$((fail + 1))
		echo "test: ${trs%.trs} failed; the end of its log:" >&2
		tail -n 25 "${trs%.trs}.log" >&2 || true
		;;
	esac
done
((status == 0)) || ((fail > 0)) || fail=1 # a build or distcheck failure is a failure too
echo "$pass passed, $fail failed, $skip skipped"
exit "$status"
