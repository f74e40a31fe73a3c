#!/bin/bash
# Sets up everything on a fresh Debian/Ubuntu machine, builds and installs kticker (with its
# man page and bundled data) and opens its screen on the embedded Kafka cluster with the
# bundled data, from 2017 (when all but one of the bundled symbols trade) at 8 ticks a day.
# Arguments go to kticker and win over these defaults.
# It installs into /usr/local as root, else into ~/.local (no sudo needed), and says whether
# that bin directory is on your PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=/usr/local
((EUID == 0)) || prefix=$HOME/.local

scripts/install-deps.sh
# The data directory is compiled in: a tree configured for another prefix is configured again.
if [[ -f Makefile ]] && ! grep -qxF "prefix = $prefix" Makefile; then
	./configure --prefix="$prefix"
fi
scripts/build.sh --prefix="$prefix"
make install >/dev/null
echo "quickstart: installed kticker in $prefix/bin, its man page in $prefix/share/man/man1"

if [[ "$(command -v kticker || true)" == "$prefix/bin/kticker" ]]; then
	echo "quickstart: $prefix/bin is on your PATH: run 'kticker', read 'man kticker'"
else
	echo "quickstart: $prefix/bin is not on your PATH; add it (man finds the page through it):"
	echo "    echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile && . ~/.profile"
fi
exec "$prefix/bin/kticker" --from 2017-05-01 --ticks-per-day 8 "$@"
