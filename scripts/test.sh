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
need_system() {
  command -v chromium >/dev/null 2>&1 || return 0
  command -v pdftotext >/dev/null 2>&1 || return 0
  fc-list :lang=zh 2>/dev/null | grep -q . || return 0
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
