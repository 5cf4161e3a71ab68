#!/usr/bin/env bash
# Install the system packages ArchPath needs, with apt-get when run as root;
# otherwise name the exact packages to install and stop.
#   run:  tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-osd, redis-server
#   test: the same, plus chromium (the browser tests drive Debian's Chromium)
set -euo pipefail
purpose=${1:-run}

missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
    langs=$(tesseract --list-langs 2>/dev/null || true)
    grep -qx eng <<<"$langs" || missing+=(tesseract-ocr-eng)
    grep -qx osd <<<"$langs" || missing+=(tesseract-ocr-osd)
else
    missing+=(tesseract-ocr-eng tesseract-ocr-osd)
fi

# A Redis elsewhere (REDIS_URL naming another host) needs no local server.
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/0}
case "$redis_url" in
    redis://127.0.0.1*|redis://localhost*|redis://\[::1\]*|redis://:*@127.0.0.1*|redis://:*@localhost*)
        command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
esac

if [ "$purpose" = test ]; then
    [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi

echo "ArchPath needs these system packages: ${missing[*]}" >&2
echo "Install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
