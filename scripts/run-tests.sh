#!/bin/sh
# Runs each cmocka test program given on the command line, with a time bound,
# and ends with one summary line: "tests: N passed, N failed".
# Each program prints cmocka's own report; the count here is of test cases.
passed=0; failed=0; broken=""
for t in "$@"; do
    out=$(mktemp)
    timeout 300 "$t" >"$out" 2>&1
    rc=$?
    cat "$out"
    p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$out" | awk '{s+=$4} END {print s+0}')
    f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$out" | awk '{s+=$4} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f))
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        # crashed or timed out before cmocka could report: count it as a failure
        failed=$((failed + 1)); broken="$broken $t(exit $rc)"
    fi
    rm -f "$out"
done
[ -n "$broken" ] && echo "programs that stopped abnormally:$broken"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
