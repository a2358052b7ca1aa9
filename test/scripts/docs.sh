#!/bin/sh
# test/scripts/docs.sh: the documentation tells the truth about the source.
#  1. Every file and function named in docs/walkthrough.md, teaching.md and
#     beyond-the-lesson.md exists: a file by its path, a function `name()` by
#     its definition in a .c file named in the same paragraph or list item
#     (or anywhere in the sources when the item names no .c file).
#  2. The walkthrough cites the RFCs the lesson's flow follows.
#  3. Every file in handshake/, record/, crypto/ and x509/ opens with a
#     comment naming itself, the lesson step or layer, and its RFC sections.
#  4. `make docs` (run before this by the test-docs target) made a page for
#     every document and every annotated source.
#  5. Every line the walkthrough quotes from `glasstls demo --seed 1
#     --no-pause` is in that run's output (the demo wraps its lines to the
#     terminal, the page does not: spaces and line breaks are compared as one
#     space). The command is $GLASSTLS (default build/glasstls).
# Prints "docs: N passed, N failed".
set -u
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "  FAIL  $1"; }
SRC_DIRS="handshake record crypto x509 bytes demo"

# 1. Names in the documents. awk prints one line per paragraph or list item:
#    the backticked tokens that look like files or functions.
defined_in() { # function file...
    fn=$1
    shift
    grep -hE "^[A-Za-z_][A-Za-z0-9_ *]*[ *]$fn\(" "$@" 2>/dev/null | grep -qv ';[[:space:]]*$'
}
for doc in docs/walkthrough.md docs/teaching.md docs/beyond-the-lesson.md; do
    if [ ! -f "$doc" ]; then bad "$doc is missing"; continue; fi
    names=$(awk '
        function flush() { if (item != "") print item; item = "" }
        /^```/ { fence = !fence; next }
        fence { next }
        /^[[:space:]]*$/ { flush(); next }
        /^- / || /^[0-9]+\. / || /^\| / { flush() }
        {
            line = $0
            while (match(line, /`[^`]+`/)) {
                tok = substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, RSTART + RLENGTH)
                if (tok ~ /^[a-z0-9_]+\/[a-z0-9_.-]+\.[ch]$/ || tok ~ /^[a-z_][a-z0-9_]*\(\)$/)
                    item = item " " tok
            }
        }
        END { flush() }' "$doc")
    n_files=0
    n_fns=0
    echo "$names" | while read -r item; do
        [ -z "$item" ] && continue
        cfiles=""
        for tok in $item; do
            case "$tok" in
            *\(\)) ;;
            *)
                if [ -f "$tok" ]; then
                    case "$tok" in *.c) cfiles="$cfiles $tok" ;; esac
                else
                    echo "  FAIL  $doc names $tok, which does not exist"
                fi
                ;;
            esac
        done
        for tok in $item; do
            case "$tok" in
            *\(\))
                fn=${tok%()}
                if [ -n "$cfiles" ]; then
                    # shellcheck disable=SC2086
                    defined_in "$fn" $cfiles && continue
                    echo "  FAIL  $doc names $fn() beside$cfiles, where it is not defined"
                else
                    # shellcheck disable=SC2046
                    defined_in "$fn" $(find $SRC_DIRS -name '*.c') && continue
                    echo "  FAIL  $doc names $fn(), which no source file defines"
                fi
                ;;
            esac
        done
    done >"${TMPDIR:-/tmp}/glasstls-docs-$$"
    count=$(echo "$names" | tr ' ' '\n' | grep -c .)
    if [ -s "${TMPDIR:-/tmp}/glasstls-docs-$$" ]; then
        cat "${TMPDIR:-/tmp}/glasstls-docs-$$"
        failed=$((failed + $(wc -l <"${TMPDIR:-/tmp}/glasstls-docs-$$")))
    else
        ok
        echo "  ok    $doc: all $count named files and functions exist"
    fi
    rm -f "${TMPDIR:-/tmp}/glasstls-docs-$$"
done

# 2. The RFCs of the lesson's flow.
for rfc in 5246 7627 5746 5280 6125; do
    if grep -q "RFC $rfc" docs/walkthrough.md; then ok; else bad "docs/walkthrough.md never cites RFC $rfc"; fi
done

# 3. Opening comments.
n=0
for f in handshake/*.[ch] record/*.[ch] crypto/*.[ch] x509/*.[ch]; do
    n=$((n + 1))
    dir=${f%%/*}
    head=$(sed -n '1,/\*\//p' "$f")
    case "$head" in
    "/* $dir/"*) ;;
    *) bad "$f does not open with a comment naming it (/* $dir/...)"; continue ;;
    esac
    echo "$head" | grep -q 'RFC' || { bad "$f: its opening comment cites no RFC section"; continue; }
    echo "$head" | grep -qiE 'step|layer' || { bad "$f: its opening comment names no lesson step or layer"; continue; }
    ok
done
echo "  ok    $n source files checked for their opening comment"

# 4. The HTML pages.
for f in docs/*.md; do
    page=build/docs/$(basename "$f" .md).html
    if [ -s "$page" ] && grep -q '<title>glasstls' "$page"; then ok; else bad "make docs made no $page"; fi
done
for f in handshake/*.[ch] record/*.[ch] crypto/*.[ch] x509/*.[ch]; do
    page=build/docs/src/$f.html
    if [ -s "$page" ] && grep -q 'sourceCode' "$page"; then ok; else bad "make docs made no annotated $page"; fi
done
if grep -q 'href="src/handshake/hello.c.html"' build/docs/walkthrough.html 2>/dev/null; then ok; else
    bad "build/docs/walkthrough.html does not link handshake/hello.c to its annotated page"
fi
[ -s build/docs/index.html ] && ok || bad "make docs made no build/docs/index.html"

# 5. The walkthrough's quoted output.
glasstls=${GLASSTLS:-build/glasstls}
flat() { tr -s ' \n' '  '; }
said=$(NO_COLOR=1 COLUMNS=120 "$glasstls" demo --seed 1 --no-pause </dev/null | flat)
if [ -z "$said" ]; then
    bad "$glasstls demo --seed 1 --no-pause printed nothing"
else
    n=0
    while IFS= read -r line; do
        want=$(printf '%s\n' "$line" | flat | sed 's/^ //; s/ $//')
        [ -z "$want" ] && continue
        n=$((n + 1))
        case "$said" in
        *"$want"*) ok ;;
        *) bad "docs/walkthrough.md quotes a line the demo no longer prints: $line" ;;
        esac
    done <<EOF_BLOCKS
$(awk '/^```/ { inside = !inside; next } inside' docs/walkthrough.md)
EOF_BLOCKS
    echo "  ok    $n lines the walkthrough quotes checked against the demo's output"
fi

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
