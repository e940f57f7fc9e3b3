#!/usr/bin/env bash
# Test command: set everything up (venv, dev tools, PortAudio, Ardour, a test VST3 plugin),
# then lint and formatting (ruff), import contracts (import-linter), types (mypy), and the test suite.
#   scripts/test.sh            # everything except tests marked slow
#   scripts/test.sh --all      # slow tests too (model training, PyInstaller bundle)
#   scripts/test.sh -k NAME    # extra arguments go to pytest
# Then it builds the PyInstaller bundle (scripts/build_bundle.sh build/bundle) and runs its
# smoke test from a moved copy with a clean HOME (EARSPACE_SKIP_BUNDLE=1 skips both).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev || { echo "bootstrap failed"; exit 1; }
export QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 MPLBACKEND=Agg
marker=(-m "not slow")
if [ "${1:-}" = "--all" ]; then marker=(); shift; fi
status=0
echo "== ruff"; .venv/bin/ruff check . || status=1
echo "== ruff format"; .venv/bin/ruff format --check . || status=1
echo "== import contracts"; .venv/bin/lint-imports || status=1
echo "== mypy"; .venv/bin/mypy || status=1
echo "== pytest"; .venv/bin/pytest -q --ignore=tests/packaging "${marker[@]}" "$@" || status=1
if [ "${EARSPACE_SKIP_BUNDLE:-0}" != 1 ] && [ $# -eq 0 ]; then
  echo "== bundle"
  if bash scripts/build_bundle.sh build/bundle; then
    EARSPACE_BUNDLE=build/bundle/earspace .venv/bin/pytest -q -m slow tests/packaging || status=1
  else
    echo "bundle build failed"; status=1
  fi
fi
exit $status
