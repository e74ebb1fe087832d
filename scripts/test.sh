#!/usr/bin/env bash
# Install everything the test suite needs and run it.
#
#   bash scripts/test.sh [pytest args...]
#
# System packages (CJK fonts, Chromium, poppler) are installed with apt-get when missing;
# Python packages go into .venv with the project's dev extra.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(fonts-noto-cjk fonts-droid-fallback chromium poppler-utils libreoffice-calc)
need_system() {  # true when any of SYSTEM_PACKAGES is not installed
  local pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || return 0
  done
  return 1
}
if need_system; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "scripts/test.sh: needs root (or sudo) to install: ${SYSTEM_PACKAGES[*]}" >&2; exit 2
  fi
  echo "installing system packages: ${SYSTEM_PACKAGES[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${SYSTEM_PACKAGES[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
exec .venv/bin/python -m pytest "$@"
