#!/bin/sh
# exercises/collect.sh EX DIR: grades every .c file in DIR (one per student,
# e.g. DIR/alice.c) for exercise EX and prints one line each, then writes the
# full reports to DIR/NAME.report. Run from the repository's top directory
# after `make exercise-prereqs`.
set -u
[ $# -eq 2 ] || { echo "usage: exercises/collect.sh EX DIR   (e.g. exercises/collect.sh prf handins/)" >&2; exit 2; }
EX=$1
DIR=${2%/}
found=0
for f in "$DIR"/*.c; do
    [ -f "$f" ] || continue
    found=1
    who=$(basename "$f" .c)
    make -s --no-print-directory exercise EX="$EX" FILE="$f" >"$DIR/$who.report" 2>&1
    rc=$?
    r="$DIR/$who.report"
    if [ $rc -eq 0 ]; then
        status=PASSED
        why=$(sed -n 's/^exercise [^:]*: PASSED, //p' "$r")
    else
        status="not yet"
        if grep -q 'does not compile' "$r"; then why="does not compile"
        elif grep -q 'does not define' "$r"; then why="does not define the function"
        elif grep -q 'does not link' "$r"; then why="does not link"
        else why=$(sed -n 's/^exercise [^:]*: NOT YET, \([0-9]* of [0-9]* checks failed\).*/\1/p' "$r")
        fi
    fi
    printf '%-20s %-8s %s\n' "$who" "$status" "${why:-see $r}"
done
[ $found -eq 1 ] || { echo "collect.sh: no .c files in $DIR" >&2; exit 2; }
