#!/bin/sh
# Installs the Debian packages glasstls needs to build and test, when missing.
# On a machine without apt-get it prints one line saying what to install.
set -e
PKGS="libtomcrypt-dev libtommath-dev libcmocka-dev pkg-config openssl"
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
