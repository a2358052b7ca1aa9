#!/bin/sh
# exercises/grade.sh: what `make exercise EX=NAME [FILE=path] [REFERENCE=1]` runs.
# Builds a copy of the library in which the reference step is a weak symbol,
# links the student's object first (its definition wins), and runs, in order:
# the step's cmocka tests, the exercise's own checks, the whole handshake in
# memory and one handshake with openssl s_server. Exit 0 when every check
# passes, 1 when one fails (or the file does not build), 2 for a bad request.
# make passes CC, GX_CFLAGS, GX_LDFLAGS, GX_LDLIBS, GX_B (the build dir) and
# GX_HELP_OBJ (the test helpers) in the environment.
set -u
EX=${1:-}
FILE=${2:-}
here=exercises
: "${CC:=cc}" "${GX_B:=build}" "${GX_LDFLAGS:=}" "${GX_LDLIBS:=-ltomcrypt -ltommath -lpthread}"
: "${GX_CFLAGS:=-g -O1 -std=c11 -Wall -Wextra -D_DEFAULT_SOURCE -DUSE_LTM -DLTM_DESC -I.}"
: "${GX_HELP_OBJ:=}" "${REFERENCE:=}"

list_exercises() {
    echo "The exercises, easiest first (make exercise EX=NAME):"
    for d in "$here"/[0-9]-*/; do
        d=${d%/}
        name=${d##*/}
        TITLE=""
        . "$d/exercise.conf"
        printf '  %-12s %s\n' "${name#*-}" "$TITLE"
    done
}

if [ -z "$EX" ]; then
    echo "make exercise: say which exercise, e.g. make exercise EX=finished"
    list_exercises
    exit 2
fi
dir=""
for d in "$here"/[0-9]-"$EX" "$here/$EX"; do
    case "$d" in *'*'*) continue ;; esac
    [ -f "$d/exercise.conf" ] && dir=$d && break
done
if [ -z "$dir" ]; then
    echo "make exercise: there is no exercise called '$EX'."
    list_exercises
    exit 2
