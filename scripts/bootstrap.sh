#!/usr/bin/env bash
# Set up everything Earspace needs on a fresh Debian machine (idempotent).
#   scripts/bootstrap.sh [runtime|dev]
# runtime: virtualenv in .venv with the engine, GUI and plugin extras.
# dev:     runtime + test tools + system packages the test suite exercises
#          (PortAudio, Ardour 7 for headless session checks, a trixie VST3 plugin).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-runtime}"
PY="${PYTHON:-python3}"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
      echo "[bootstrap] apt-get install ${missing[*]}"
      if [ ! -f /tmp/.earspace-apt-updated ]; then apt-get update -qq && touch /tmp/.earspace-apt-updated; fi
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
  fi
}

# System libraries: PortAudio for preview, MIT KEMAR SOFA file (libmysofa1).
apt_install libportaudio2 libmysofa1

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.earspace-$mode-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null
  # torch first, exactly pinned: on these machines it resolves to the local CPU wheel.
  .venv/bin/pip install -q torch==2.13.0
  if [ "$mode" = dev ]; then extras="gui,plugins,dev"; else extras="gui,plugins"; fi
  .venv/bin/pip install -q -e ".[$extras]"
  touch "$stamp"
fi

if [ "$mode" = dev ]; then
  apt_install ardour xvfb xauth
  bash scripts/install_test_plugins.sh || echo "[bootstrap] warning: could not install test VST3 plugins"
fi
