#!/usr/bin/env bash
# Create the virtualenv with a Python new enough for Django 6 (3.12 or later).
# Tries $PYTHON, then python3.14..3.12 and python3 on PATH, then pyenv's versions.
set -euo pipefail
venv=${1:-.venv}

ok() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

if [ -x "$venv/bin/python" ] && ok "$venv/bin/python"; then
    exit 0
fi

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.14 python3.13 python3.12 python3)
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for dir in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    candidates+=("$dir/bin/python3")
done

for candidate in "${candidates[@]}"; do
    if ok "$candidate"; then
        echo "Creating $venv with $("$candidate" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
        rm -rf "$venv"
        "$candidate" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        exit 0
    fi
done

echo "ArchPath needs Python 3.12 or later (Django 6) and found none." >&2
echo "Install one (Debian 13: apt-get install python3 python3-venv; or pyenv install 3.12) or set PYTHON=/path/to/python3.12." >&2
exit 1
