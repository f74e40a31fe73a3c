#!/bin/bash
# The bad-input table (tests/badinput/cases.tsv): each case runs kticker on one bad file,
# option, scenario, topic name, message, signal or unwritable output, and must end with the
# exit status and a message matching the regex the table gives. Every case runs; the failures
# are listed together.
. "$TESTS_DIR/lib.sh"
export KTICKER DATA_DIR

failures=()
ran=0
while IFS=$'\t' read -r name status regex command; do
	[[ -z "$name" || "$name" == \#* ]] && continue
	ran=$((ran + 1))
	mkdir "$WORK/$name"
	rc=0
	(cd "$WORK/$name" && timeout 60 bash -c "$command") >"$WORK/$name/output" 2>&1 || rc=$?
	if [[ "$rc" != "$status" ]]; then
		failures+=("$name: exit $rc, expected $status: $(tail -3 "$WORK/$name/output")")
	elif ! grep -qE -- "$regex" "$WORK/$name/output"; then
		failures+=("$name: no line matching '$regex' in: $(tail -5 "$WORK/$name/output")")
	fi
done <"$TESTS_DIR/badinput/cases.tsv"
((ran > 0)) || fail "no case in the table"
((${#failures[@]} == 0)) || fail "$(printf '%s\n' "${failures[@]}")"
echo "bad-input: $ran cases ok"
