#!/bin/bash
# On the bundled data without --from the replay starts on the first date when at least 3/4
# of the symbols have a row (computed here from the CSV files); --from still starts where it
# says, and files given with --data start at their first date. The first date replayed is
# read from what the consumer archived.
. "$TESTS_DIR/lib.sh"

expected=$(awk -F, 'FNR > 1 && $1 ~ /^[0-9][0-9][0-9][0-9]-/ && $2 != "null" { if (!seen[$1 FS FILENAME]++) n[$1]++ }
	END { for (d in n) if (n[d] * 4 >= 3 * (ARGC - 1)) print d }' "$DATA_DIR"/*.csv | sort | sed -n 1p)
[[ "$expected" == 2004-08-19 ]] || fail "the bundled data's lively start is $expected, expected 2004-08-19"

# The bundled data is what kticker finds beside its binary (../data): so it is in a VPATH
# build too, whose build tree has no data/.
mkdir -p "$WORK/tree/src"
cp "$KTICKER" "$WORK/tree/src/kticker"
ln -s "$DATA_DIR" "$WORK/tree/data"

# first_date ARGS...: the earliest date kticker's consumer archived
first_date() {
	local dir="$WORK/archive$#"
	timeout 60 "$WORK/tree/src/kticker" --headless --count 200 --delay 0 --archive "$dir" "$@" \
		>"$WORK/out" 2>"$WORK/err" || fail "exit $?: $(tail -5 "$WORK/err")"
	find "$dir" -name 'date=*.ndjson' | sed 's/.*date=\(.*\)\.ndjson/\1/' | sort | sed -n 1p
}

got=$(first_date)
[[ "$got" == "$expected" ]] || fail "without --from the replay began at $got, expected $expected"
grep -q "replay starts at $expected" "$WORK/err" || fail "the start date is not told"
got=$(first_date --from 1962-01-01)
[[ "$got" == 1962-01-02 ]] || fail "--from 1962-01-01 began at $got, expected 1962-01-02"
got=$(first_date --data "$DATA_DIR")
[[ "$got" == 1962-01-02 ]] || fail "--data began at $got, expected its first date 1962-01-02"
echo "default-start: ok"
