#!/bin/bash
# Configures (once) and builds kticker in the source tree. Extra arguments go to configure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x configure ]]; then
	autoreconf -fi
fi
if [[ ! -f Makefile ]]; then
	./configure "$@"
fi
make -j"$(nproc)"
