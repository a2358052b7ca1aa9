#!/bin/sh
# test/scripts/graders.sh: the exercise graders can fail. Each grader must
# fail the untouched skeleton (with a hint) and pass glasstls's own code;
# a bad request, a file that does not compile, one that defines nothing and a
# function that crashes must each get a clear answer, not a crashed grader.
# Run by `make test` (TEST_HOOKS, mk/exercise.mk) with the build variables in
# the environment. Prints "graders: N passed, N failed".
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "  ok    $1"; }
bad() {
    failed=$((failed + 1))
    echo "  FAIL  $1"
    sed 's/^/        | /' "$2" | tail -40
}
# expect DESCRIPTION RC OUTPUT-FILE PATTERN... : the exit code and every pattern
expect() {
    what=$1 want=$2 got=$3 out=$4
    shift 4
    if [ "$got" -ne "$want" ]; then
        bad "$what (exit $got, expected $want)" "$out"
        return
    fi
    for p in "$@"; do
        if ! grep -q -- "$p" "$out"; then
            bad "$what (no \"$p\" in the output)" "$out"
            return
        fi
    done
    ok "$what"
}

names=""
for d in exercises/[0-9]-*/; do
    d=${d%/}
    names="$names ${d##*/}"
done

# Two exercises at a time: each has its own work directory.
grade_both() { # N-name
    n=${1#*-}
    exercises/grade.sh "$n" >"$tmp/$n.skel" 2>&1
    echo $? >"$tmp/$n.skel.rc"
    REFERENCE=1 exercises/grade.sh "$n" >"$tmp/$n.ref" 2>&1
    echo $? >"$tmp/$n.ref.rc"
}
set -- $names
while [ $# -gt 0 ]; do
    grade_both "$1" &
    [ $# -gt 1 ] && grade_both "$2" &
    wait
    shift
    [ $# -gt 0 ] && shift
done
for d in $names; do
    n=${d#*-}
    expect "$n: the skeleton fails, with a hint" 1 "$(cat "$tmp/$n.skel.rc")" "$tmp/$n.skel" \
        "  FAIL  " "hint: " "NOT YET" "exercises/$d/README.md"
    expect "$n: glasstls's own code passes" 0 "$(cat "$tmp/$n.ref.rc")" "$tmp/$n.ref" \
        "PASSED, all" "PASS  a handshake with openssl"
    if grep -q "  FAIL  " "$tmp/$n.ref"; then bad "$n: a FAIL line with the reference" "$tmp/$n.ref"; fi
done

# An unknown name lists the exercises.
exercises/grade.sh no-such-exercise >"$tmp/unknown" 2>&1
rc=$?
set -- "no exercise called 'no-such-exercise'"
for d in $names; do set -- "$@" "  ${d#*-} "; done
expect "an unknown exercise lists them all" 2 $rc "$tmp/unknown" "$@"

# A file that does not compile: the compiler's message and the file to fix.
printf '#include "handshake/finished.h"\nint broken = ;\n' >"$tmp/broken.c"
GX_TAG=broken exercises/grade.sh finished "$tmp/broken.c" >"$tmp/broken" 2>&1
expect "a file that does not compile" 1 $? "$tmp/broken" "error" "$tmp/broken.c does not compile" \
    "fix $tmp/broken.c"

# A file without the function: the reference must not quietly stand in.
printf '#include "handshake/finished.h"\nint unrelated(void) { return 1; }\n' >"$tmp/empty.c"
GX_TAG=empty exercises/grade.sh finished "$tmp/empty.c" >"$tmp/empty" 2>&1
expect "a file without the function" 1 $? "$tmp/empty" "does not define gt_finished_compute"

# A function that crashes: failed checks, and the grader goes on to the end.
cat >"$tmp/crash.c" <<'C'
#include <stddef.h>
#include "handshake/finished.h"
gt_err gt_finished_compute(const uint8_t master[48], bool from_client,
                           const uint8_t handshake_hash[32], uint8_t verify_data[12])
{
    (void)master; (void)from_client; (void)handshake_hash; (void)verify_data;
    volatile uint8_t *nowhere = NULL;
    *nowhere = 1;
    return GT_OK;
}
C
GX_TAG=crash exercises/grade.sh finished "$tmp/crash.c" >"$tmp/crash" 2>&1
expect "a function that crashes" 1 $? "$tmp/crash" "your function crashed" "checks passed" "NOT YET"

# A function that prints a lot (a student's debugging printf) and is wrong:
# failed checks, not a check killed by a closed pipe and reported as a crash.
cat >"$tmp/chatty.c" <<'C'
#include <stdio.h>
#include "handshake/finished.h"
gt_err gt_finished_compute(const uint8_t master[48], bool from_client,
                           const uint8_t handshake_hash[32], uint8_t verify_data[12])
{
    (void)master; (void)from_client; (void)handshake_hash; (void)verify_data;
    for (int i = 0; i < 4000; i++)
        printf("debug line %d: verify_data is not computed yet\n", i);
    return GT_ERR_INTERNAL;
}
C
GX_TAG=chatty exercises/grade.sh finished "$tmp/chatty.c" >"$tmp/chatty" 2>&1
expect "a function that prints a lot" 1 $? "$tmp/chatty" "checks passed" "NOT YET" "output is left out"
if grep -q "your function crashed\|does a loop in your function never end" "$tmp/chatty"; then
    bad "a function that prints a lot is reported as a crash or an endless loop" "$tmp/chatty"
fi

echo "graders: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
