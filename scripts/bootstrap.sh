#!/usr/bin/env bash
# Set up a fresh machine: Debian packages (scripts/system-packages.txt), a virtualenv in .venv
# and oitcrawl with its development extras. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -v -E '^\s*(#|$)' scripts/system-packages.txt)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
# Bytecode for oitcrawl's own modules, as pip writes it for an installed package (an editable
# install leaves it to the first run, which PYTHONDONTWRITEBYTECODE=1 never writes: each
# command would then compile ~100 modules again, ~0.05 s of its start). Python recompiles any
# module changed since, in memory.
.venv/bin/python -m compileall -q oitcrawl spiders rules reports >/dev/null
echo "bootstrap: ready (.venv)"
