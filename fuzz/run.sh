#!/bin/sh
# Runs the libFuzzer targets built by mk/fuzz.mk (see docs/fuzzing.md).
#   fuzz/run.sh fuzz SECONDS NAME...   fuzz each target SECONDS on a copy of
#                                      its corpus; a summary line per target
#   fuzz/run.sh smoke SECONDS NAME...  replay every committed corpus and
#                                      regression input, then fuzz SECONDS
# A crash stops nothing: every target runs, and the script fails at the end
# naming the inputs that crashed (kept in build/fuzz/crashes/NAME/,
# build/fuzz/smoke/crashes/NAME/ for a smoke run).
mode=$1; seconds=$2; shift 2
B=build/fuzz
# A smoke run starts from a fresh copy of the committed corpus each time (the
# same work on every run); a fuzz run keeps what it found in build/fuzz/corpus.
W=$B
[ "$mode" = smoke ] && W=$B/smoke
failed=""
for name in "$@"; do
    bin=$B/fuzz_$name
    corpus=$W/corpus/$name
    crashes=$W/crashes/$name
    log=$W/logs/$name.log
    [ "$mode" = smoke ] && rm -rf "$corpus"
    mkdir -p "$corpus" "$crashes" "$W/logs"
    # The committed corpus is copied, so new inputs do not land in git.
    [ -d fuzz/corpus/$name ] && cp -n fuzz/corpus/$name/* "$corpus"/ 2>/dev/null
    if [ "$mode" = smoke ]; then
        # 1. every regression input, one run each: none may crash again
        regs=$(ls fuzz/regressions/$name/* 2>/dev/null)
        if [ -n "$regs" ] && ! "$bin" -runs=1 $regs >"$log" 2>&1; then
            echo "fuzz $name: a regression input crashes again (see $log)"
            tail -30 "$log"
            failed="$failed $name"
            continue
        fi
    fi
    # 2. the corpus is replayed first, then mutated for the time given
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    units=$(ls "$corpus" | wc -l)
    if [ $rc -ne 0 ]; then
        echo "fuzz $name: FAILED (exit $rc) after ${execs:-?} runs; input kept in $crashes/ (log $log)"
        grep -aE 'ERROR: |SUMMARY: |runtime error' "$log" | head -5
        failed="$failed $name"
    else
        echo "fuzz $name: ${seconds}s, ${execs:-?} runs, ${speed:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus $units"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes or failures in:$failed"
    exit 1
fi
