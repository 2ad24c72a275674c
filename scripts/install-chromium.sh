#!/usr/bin/env bash
# Usage: scripts/install-chromium.sh
#
# The browser of the web client's tests (tests/EventChat.IntegrationTests/WebClient): Debian's `chromium`
# package, driven by Playwright for .NET through its ExecutablePath (Playwright's own browser download is not
# used). Installs it with apt-get when no browser is found; does nothing otherwise (idempotent, quick).
# A browser is found at CHROMIUM_PATH when set, else /usr/bin/chromium, else /usr/bin/google-chrome (GitHub's
# Ubuntu runners ship Chrome, and Ubuntu's `chromium` is a snap stub); the tests look in the same order.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

die() { printf 'install-chromium: error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if (( EUID == 0 )); then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

found() {
    local candidate
    for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/google-chrome; do
        [[ -n $candidate && -x $candidate ]] && return 0
    done
    return 1
}

found && exit 0

mkdir -p "$LOCAL"
apt_log="$LOCAL/apt-chromium.log"
echo "install: apt-get install chromium (for the web client's browser tests; a minute or two) ..."
if ! as_root apt-get update </dev/null >"$apt_log" 2>&1 ||
   ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
        </dev/null >>"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    die "apt-get install chromium failed (full log: $apt_log)"
fi
found || die "no browser at /usr/bin/chromium after installing chromium (set CHROMIUM_PATH to one)"
echo "install: done"
