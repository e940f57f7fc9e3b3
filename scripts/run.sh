#!/usr/bin/env bash
# Main job: set everything up, then open the app on the bundled demo session, or, with no
# display, render the demo session headless into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh runtime
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${EARSPACE_HEADLESS:-0}" != 1 ]; then
  exec .venv/bin/earspace app assets/demo/demo.earspace "$@"
fi
echo "[run] no display: rendering the demo session headless into out/"
exec .venv/bin/earspace demo -o out "$@"
