#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is at /usr/bin/chromium.
# We never run `playwright install` (it downloads a browser build from outside PyPI
# and Debian): the browser tests drive Debian's chromium package instead.
#
# If chromium is missing and we can install it (as root, or with passwordless sudo),
# we do. If we cannot: under CI=true that is an error (exit 1); otherwise we warn,
# exit 0, and the browser tests skip themselves.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    as_root=(none)
fi

if [ "${as_root[*]-}" != "none" ]; then
    echo "ensure-chromium: $CHROMIUM not found; installing Debian's chromium package..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if "${as_root[@]}" apt-get update -qq \
        && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null \
        && [ -x "$CHROMIUM" ]; then
        echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM installed")" >&2
        exit 0
    fi
    msg="ensure-chromium: installing chromium with apt-get failed."
else
    msg="ensure-chromium: $CHROMIUM not found, and cannot install it (not root, no passwordless sudo)."
fi

if [ "${CI:-}" = "true" ]; then
    echo "$msg Browser tests need it under CI=true: apt-get install chromium" >&2
    exit 1
fi
echo "$msg WARNING: browser tests will be skipped. To run them: sudo apt-get install chromium" >&2
exit 0
