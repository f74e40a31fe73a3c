#!/bin/bash
# make install / make uninstall round trip, as a user builds a release tree: configured for a
# prefix of its own, the installed kticker runs from anywhere on its data in pkgdatadir, man
# finds its page through PATH, and uninstall leaves no file behind.
. "$TESTS_DIR/lib.sh"
need_tool man man-db

top=$(cd "$(dirname "$KTICKER")/.." && pwd)
prefix=$WORK/prefix
make -s -C "$top" distdir distdir="$WORK/tree" >"$WORK/make.log" 2>&1 || fail "make distdir: $(tail -5 "$WORK/make.log")"
cd "$WORK/tree"
{ ./configure -q --prefix="$prefix" && make -s -j2 && make -s install; } >>"$WORK/make.log" 2>&1 ||
	fail "configure, make, make install: $(tail -5 "$WORK/make.log")"

for f in bin/kticker share/man/man1/kticker.1 share/kticker/IBM.csv share/kticker/SOURCES.md \
	share/kticker/scenarios/retention.txt; do
	[[ -f "$prefix/$f" ]] || fail "$prefix/$f not installed"
done
man -l "$prefix/share/man/man1/kticker.1" 2>/dev/null | cat >"$WORK/man.txt"
grep -qE "^ +kticker +- +replay" "$WORK/man.txt" || fail "man -l does not render the page: $(head -3 "$WORK/man.txt")"
grep -q "LESSONS" "$WORK/man.txt" || fail "the rendered page has no LESSONS section"
# every step of man/lessons.txt is on the rendered page (troff drops a line it takes for a
# request, as one starting with a dot); wide, and spaces squeezed, so that no step wraps
MANWIDTH=1000 man -l "$prefix/share/man/man1/kticker.1" 2>/dev/null | tr -s ' ' >"$WORK/man-wide.txt"
while IFS= read -r step; do
	grep -qF -- "${step:0:40}" "$WORK/man-wide.txt" || fail "a lesson step is not on the man page: $step"
done < <(sed -n 's/^[A-Za-z]*: //p' "$TESTS_DIR/../man/lessons.txt" | tr -s ' ')
found=$(unset MANPATH; PATH="$prefix/bin:$PATH" man -w kticker)
[[ "$found" == "$prefix/share/man/man1/kticker.1" ]] || fail "man -w kticker found '$found'"

# From another directory, by name: the bundled data comes from pkgdatadir.
(cd / && PATH="$prefix/bin:$PATH" timeout 60 kticker --headless --count 300 --delay 0) \
	>"$WORK/out" 2>"$WORK/err" || fail "installed kticker: exit $?: $(tail -5 "$WORK/err")"
grep -qF "$prefix/share/kticker/AAPL.csv:167: null value" "$WORK/err" ||
	fail "the installed kticker did not read $prefix/share/kticker: $(head -3 "$WORK/err")"
expect_field own 300 "$WORK/out"

make -s uninstall >>"$WORK/make.log" 2>&1 || fail "make uninstall: $(tail -5 "$WORK/make.log")"
left=$(find "$prefix" -type f -o -type l)
[[ -z "$left" ]] || fail "left after make uninstall: $left"
[[ ! -e "$prefix/share/kticker" ]] || fail "make uninstall left $prefix/share/kticker"
echo "install: ok"
