#!/bin/sh
# make valgrind: the demo and one interop handshake each way, under valgrind
# memcheck, with zero errors and zero leaks of any kind allowed (still
# reachable included). OpenSSL is the peer on 127.0.0.1, a port the kernel
# picks, and every process here has a time limit and is stopped at the end.
#   scripts/valgrind.sh [GLASSTLS]    (default build/glasstls, a plain build:
#                                      ASan binaries cannot run under valgrind)
# Logs: build/valgrind/NAME.vg (valgrind) and NAME.out (the program).
G=${1:-build/glasstls}
OUT=build/valgrind
PKI=test/pki
mkdir -p "$OUT"
rm -f "$OUT"/*
VG="valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=all
    --errors-for-leak-kinds=all --track-origins=yes"
failed=""
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT INT TERM

# Waits up to $3 seconds for text $2 in file $1; prints the rest of its line.
wait_for() {
    i=0
    while [ $i -lt $(($3 * 10)) ]; do
        line=$(grep -m1 -o "$2[0-9]*" "$1" 2>/dev/null)
        [ -n "$line" ] && { echo "${line#"$2"}"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# Reports one run: valgrind's exit status and its error summary.
verdict() {
    name=$1 rc=$2 extra=$3
    summary=$(grep -h "ERROR SUMMARY" "$OUT/$name.vg" | sed 's/^==[0-9]*== //')
    if [ "$rc" -eq 0 ] && [ -z "$extra" ] && echo "$summary" | grep -q "ERROR SUMMARY: 0 errors"; then
        echo "valgrind $name: ok ($summary)"
    else
        echo "valgrind $name: FAILED (exit $rc${extra:+, $extra}; ${summary:-no summary}); see $OUT/$name.vg"
        grep -A12 -E "definitely|indirectly|possibly|still reachable|Invalid|uninitialised" \
            "$OUT/$name.vg" | head -40
        failed="$failed $name"
    fi
}

# 1. the demo, both sides in one process
timeout 180 $VG --log-file="$OUT/demo.vg" "$G" demo --seed 1 --no-pause >"$OUT/demo.out" 2>&1
rc=$?
extra=""
grep -q "SecureChannel = Yes" "$OUT/demo.out" || extra="the demo did not reach SecureChannel = Yes"
verdict demo $rc "$extra"

# 2. glasstls client against openssl s_server (-rev: it answers each line reversed)
timeout 120 openssl s_server -accept 127.0.0.1:0 -naccept 1 -rev -tls1_2 \
    -cipher AES128-GCM-SHA256 -cert $PKI/sensor-hub.pem -key $PKI/sensor-hub.key \
    >"$OUT/s_server.out" 2>&1 &
pids="$pids $!"
extra=""
if port=$(wait_for "$OUT/s_server.out" "ACCEPT 127.0.0.1:" 20); then
    (echo "temperature=21.5"; sleep 3) |
        timeout 120 $VG --log-file="$OUT/client.vg" "$G" client --connect "127.0.0.1:$port" \
            --servername sensor-hub.local --timeout 20 >"$OUT/client.out" 2>&1
    rc=$?
    grep -q "5.12=erutarepmet" "$OUT/client.out" || extra="no reversed line from s_server"
else
    rc=1 extra="s_server did not start"
    touch "$OUT/client.vg"
fi
verdict client $rc "$extra"

# 3. glasstls server (one connection) against openssl s_client
timeout 120 $VG --log-file="$OUT/server.vg" "$G" server --port 0 --once --timeout 20 \
    >"$OUT/server.out" 2>&1 &
vg=$!
pids="$pids $vg"
extra=""
if port=$(wait_for "$OUT/server.out" "listening on 127.0.0.1:" 60); then
    (echo "humidity=40"; sleep 4) |
        timeout 60 openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
            -servername sensor-hub.local -CAfile $PKI/root.pem -verify_return_error \
            >"$OUT/s_client.out" 2>&1
    grep -q "^humidity=40" "$OUT/s_client.out" || extra="the echo did not come back to s_client"
fi
[ -n "$port" ] || extra="glasstls server did not start"
wait $vg
rc=$?
verdict server $rc "$extra"

[ -z "$failed" ] || { echo "valgrind: failed:$failed"; exit 1; }
