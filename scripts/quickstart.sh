#!/bin/bash
# Sets up everything on a fresh Debian/Ubuntu machine, builds kticker and opens its screen on
# the embedded Kafka cluster with the bundled data, from 2017 (when all but one of the bundled
# symbols trade) at 8 ticks a day. Arguments go to kticker and win over these defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec ./src/kticker --from 2017-05-01 --ticks-per-day 8 "$@"
