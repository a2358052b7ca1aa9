#!/bin/sh
# Installs the Debian packages glasstls needs, when missing.
#   scripts/deps.sh            what building and `make demo` need
#   scripts/deps.sh test docs  also the groups named (scripts/packages/NAME.list)
# On a machine without apt-get it prints one line saying what to install.
set -e
here=$(dirname "$0")
PKGS=""
for group in build "$@"; do
    list="$here/packages/$group.list"
    [ -f "$list" ] || { echo "deps.sh: no package group '$group'" >&2; exit 2; }
    PKGS="$PKGS $(sed 's/#.*//' "$list" | tr '\n' ' ')"
done
[ -n "$GLASSTLS_EXTRA_PKGS" ] && PKGS="$PKGS $GLASSTLS_EXTRA_PKGS"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "glasstls needs these packages, please install them:$missing" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "glasstls needs:$missing (run as root, or install sudo)" >&2; exit 1
    fi
fi
echo "Installing:$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