fi
name=${dir##*/}
name=${name#*-}
TITLE="" SYMBOLS="" TESTS=""
. "$dir/exercise.conf"
skeleton="$dir/$FILE_NAME"
student=${FILE_ARG:-}
[ -n "$FILE" ] && student=$FILE
[ -z "$student" ] && student=$skeleton
work="$GX_B/exercise/$name${REFERENCE:+-reference}${GX_TAG:+-$GX_TAG}"
rm -rf "$work"
mkdir -p "$work/lib"

echo "== exercise $name: $TITLE"
if [ -n "$REFERENCE" ]; then
    echo "   your file: none (REFERENCE=1: glasstls's own functions, to check the grader)"
else
    echo "   your file: $student"
    if [ ! -r "$student" ]; then
        echo "  FAIL  $student cannot be read. Give the path of your file: make exercise EX=$name FILE=path/to/your.c"
        exit 1
    fi
fi

# 1. The library, with the reference step made weak.
for o in $(find "$GX_B/exercise/obj" -path "$GX_B/exercise/obj/exercises" -prune -o -name '*.o' -print); do
    rel=${o#"$GX_B"/exercise/obj/}
    cp "$o" "$work/lib/$(echo "$rel" | tr / _)"
done
for sym in $SYMBOLS; do
    holder=""
    for o in "$work"/lib/*.o; do
        if nm --defined-only "$o" | grep -q " T $sym\$"; then holder=$o; fi
    done
    if [ -z "$holder" ]; then
        echo "grade.sh: no library object defines $sym (was it renamed?)" >&2
        exit 2
    fi
    objcopy --weaken-symbol="$sym" "$holder"
done
ar rcs "$work/libglasstls-ex.a" "$work"/lib/*.o

# 2. The student's file: compiled like the library (warnings shown, not fatal).
student_obj=""
if [ -z "$REFERENCE" ]; then
    student_obj="$work/student.o"
    flags=$(printf '%s\n' "$GX_CFLAGS" | sed 's/-Werror\b//g')
    if ! eval "\"\$CC\" $flags -fPIC -c \"\$student\" -o \"\$student_obj\"" >"$work/cc.log" 2>&1; then
        cat "$work/cc.log"
        echo "  FAIL  $student does not compile: the compiler's first error above names the line."
        echo "exercise $name: fix $student and run make exercise EX=$name again."
        exit 1
    fi
    [ -s "$work/cc.log" ] && cat "$work/cc.log"
    for sym in $SYMBOLS; do
        if ! nm --defined-only "$student_obj" | grep -q " T $sym\$"; then
            echo "  FAIL  $student does not define $sym: keep the function's name and parameters as in the skeleton."
            echo "exercise $name: fix $student and run make exercise EX=$name again."
            exit 1
        fi
    done
    echo "  PASS  $student compiles and defines $SYMBOLS"
fi

link() { # output, objects...
    out=$1
    shift
    # shellcheck disable=SC2086
    eval "\"\$CC\" $GX_LDFLAGS -o \"\$out\" $student_obj \"\$@\" $GX_HELP_OBJ \"\$work/libglasstls-ex.a\" $GX_LDLIBS -lcmocka" >"$work/ld.log" 2>&1
}

eval "\"\$CC\" $GX_CFLAGS -c \"\$dir/check.c\" -o \"\$work/check.o\"" || exit 2
if ! link "$work/grader" "$work/check.o" "$GX_B/exercise/obj/exercises/grader/grader.o"; then
    cat "$work/ld.log"
    echo "  FAIL  your file does not link with glasstls: is a function defined twice, or one called that does not exist?"
    echo "exercise $name: fix $student and run make exercise EX=$name again."
    exit 1
fi

failed=0
total=0

# 3. The step's own cmocka tests, with the student's function inside.
for t in $TESTS; do
    total=$((total + 1))
    if ! link "$work/$t" "$GX_B/test/$t.o"; then
        cat "$work/ld.log"
        echo "  FAIL  the cmocka tests $t do not link with your file"
        failed=$((failed + 1))
        continue
    fi
    timeout 60 "$work/$t" >"$work/$t.log" 2>&1
    rc=$?
    passed=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$work/$t.log" | awk '{print $4}')
    if [ $rc -eq 0 ]; then
        echo "  PASS  the step's cmocka tests ($t: ${passed:-0} passed)"
    else
        failed=$((failed + 1))
        echo "  FAIL  the step's cmocka tests ($t, test/$t.c)"
        grep -E '^\[  (FAILED|ERROR) +\]|^\[   LINE   \]|^ERROR: |exception' "$work/$t.log" | grep -v 'test(s), listed below' | head -6 | sed 's/^/        /'
        [ $rc -ge 124 ] && echo "        the test program stopped abnormally (exit $rc): a crash or an endless loop"
    fi
done

# 4. The exercise's checks, then the two handshakes (each check in a child).
timeout 120 "$work/grader" >"$work/grader.log" 2>&1
grc=$?
cat "$work/grader.log"
checks=$(sed -n 's/^  \([0-9]*\) of \([0-9]*\) checks passed$/\1 \2/p' "$work/grader.log")
if [ -n "$checks" ]; then
    set -- $checks
    total=$((total + $2))
    failed=$((failed + $2 - $1))
else
    total=$((total + 1))
    failed=$((failed + 1))
    echo "  FAIL  the grader stopped early (exit $grc)"
fi
[ $grc -ne 0 ] && [ $failed -eq 0 ] && failed=1

if [ $failed -eq 0 ]; then
    echo "exercise $name: PASSED, all $total checks."
    exit 0
fi
if [ -n "$REFERENCE" ]; then
    echo "exercise $name: $failed of $total checks FAILED with glasstls's own code: the grader or the library is broken."
else
    echo "exercise $name: NOT YET, $failed of $total checks failed in all (the step's cmocka programs and the checks above). Start with the first FAIL, fix $student, and run make exercise EX=$name again."
    echo "   (exercises/$(basename "$dir")/README.md has the RFC lines and hints)"
fi
exit 1
