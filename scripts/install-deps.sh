#!/bin/bash
# Installs what building and testing kticker needs on Debian or Ubuntu, skipping packages
# that are already there. Usage: scripts/install-deps.sh [--kafka] [--tests]
#   --kafka  also Java 17 and Maven, and fetch the Apache Kafka jars that --cluster local and
#            the real-broker tests run (into ~/.cache/kticker, as the user running this)
#   --tests  --kafka, and kcat, tmux, jq, and clang with its runtimes (for make fuzz)
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
packages=(build-essential autoconf automake pkg-config librdkafka-dev libjansson-dev
	libcsv-dev libncurses-dev)
packages+=(man-db) # `man kticker` after the quick start's install (minimal images lack it)
kafka=false
for arg in "$@"; do
	case $arg in
	--kafka) kafka=true ;;
	# libclang-rt-dev: clang's libFuzzer and sanitizer runtimes (make fuzz), which clang's
	# package does not pull in
	--tests) kafka=true; packages+=(kcat tmux jq python3 clang libclang-rt-dev) ;;
	-h | --help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "usage: scripts/install-deps.sh [--kafka] [--tests]" >&2; exit 2 ;;
	esac
done
if $kafka; then
	packages+=(openjdk-17-jdk-headless maven)
fi

fetch_kafka() {
	$kafka || return 0
	echo "install-deps: fetching the Apache Kafka jars (Maven; cached)"
	bash "$here/../tests/kafka/broker.sh" fetch
}

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
	echo "install-deps: all ${#packages[@]} packages present"
	fetch_kafka
	exit 0
fi

sudo=()
if ((EUID != 0)); then
	command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
	sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fetch_kafka
