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
  command -v dpkg >/dev/null || return 0   # not Debian/Ubuntu: see README for the list
  missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bootstrap] apt-get install ${missing[*]}"
    if [ ! -f /tmp/.earspace-apt-updated ]; then apt-get update -qq && touch /tmp/.earspace-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[bootstrap] missing system packages (not root, so not installed): ${missing[*]}" >&2
    echo "[bootstrap]   sudo apt-get install ${missing[*]}" >&2
  fi
}

# System libraries: PortAudio for preview; libmysofa1's MIT KEMAR copy is a fallback (the
# engine ships its own); the X11/xcb, OpenGL and font libraries Qt's xcb platform plugin
# loads (a desktop without libxcb-cursor0 & co. aborts with "Could not load the Qt
# platform plugin xcb").
apt_install libportaudio2 libmysofa1
apt_install libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 \
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 \
  libwayland-client0 libwayland-cursor0 libwayland-egl1

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
  # EBU ADM tools (ADM BWF export, ear-render in the tests); --no-deps: see pyproject's plugins extra.
  .venv/bin/pip install -q --no-deps ear==2.1.0
  touch "$stamp"
fi

if [ "$mode" = dev ]; then
  apt_install ardour xvfb xauth gcc libc6-dev  # gcc: the fake plugins of the plugin tests
  apt_install fluidsynth   # scripts/prepare_training_data.py renders instrument notes with it
  bash scripts/install_test_plugins.sh || echo "[bootstrap] warning: could not install test VST3 plugins"
fi
