#!/usr/bin/env bash
# Main job: set everything up, then open the app on the bundled demo session, or, with no
# display (or a display Qt cannot open), render the demo session headless into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh runtime
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${EARSPACE_HEADLESS:-0}" != 1 ]; then
  # Probe Qt's platform plugin first: a missing system library (libxcb-cursor0 & co.)
  # would otherwise abort the app with Qt's own message.
  if probe=$(timeout 60 .venv/bin/python -c \
      "from PySide6.QtGui import QGuiApplication; QGuiApplication([])" 2>&1); then
    exec .venv/bin/earspace app assets/demo/demo.earspace "$@"
  fi
  echo "[run] Qt cannot open the display (${QT_QPA_PLATFORM:-xcb}):" >&2
  echo "$probe" | tail -n 5 >&2
  echo "[run] install the libraries scripts/bootstrap.sh lists (as root it installs them);" >&2
  echo "[run] rendering the demo headless instead." >&2
fi
echo "[run] no display: rendering the demo session headless into out/"
exec .venv/bin/earspace demo -o out "$@"
