#!/usr/bin/env bash
# The Debian packages the test suite needs besides Python's, installed when they are missing.
#
#   bubblewrap   the grading sandbox (grading/sandbox.py; tests/test_grading_*.py)
#   postgresql   a gradebook server that tests/test_grading_pipeline.py starts on a loopback port
#   chromium     tests/test_site.py opens every page of both editions in it, offline (Playwright drives
#                Debian's Chromium; its own browser download is not used)
#
# `make test` and `.ci/run` both call this script. As root, or with sudo, it installs what is missing with
# apt-get; otherwise it stops at once, before any test runs, with the one command to run.
#   scripts/system-packages.sh           install what is missing
#   scripts/system-packages.sh --check   only say what is missing (exit status 1 if anything is)
set -euo pipefail

find_missing() {
    missing=()
    command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
    command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    install="apt-get install -y --no-install-recommends ${missing[*]}"
}

report_missing() {
    echo "missing Debian packages: ${missing[*]} (to install them: sudo $install)" >&2
    exit 1
}

find_missing
[ ${#missing[@]} -eq 0 ] && exit 0
[ "${1:-}" = "--check" ] && report_missing
if ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need ${missing[*]} (the Debian package names), and this system has no apt-get:" >&2
    echo "install them with its own package manager, then run make test again." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    as_root=(sudo)   # without a password, or asking for it at this terminal
else
    echo "The tests need the Debian packages ${missing[*]}, and installing them needs root. Run" >&2
    echo "    sudo apt-get update && sudo $install" >&2
    echo "then make test again." >&2
    exit 1
fi

echo "Installing the Debian packages the tests need: ${missing[*]} ..."
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
find_missing   # installed now, or say what is still missing
[ ${#missing[@]} -eq 0 ] || report_missing
