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
    last=$(grep -E '^exercise ' "$DIR/$who.report" | tail -1)
    [ -z "$last" ] && last="$(grep -m1 'FAIL' "$DIR/$who.report")"
    [ $rc -eq 0 ] && status=PASSED || status="not yet"
    printf '%-20s %-8s %s\n' "$who" "$status" "$last"
done
[ $found -eq 1 ] || { echo "collect.sh: no .c files in $DIR" >&2; exit 2; }
