#!/bin/bash
# Installs what building and testing kticker needs on Debian or Ubuntu, skipping packages
# that are already there. Usage: scripts/install-deps.sh [--tests]
#   --tests  also Java 17 and Maven (for the real Apache Kafka broker), kcat, tmux, jq, and
#            clang (for make fuzz)
set -euo pipefail

packages=(build-essential autoconf automake pkg-config librdkafka-dev libjansson-dev
	libcsv-dev libncurses-dev)
if [[ "${1:-}" == "--tests" ]]; then
	packages+=(kcat tmux jq python3 openjdk-17-jdk-headless maven clang)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
	echo "install-deps: all ${#packages[@]} packages present"
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
