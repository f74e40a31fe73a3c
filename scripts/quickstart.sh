#!/bin/bash
# Sets up everything on a fresh Debian/Ubuntu machine, builds kticker and starts it on the
# embedded Kafka cluster with the bundled data. Arguments go to kticker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec ./src/kticker "$@"
